import { slackCursor } from './slack-cursor.ts';
import type { SlackWorkspace } from './slack-workspace.ts';
import type { StoredMessage } from './stored-message.ts';
import { withThreadSummary } from './thread-summary.ts';

/** A Web API response body (HTTP 200): `ok` plus the method's fields, or `ok: false` with `error`. */
export type SlackResponse = Record<string, unknown> & { ok: boolean };

/** A Web API method: its arguments and the server's clock (µs) in, the response body out. */
export type SlackMethod = (params: Record<string, string>, nowMicros: number) => SlackResponse;

const fail = (error: string): SlackResponse => ({ ok: false, error });
const flag = (value: string | undefined): boolean => value === 'true' || value === '1';

/** A Slack ts argument (`1700000000`, `1700000000.0001`, `1700000000.000100`) as µs, or null when malformed. */
function parseTs(value: string): number | null {
  const m = /^(\d{1,12})(?:\.(\d{1,6}))?$/.exec(value.trim());
  if (!m?.[1]) return null;
  return Number(m[1]) * 1e6 + Number((m[2] ?? '').padEnd(6, '0'));
}

/** Index of the first message whose micros exceed `micros` (ascending list). */
function firstAfter(list: readonly StoredMessage[], micros: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid] as StoredMessage).micros > micros) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The [lowest, highest] µs bounds (inclusive) that oldest / latest / inclusive / now allow, or an error. */
function bounds(params: Record<string, string>, nowMicros: number): { low: number; high: number } | { error: string } {
  const inclusive = flag(params.inclusive);
  let low = 0;
  let high = nowMicros;
  if (params.oldest) {
    const oldest = parseTs(params.oldest);
    if (oldest === null) return { error: 'invalid_ts_oldest' };
    low = inclusive ? oldest : oldest + 1;
  }
  if (params.latest) {
    const latest = parseTs(params.latest);
    if (latest === null) return { error: 'invalid_ts_latest' };
    high = Math.min(high, inclusive ? latest : latest - 1);
  }
  return { low, high };
}

function limitOf(value: string | undefined, fallback: number, max: number): number {
  const n = Number.parseInt(value ?? '', 10);
  return Number.isFinite(n) && n > 0 ? Math.min(n, max) : fallback;
}

/** One page of a list paginated by item id cursors (`<kind>:<id>`). */
function listPage<T extends { id: string }>(items: readonly T[], kind: string, params: Record<string, string>, fallback: number, max: number): { page: T[]; next: string } | null {
  let start = 0;
  if (params.cursor) {
    const id = slackCursor.decode(kind, params.cursor);
    start = id === null ? -1 : items.findIndex((i) => i.id === id);
    if (start < 0) return null;
  }
  const limit = limitOf(params.limit, fallback, max);
  const page = items.slice(start, start + limit);
  const following = items[start + limit];
  return { page, next: following ? slackCursor.encode(kind, following.id) : '' };
}

/**
 * One conversations.history page of a conversation's messages (ascending): newest first within
 * oldest / latest / inclusive and the server's clock, `limit` (default 100), an opaque `next_ts`
 * cursor and `has_more`.
 */
export function slackHistoryPage(list: readonly StoredMessage[], params: Record<string, string>, nowMicros: number): SlackResponse {
  const range = bounds(params, nowMicros);
  if ('error' in range) return fail(range.error);
  const low = firstAfter(list, range.low - 1);
  let high = firstAfter(list, range.high);
  if (params.cursor) {
    const at = slackCursor.decode('next_ts', params.cursor);
    if (at === null || !/^\d+$/.test(at)) return fail('invalid_cursor');
    high = Math.min(high, firstAfter(list, Number(at)));
  }
  const limit = limitOf(params.limit, 100, 999);
  const from = Math.max(low, high - limit);
  const page = list.slice(from, high).reverse().map((m) => withThreadSummary(m, nowMicros));
  const hasMore = from > low;
  const next = hasMore ? slackCursor.encode('next_ts', String((list[from - 1] as StoredMessage).micros)) : '';
  return { ok: true, messages: page, has_more: hasMore, pin_count: 0, channel_actions_ts: null, channel_actions_count: 0, response_metadata: { next_cursor: next } };
}

/**
 * The Web API methods the simulator serves over a workspace: auth.test, users.list,
 * usergroups.list, conversations.list, conversations.history and conversations.replies, with
 * Slack's arguments, pagination (opaque next_cursor, empty on the last page) and error codes.
 * Messages and replies after the server's clock are invisible.
 */
export function createSlackMethods(workspace: SlackWorkspace): Record<string, SlackMethod> {
  const threadIndex = new Map<string, Map<number, StoredMessage>>();
  for (const [channel, list] of workspace.messages) {
    const index = new Map<number, StoredMessage>();
    for (const m of list) {
      // A thread broadcast is also a top-level message: its ts stays its thread's.
      if (!index.has(m.micros)) index.set(m.micros, m);
      for (const r of m.replies) index.set(r.micros, m);
    }
    threadIndex.set(channel, index);
  }

  const readable = (params: Record<string, string>): { messages: readonly StoredMessage[]; channel: string } | { error: string } => {
    // Looked up on each call: a test may add a channel to the workspace while the server runs.
    const channel = params.channel ? workspace.channels.find((c) => c.id === params.channel) : undefined;
    if (!channel) return { error: 'channel_not_found' };
    if (!channel.is_member) return { error: 'not_in_channel' };
    return { messages: workspace.messages.get(channel.id) ?? [], channel: channel.id };
  };

  return {
    'auth.test': () => ({
      ok: true,
      url: `https://${workspace.team.domain}.slack.com/`,
      team: workspace.team.name,
      user: 'attune',
      team_id: workspace.team.id,
      user_id: workspace.bot.userId,
      bot_id: workspace.bot.botId,
      is_enterprise_install: false,
    }),

    'users.list': (params, nowMicros) => {
      const result = listPage(workspace.users, 'user', params, 1000, 1000);
      if (!result) return fail('invalid_cursor');
      return { ok: true, members: result.page, cache_ts: Math.floor(nowMicros / 1e6), response_metadata: { next_cursor: result.next } };
    },

    'usergroups.list': (params) => {
      const includeUsers = flag(params.include_users);
      const groups = workspace.usergroups
        .filter((g) => flag(params.include_disabled) || g.date_delete === 0)
        .map(({ users, ...rest }) => (includeUsers ? { ...rest, users } : rest));
      return { ok: true, usergroups: groups };
    },

    'conversations.list': (params) => {
      const types = new Set((params.types || 'public_channel').split(',').map((t) => t.trim()));
      const known = ['public_channel', 'private_channel', 'mpim', 'im'];
      if ([...types].some((t) => !known.includes(t))) return fail('invalid_types');
      const visible = workspace.channels.filter(
        (c) =>
          (c.is_private ? types.has('private_channel') && c.is_member : types.has('public_channel')) &&
          !(flag(params.exclude_archived) && c.is_archived),
      );
      const result = listPage(visible, 'channel', params, 100, 1000);
      if (!result) return fail('invalid_cursor');
      return { ok: true, channels: result.page, response_metadata: { next_cursor: result.next } };
    },

    'conversations.history': (params, nowMicros) => {
      const source = readable(params);
      if ('error' in source) return fail(source.error);
      return slackHistoryPage(source.messages, params, nowMicros);
    },

    'conversations.replies': (params, nowMicros) => {
      const source = readable(params);
      if ('error' in source) return fail(source.error);
      const ts = params.ts ? parseTs(params.ts) : null;
      const parent = ts === null ? undefined : threadIndex.get(source.channel)?.get(ts);
      if (!parent || parent.micros > nowMicros) return fail('thread_not_found');
      const range = bounds(params, nowMicros);
      if ('error' in range) return fail(range.error);
      let replies = parent.replies.filter((r) => r.micros >= range.low && r.micros <= range.high);
      let first = true;
      if (params.cursor) {
        const at = slackCursor.decode('next_ts', params.cursor);
        if (at === null || !/^\d+$/.test(at)) return fail('invalid_cursor');
        replies = replies.filter((r) => r.micros >= Number(at));
        first = false;
      }
      const limit = limitOf(params.limit, 1000, 1000);
      const sequence = first ? [parent, ...replies] : replies;
      const page = sequence.slice(0, limit);
      const following = sequence[limit];
      return {
        ok: true,
        messages: page.map((m) => (m === parent ? withThreadSummary(m, nowMicros) : m.wire)),
        has_more: following !== undefined,
        response_metadata: { next_cursor: following ? slackCursor.encode('next_ts', String(following.micros)) : '' },
      };
    },
  };
}
