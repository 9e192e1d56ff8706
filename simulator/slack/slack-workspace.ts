import { createInteractionPolicy } from '../organisation/interaction-policy.ts';
import type { Organisation } from '../organisation/organisation.ts';
import { canaryText } from '../canary.ts';
import { Random } from '../random.ts';
import type { SlackChannel } from './slack-channel.ts';
import { planSlackChannels } from './slack-channel-plan.ts';
import { buildSlackDirectory, type SlackDirectory } from './slack-directory.ts';
import { SlackIdAllocator } from './slack-id-allocator.ts';
import { generateSlackMessages } from './slack-message-generator.ts';
import { makeSlackVariants, type SlackVariantCounts, type SlackVariants } from './slack-message-variants.ts';
import type { SlackUsergroup } from './slack-usergroup.ts';
import type { StoredMessage } from './stored-message.ts';

/** How a message was broken on purpose. */
export type MalformedKind = 'missing_ts' | 'numeric_user' | 'non_numeric_ts';

/** A message made malformed on purpose: its channel, its true ts (the sort key) and how it was broken. */
export interface MalformedRef {
  channel: string;
  ts: string;
  kind: MalformedKind;
}

/** Options of buildSlackWorkspace: besides malformed messages, how many of each less common message kind. */
export interface SlackWorkspaceOptions extends SlackVariantCounts {
  /** How many messages to make malformed (default 0). */
  malformed?: number;
}

/** Everything the simulated Slack workspace holds, plus the facts tests need to check a pipeline against it. */
export interface SlackWorkspace extends SlackDirectory {
  usergroups: SlackUsergroup[];
  channels: SlackChannel[];
  /** Person ids of each channel's members (the bot not included). */
  channelMembers: Map<string, string[]>;
  /** Top-level messages (thread parents included) per channel id, ascending; replies nest in `replies`. */
  messages: Map<string, StoredMessage[]>;
  /** Messages made malformed on purpose. */
  malformed: MalformedRef[];
  /** `/me` messages, thread broadcasts and late reactions made on request (none by default). */
  variants: SlackVariants;
}

const MALFORMED_KINDS: readonly MalformedKind[] = ['missing_ts', 'numeric_user', 'non_numeric_ts'];

function breakMessage(message: StoredMessage, kind: MalformedKind): void {
  const wire = message.wire;
  if (kind === 'missing_ts') delete wire.ts;
  else if (kind === 'numeric_user') wire.user = Number.parseInt(message.user?.slice(1) ?? '0', 36);
  else wire.ts = `${message.ts.replace('.', ':')}Z`;
  message.wire = wire;
}

/** Picks `count` plain top-level messages in channels the bot can read and breaks each in one of the malformed ways. */
function makeMalformed(random: Random, channels: readonly SlackChannel[], messages: Map<string, StoredMessage[]>, count: number): MalformedRef[] {
  const candidates = channels
    .filter((c) => c.is_member)
    .flatMap((c) => (messages.get(c.id) ?? []).filter((m) => m.replies.length === 0 && m.wire.subtype === undefined && m.user).map((m) => ({ channel: c.id, m })));
  const chosen = random.sample(candidates, count);
  return chosen.map(({ channel, m }, i) => {
    const kind = MALFORMED_KINDS[i % MALFORMED_KINDS.length] as MalformedKind;
    breakMessage(m, kind);
    return { channel, ts: m.ts, kind };
  });
}

/**
 * Builds the Slack side of a simulated organisation: users (people, two bots, two deleted
 * accounts, one hidden email), a user group per leaf team (plus one disabled), channels, and
 * messages with threads and reactions, and on request malformed messages and the variants of
 * makeSlackVariants. Deterministic for the organisation's seed.
 */
export function buildSlackWorkspace(org: Organisation, options: SlackWorkspaceOptions = {}): SlackWorkspace {
  const random = new Random(org.seed).fork('slack');
  const ids = new SlackIdAllocator();
  const directory = buildSlackDirectory(org, random, ids);
  const plans = planSlackChannels(org, random, ids, directory);
  const messages = generateSlackMessages(org, random, directory, plans, createInteractionPolicy(org));
  const channels = plans.map((p) => p.channel);

  const r = random.fork('usergroups');
  const created = Math.floor(org.period.start.getTime() / 1000) - 200 * 86_400;
  const teamIds = new Set(org.teams.map((t) => t.parentId));
  const leafTeams = org.teams.filter((t) => !teamIds.has(t.id) && t.parentId !== null);
  const usergroup = (name: string, members: string[], dateDelete: number): SlackUsergroup => {
    const by = members[0] ?? directory.bot.userId;
    return {
      id: ids.next('S', r),
      team_id: directory.team.id,
      is_usergroup: true,
      is_subteam: true,
      name,
      description: canaryText(r),
      handle: name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
      is_external: false,
      date_create: created,
      date_update: dateDelete || created,
      date_delete: dateDelete,
      auto_type: null,
      created_by: by,
      updated_by: by,
      deleted_by: dateDelete ? by : null,
      prefs: { channels: [], groups: [] },
      users: members,
      user_count: members.length,
    };
  };
  const usergroups = [
    ...leafTeams.map((t) =>
      usergroup(
        t.name,
        org.people.filter((p) => p.teamId === t.id).map((p) => directory.userIdByPerson.get(p.id) ?? ''),
        0,
      ),
    ),
    usergroup('Legacy Migration', r.sample([...directory.userIdByPerson.values()], 4), created + 90 * 86_400),
  ];

  const malformed = makeMalformed(random.fork('malformed'), channels, messages, options.malformed ?? 0);
  const people = new Set(directory.userIdByPerson.values());
  const variants = makeSlackVariants(random.fork('variants'), channels, messages, options, new Set(malformed.map((m) => `${m.channel}:${m.ts}`)), people);
  return {
    ...directory,
    usergroups,
    channels,
    channelMembers: new Map(plans.map((p) => [p.channel.id, p.members])),
    messages,
    malformed,
    variants,
  };
}
