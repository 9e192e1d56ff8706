import type { Random } from '../random.ts';
import type { SlackChannel } from './slack-channel.ts';
import type { SlackReaction } from './slack-message.ts';
import type { StoredMessage } from './stored-message.ts';

/** How many messages of each less common kind to make out of ordinary ones (each default 0). */
export interface SlackVariantCounts {
  /** `/me` messages (`subtype: me_message`), from plain top-level messages. */
  meMessages?: number;
  /** Thread replies also sent to the channel (`thread_broadcast`), those a day after their parent first. */
  broadcasts?: number;
  /** Reactions added long after the message, by a channel member who wrote nothing within a day of it. */
  lateReactions?: number;
}

/** A message changed into a variant: its channel and ts, and for a broadcast its parent's ts. */
export interface VariantRef {
  channel: string;
  ts: string;
  parentTs?: string;
}

/** A late reaction: on which message, and by whom (Slack user id). */
export interface LateReactionRef {
  channel: string;
  ts: string;
  userId: string;
}

/** The variant messages of a workspace, for tests to check a pipeline against. */
export interface SlackVariants {
  meMessages: VariantRef[];
  broadcasts: VariantRef[];
  lateReactions: LateReactionRef[];
}

const dayMicros = 86_400_000_000;
const utcDay = (micros: number) => Math.floor(micros / dayMicros);

/** The readable channels' messages, and which of them are still ordinary (plain, well-formed, by someone). */
interface Pool {
  readable: readonly SlackChannel[];
  messages: Map<string, StoredMessage[]>;
  plain(channel: string, m: StoredMessage): boolean;
}

const ofReadable = <T>(pool: Pool, pick: (channel: string, list: StoredMessage[]) => T[]): T[] =>
  pool.readable.flatMap((c) => pick(c.id, pool.messages.get(c.id) ?? []));

const plainTopLevel = (pool: Pool) => ofReadable(pool, (channel, list) => list.filter((m) => pool.plain(channel, m)).map((m) => ({ channel, m })));

function makeMeMessages(random: Random, pool: Pool, count: number): VariantRef[] {
  return random.sample(plainTopLevel(pool), count).map(({ channel, m }) => {
    m.wire = { ...m.wire, subtype: 'me_message' };
    return { channel, ts: m.ts };
  });
}

function makeBroadcasts(random: Random, pool: Pool, count: number): VariantRef[] {
  const replies = ofReadable(pool, (channel, list) =>
    list.flatMap((parent) => parent.replies.filter((r) => pool.plain(channel, r)).map((reply) => ({ channel, parent, reply }))),
  );
  const crossDay = replies.filter(({ parent, reply }) => utcDay(reply.micros) !== utcDay(parent.micros));
  const sameDay = replies.filter((x) => !crossDay.includes(x));
  const chosen = [...random.sample(crossDay, count), ...random.sample(sameDay, count - crossDay.length)];
  return chosen.map(({ channel, parent, reply }) => {
    const wire = { ...reply.wire };
    delete wire.parent_user_id;
    reply.wire = { ...wire, subtype: 'thread_broadcast', root: { type: 'message', user: parent.user, ts: parent.ts, thread_ts: parent.ts, text: parent.wire.text } };
    const list = pool.messages.get(channel) ?? [];
    const at = list.findIndex((m) => m.micros > reply.micros);
    list.splice(at < 0 ? list.length : at, 0, { micros: reply.micros, ts: reply.ts, user: reply.user, wire: reply.wire, replies: [] });
    return { channel, ts: reply.ts, parentTs: parent.ts };
  });
}

function addLateReactions(random: Random, pool: Pool, count: number, people: ReadonlySet<string>): LateReactionRef[] {
  if (count <= 0) return [];
  const written = new Map<string, number[]>();
  for (const list of pool.messages.values()) {
    for (const m of list.flatMap((p) => [p, ...p.replies])) if (m.user) written.set(m.user, [...(written.get(m.user) ?? []), m.micros]);
  }
  const silentAround = (user: string, micros: number) => !(written.get(user) ?? []).some((at) => Math.abs(at - micros) < dayMicros);
  const added: LateReactionRef[] = [];
  for (const { channel, m } of random.shuffle(plainTopLevel(pool))) {
    if (added.length >= count) break;
    const reactions = (m.wire.reactions as SlackReaction[] | undefined) ?? [];
    const reacted = new Set(reactions.flatMap((x) => x.users));
    const members = new Set((pool.messages.get(channel) ?? []).flatMap((x) => (x.user && people.has(x.user) ? [x.user] : [])));
    const reactor = [...members].find((u) => u !== m.user && !reacted.has(u) && silentAround(u, m.micros));
    if (reactor === undefined) continue;
    m.wire = { ...m.wire, reactions: [...reactions, { name: 'hourglass', users: [reactor], count: 1 }] };
    added.push({ channel, ts: m.ts, userId: reactor });
  }
  return added;
}

/**
 * Turns ordinary messages of the readable channels into the variants of `counts`, in place, and
 * says which. Malformed messages (`excluded`, `channel:ts`) are left alone; late reactions are by
 * `people` (Slack user ids of the current members). A broadcast stays in its thread and also joins
 * the channel's top-level list, sharing its wire object: `subtype: thread_broadcast`, `root` (the
 * parent, as Slack embeds it) and no `parent_user_id`, as Slack serves it. A late reaction carries
 * no time, as in Slack: only its reactor's silence around the message shows it was added later.
 */
export function makeSlackVariants(
  random: Random,
  channels: readonly SlackChannel[],
  messages: Map<string, StoredMessage[]>,
  counts: SlackVariantCounts,
  excluded: ReadonlySet<string>,
  people: ReadonlySet<string>,
): SlackVariants {
  const pool: Pool = {
    readable: channels.filter((c) => c.is_member && !c.is_archived),
    messages,
    plain: (channel, m) => m.replies.length === 0 && m.wire.subtype === undefined && m.user !== null && !excluded.has(`${channel}:${m.ts}`),
  };
  return {
    meMessages: makeMeMessages(random.fork('me'), pool, counts.meMessages ?? 0),
    broadcasts: makeBroadcasts(random.fork('broadcasts'), pool, counts.broadcasts ?? 0),
    lateReactions: addLateReactions(random.fork('late-reactions'), pool, counts.lateReactions ?? 0, people),
  };
}
