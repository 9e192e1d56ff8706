import type { StoreDeps } from '../../activities/activity-deps.ts';
import { createNudgeActivities } from '../../activities/nudge-activities.ts';
import { nudgeRetry, type NudgeChannel } from '../../connectors/nudge/nudge-channel.ts';
import { createSlackDmChannel } from '../../connectors/nudge/slack-dm-channel.ts';
import { createSlackApi } from '../../connectors/slack/slack-api.ts';
import { NudgeRuleSettings, type NudgeRuleId } from '../../models/nudge.ts';
import { openPrivateStore } from '../../store/open-private-store.ts';
import type { PrivateStore } from '../../store/private-store.ts';
import { sealIdentity } from '../../transforms/identity-sealing.ts';
import { deriveInstallationKeys } from '../../transforms/installation-keys.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/** One person as the nudge tests set them up: pseudonym, identity in the vault, working week. */
export interface NudgePerson {
  pseudonym: string;
  email: string | null;
  slackUserId: string | null;
  timeZone: string;
  workDays?: number[];
  workStartMinute?: number;
  workEndMinute?: number;
}

/** The installation keys every nudge test uses. */
export const nudgeKeys = deriveInstallationKeys(Buffer.alloc(32, 3));

/** A Slack DM channel on a simulator, budgets wide open. */
export const slackChannelOn = (apiUrl: string, token: string) =>
  createSlackDmChannel({ api: createSlackApi({ token, apiUrl, tierBudgets: { 2: 60_000, 3: 60_000, 4: 60_000, special: 60_000 }, retry: nudgeRetry }) });

/**
 * A private store holding people with their identities sealed in the vault, and a way to put
 * nudges straight into the outbox and to make the nudge activities over any channels: a fresh
 * `activities()` call is a fresh process (nothing in flight).
 */
export async function openNudgeStore(people: readonly NudgePerson[]) {
  const store: PrivateStore = await openPrivateStore(tempDir('nudges'));
  await store.upsertPeople(
    people.map((p) => ({
      pseudonym: p.pseudonym,
      timeZone: p.timeZone,
      workDays: p.workDays ?? [1, 2, 3, 4, 5],
      workStartMinute: p.workStartMinute ?? 540,
      workEndMinute: p.workEndMinute ?? 1020,
      identityResolved: true,
      timeZoneKnown: true,
      workingHoursKnown: true,
    })),
    'microsoft',
  );
  await store.upsertVaultEntries(
    people.map((p) =>
      sealIdentity(nudgeKeys.vaultKey, {
        pseudonym: p.pseudonym,
        email: p.email,
        sourceIds: p.slackUserId ? [{ source: 'slack', id: p.slackUserId }] : [],
      }),
    ),
  );
  const progress: string[] = [];
  return {
    store,
    progress,
    /** Puts a pending nudge in the outbox as planning would, and returns its key. */
    async plan(person: string, rule: NudgeRuleId, week: string, plannedAt: string): Promise<string> {
      const key = `${person.slice(-8)}-${rule}-${week}`;
      await store.run([
        {
          sql: `INSERT INTO nudge_outbox (nudge_key, person, rule, week_start, facts, planned_at, status, attempts)
            VALUES ($key, $person, $rule, $week::DATE, $facts, $at::TIMESTAMPTZ, 'pending', 0)`,
          params: { key, person, rule, week, at: plannedAt, facts: JSON.stringify({ minutes: 300, usual_minutes: 100, evenings: 4, working_days: 5, weekend_days: 1 }) },
        },
      ]);
      return key;
    },
    /** The nudge activities over `channels`, as one process would have them. */
    activities(channels: readonly NudgeChannel[]) {
      const deps = {
        store,
        vaultKey: nudgeKeys.vaultKey,
        progress: (line: string) => progress.push(line),
        nudges: { rules: NudgeRuleSettings.parse({}), channels, linkKey: nudgeKeys.linkKey, publicUrl: 'https://attune.test', linkDays: 7 },
      } as unknown as StoreDeps;
      return createNudgeActivities(deps);
    },
    /** The outbox's rows by key: status, attempts and channel. */
    async outbox() {
      const rows = await store.select({ sql: 'SELECT nudge_key AS key, status, attempts, channel FROM nudge_outbox ORDER BY nudge_key' });
      return new Map(rows.map((r) => [String(r.key), r as { status: string; attempts: number; channel: string | null }]));
    },
  };
}
