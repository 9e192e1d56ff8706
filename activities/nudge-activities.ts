import type { NudgeChannel } from '../connectors/nudge/nudge-channel.ts';
import { AttuneError } from '../models/errors.ts';
import type { NudgeChannelKind, NudgeDeliveryResult, NudgePlanResult, NudgeRecipient, NudgeRuleId, NudgeRuleSettings } from '../models/nudge.ts';
import { completeWeeksOf, type RunWindow } from '../models/run-window.ts';
import { openIdentity } from '../transforms/identity-sealing.ts';
import { renderNudge } from '../transforms/nudges/nudge-messages.ts';
import {
  dueNudgesQuery,
  DueNudge,
  expireStaleNudgesStatement,
  nextRetryQuery,
  nudgeTransitionStatement,
  planNudgesStatement,
  type NudgeTransition,
} from '../transforms/nudges/nudge-outbox.ts';
import { isWithinWorkingHours, nextWorkingMoment } from '../transforms/nudges/working-hours.ts';
import { newPersonalLink, signPersonalLink, type LinkAction } from '../transforms/personal-links.ts';
import type { StoreDeps } from './activity-deps.ts';
import { plusDays } from '../models/time.ts';

/** What the nudge activities work with: the rules, the delivery channels in order of preference, and how to sign personal links. */
export interface NudgeDeps {
  rules: NudgeRuleSettings;
  /** Tried in this order; a person gets the first that can reach them (a Slack DM before e-mail). */
  channels: readonly NudgeChannel[];
  linkKey: Uint8Array;
  /** Where `attune serve` is reached from people's browsers and from Slack, e.g. https://attune.example.com. */
  publicUrl: string;
  /** How long a personal link in a nudge stays valid. */
  linkDays: number;
}

const minuteMs = 60_000;
/** Wait before retry n (1-based): 1, 2, 4 … minutes, at most 6 hours. */
const retryDelayMs = (attempt: number) => Math.min(2 ** Math.max(0, attempt - 1), 360) * minuteMs;

/**
 * The nudge activities, on the store queue (they read features and the vault): `planNudges`
 * evaluates the rules on the window's last complete week into the outbox; `deliverNudges` sends
 * what is due to the person alone, inside their working hours, at most once per key: a nudge is
 * marked `sending` before the vendor is called, and one found `sending` that this process is not
 * sending now (only one process can hold the store) is looked up at the vendor first.
 */
export function createNudgeActivities(deps: StoreDeps) {
  const inFlight = new Set<string>();
  const transition = (key: string, t: NudgeTransition) => deps.store.run([nudgeTransitionStatement(key, t)]);

  const recipientOf = async (person: string): Promise<NudgeRecipient | null> => {
    const [entry] = await deps.store.readVaultEntries([person]);
    if (!entry) return null;
    const identity = openIdentity(deps.vaultKey, entry);
    return { email: identity.email, slackUserId: identity.sourceIds.find((s) => s.source === 'slack')?.id ?? null };
  };

  const link = (nudges: NudgeDeps, person: string, action: LinkAction, path: string) =>
    `${nudges.publicUrl}/${path}/${signPersonalLink(nudges.linkKey, newPersonalLink(person, action, new Date(), nudges.linkDays))}`;

  return {
    async planNudges({ window }: { window: RunWindow }): Promise<NudgePlanResult> {
      const weeks = completeWeeksOf(window);
      if (!deps.nudges || weeks.from === weeks.to) return { week: null, planned: {} };
      const week = plusDays(weeks.to, -7);
      const rows = await deps.store.select(planNudgesStatement(deps.nudges.rules, week, window.end));
      const planned: Partial<Record<NudgeRuleId, number>> = {};
      for (const { rule } of rows as { rule: NudgeRuleId }[]) planned[rule] = (planned[rule] ?? 0) + 1;
      deps.progress(`nudges: week of ${week}: ${rows.length} planned`);
      return { week, planned };
    },

    async deliverNudges({ at = new Date().toISOString() }: { at?: string }): Promise<NudgeDeliveryResult> {
      const result: NudgeDeliveryResult = { delivered: 0, held: 0, withheld: 0, noChannel: 0, retrying: 0, channelFailures: [], nextInMs: null };
      const nudges = deps.nudges;
      if (!nudges) return result;
      const now = new Date(at);
      const waitUntil = (next: number) => {
        result.nextInMs = Math.min(result.nextInMs ?? Infinity, Math.max(0, next - now.getTime()));
      };
      const stopped = new Set<NudgeChannelKind>();
      await deps.store.run([expireStaleNudgesStatement(at)]);
      const due = (await deps.store.select(dueNudgesQuery(at))).map((row) => DueNudge.parse(row));
      for (const nudge of due) {
        if (inFlight.has(nudge.nudgeKey)) continue;
        if (nudge.withheld) {
          await transition(nudge.nudgeKey, { to: 'withheld' });
          result.withheld++;
          continue;
        }
        if (!isWithinWorkingHours(nudge, now)) {
          result.held++;
          const next = nextWorkingMoment(nudge, now);
          if (next) waitUntil(next.getTime());
          continue;
        }
        const recipient = await recipientOf(nudge.person);
        const reachable = recipient ? nudges.channels.filter((c) => c.canReach(recipient)) : [];
        const channel = reachable.find((c) => !stopped.has(c.kind));
        if (!recipient || !channel) {
          if (reachable.length > 0) continue; // its channels stopped this pass: kept for the next
          await transition(nudge.nudgeKey, { to: 'undeliverable' });
          result.noChannel++;
          continue;
        }
        inFlight.add(nudge.nudgeKey);
        let attempted = false;
        try {
          if (nudge.status === 'sending' && (await channel.wasDelivered(nudge.nudgeKey, recipient))) {
            await transition(nudge.nudgeKey, { to: 'sent', channel: channel.kind, at });
            result.delivered++;
            continue;
          }
          const message = renderNudge(nudge.rule, nudge.facts, {
            nudgeKey: nudge.nudgeKey,
            pageUrl: link(nudges, nudge.person, 'page', 'me'),
            snoozeUrl: link(nudges, nudge.person, 'snooze', 'n'),
            stopUrl: link(nudges, nudge.person, 'stop', 'n'),
          });
          await transition(nudge.nudgeKey, { to: 'sending' });
          attempted = true;
          if ((await channel.deliver(nudge.nudgeKey, recipient, message)) === 'unreachable') {
            await transition(nudge.nudgeKey, { to: 'undeliverable' });
            result.noChannel++;
            continue;
          }
          await transition(nudge.nudgeKey, { to: 'sent', channel: channel.kind, at });
          result.delivered++;
        } catch (error) {
          if (!(error instanceof AttuneError)) throw error;
          if (error.category === 'auth' || error.category === 'config') {
            // Refused: a send refused sent nothing; a refused look-up leaves the nudge as it was (maybe sent). It waits for working credentials.
            stopped.add(channel.kind);
            result.channelFailures.push(`${channel.kind}: ${error.message}`);
            await transition(nudge.nudgeKey, { to: 'retry', at, keepSending: !attempted });
          } else {
            const next = now.getTime() + retryDelayMs(nudge.attempts + 1);
            await transition(nudge.nudgeKey, { to: 'retry', at: new Date(next).toISOString(), keepSending: true });
            result.retrying++;
            waitUntil(next);
          }
        } finally {
          inFlight.delete(nudge.nudgeKey);
        }
      }
      const [retry] = (await deps.store.select(nextRetryQuery())) as { nextAt: string | null }[];
      if (retry?.nextAt) waitUntil(Date.parse(retry.nextAt));
      deps.progress(
        `nudges: ${result.delivered} delivered, ${result.held} held for working hours, ${result.withheld} withheld (stopped or snoozed), ` +
          `no channel: ${result.noChannel}, ${result.retrying} retrying` +
          result.channelFailures.map((f) => `; ${f}`).join(''),
      );
      return result;
    },
  };
}
