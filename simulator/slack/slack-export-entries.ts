import type { SlackChannel } from './slack-channel.ts';
import type { SlackUser } from './slack-user.ts';
import type { SlackWorkspace } from './slack-workspace.ts';
import type { StoredMessage } from './stored-message.ts';
import { withThreadSummary } from './thread-summary.ts';

/** One file of a Slack export: its path inside the export and its JSON value. */
export interface SlackExportEntry {
  path: string;
  value: unknown;
}

/** A channel as an export's channels.json / groups.json lists it: with its member ids, without counts or the caller's membership. */
function exportChannel(channel: SlackChannel, members: string[]): Record<string, unknown> {
  const { id, name, created, creator, is_archived, is_general, topic, purpose } = channel;
  return { id, name, created, creator, is_archived, is_general, members, topic, purpose, ...(channel.is_private ? { is_private: true } : {}) };
}

/** The author's profile as exports embed it in every message: names, as Slack writes them. */
function userProfile(user: SlackUser | undefined): Record<string, unknown> {
  if (!user || user.is_bot) return {};
  const { real_name, display_name } = user.profile;
  return { user_profile: { first_name: real_name.split(' ')[0] ?? '', real_name, display_name, name: user.name, team: user.team_id, is_restricted: false, is_ultra_restricted: false } };
}

/** Groups a channel's messages visible at `nowMicros` by UTC day, replies included, each day in ts order. */
function dayFiles(messages: readonly StoredMessage[], nowMicros: number, users: ReadonlyMap<string, SlackUser>): Map<string, unknown[]> {
  const days = new Map<string, { micros: number; value: unknown }[]>();
  const add = (message: StoredMessage, value: Record<string, unknown>) => {
    const day = new Date(message.micros / 1000).toISOString().slice(0, 10);
    const list = days.get(day) ?? [];
    list.push({ micros: message.micros, value: { ...value, ...userProfile(users.get(message.user ?? '')) } });
    days.set(day, list);
  };
  for (const message of messages) {
    if (message.micros > nowMicros) continue;
    const replies = message.replies.filter((r) => r.micros <= nowMicros);
    const summary = withThreadSummary(message, nowMicros);
    add(message, replies.length === 0 ? summary : { ...summary, replies: replies.map((r) => ({ user: r.user, ts: r.ts })) });
    // A thread broadcast is written once, where the channel shows it.
    for (const reply of replies) if (reply.wire.subtype !== 'thread_broadcast') add(reply, reply.wire);
  }
  return new Map([...days].sort(([a], [b]) => a.localeCompare(b)).map(([day, list]) => [day, list.sort((a, b) => a.micros - b.micros).map((m) => m.value)]));
}

/**
 * The files of a full ("all channels and conversations") Slack export of a simulated workspace,
 * as of `now`: users.json, channels.json (public channels), groups.json (private channels), and
 * `<channel name>/<YYYY-MM-DD>.json` per UTC day holding the day's messages and thread replies,
 * parents with their thread summary and `replies`. Content fields keep the canary. Without
 * `emails`, users.json shows none, as many exports don't. Without `bot`, the export is one made
 * before the attune app was installed: no attune bot user, in users.json or any channel's members.
 * Yields one file at a time, so a writer never holds the whole export.
 */
export function* slackExportEntries(
  workspace: SlackWorkspace,
  now: Date,
  { emails, bot }: { emails: boolean; bot: boolean } = { emails: true, bot: true },
): Generator<SlackExportEntry> {
  const nowMicros = now.getTime() * 1000;
  const users = new Map(workspace.users.map((u) => [u.id, u]));
  const slackId = (personId: string) => workspace.userIdByPerson.get(personId) ?? '';
  const membersOf = (channel: SlackChannel) => [
    ...(workspace.channelMembers.get(channel.id) ?? []).map(slackId),
    ...(channel.is_member && bot ? [workspace.bot.userId] : []),
  ];
  const withoutEmail = ({ profile: { email: _, ...profile }, ...user }: SlackUser) => ({ ...user, profile });
  const exported = bot ? workspace.users : workspace.users.filter((u) => u.id !== workspace.bot.userId);
  yield { path: 'users.json', value: emails ? exported : exported.map(withoutEmail) };
  yield { path: 'channels.json', value: workspace.channels.filter((c) => !c.is_private).map((c) => exportChannel(c, membersOf(c))) };
  yield { path: 'groups.json', value: workspace.channels.filter((c) => c.is_private).map((c) => exportChannel(c, membersOf(c))) };
  for (const channel of workspace.channels) {
    for (const [day, messages] of dayFiles(workspace.messages.get(channel.id) ?? [], nowMicros, users)) {
      yield { path: `${channel.name}/${day}.json`, value: messages };
    }
  }
}
