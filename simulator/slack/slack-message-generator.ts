import { canaryText } from '../canary.ts';
import { localTime, type LocalDate } from '../local-time.ts';
import type { InteractionPolicy } from '../organisation/interaction-policy.ts';
import type { Organisation } from '../organisation/organisation.ts';
import { planPersonDay } from '../organisation/plan-person-day.ts';
import type { SimPerson } from '../organisation/sim-person.ts';
import type { Random } from '../random.ts';
import type { ChannelPlan } from './slack-channel-plan.ts';
import type { SlackDirectory } from './slack-directory.ts';
import type { SlackReaction } from './slack-message.ts';
import { BLOCK_ID_LENGTH, RenderedSlackMessage, type SlackMessageContent } from './rendered-slack-message.ts';
import type { StoredMessage } from './stored-message.ts';

const DAY_MS = 86_400_000;
const THREAD_CHANCE = 0.03;
const REACTION_CHANCE = 0.18;
const REPLY_REACTION_CHANCE = 0.05;
const FILE_CHANCE = 0.01;
const EMOJI = ['thumbsup', 'eyes', 'white_check_mark', 'tada', 'pray', 'raised_hands', 'heart', 'joy', 'rocket', 'thinking_face'];

/** A message before its final ts is known (ts must be unique per channel, threads refer to their parent's ts). */
interface Draft {
  micros: number;
  message: SlackMessageContent;
  replies: Draft[];
}

/** The messages of every channel, keyed by channel id, with replies nested under their parents. */
export type ChannelMessages = Map<string, StoredMessage[]>;

/** The id of a message's rich text block, as its number (see SlackMessageContent). */
const blockId = (random: Random): number => Number.parseInt(random.base36(BLOCK_ID_LENGTH), 36);

/** Local dates (in the person's zone) that overlap the period. */
function* localDays(org: Organisation, person: SimPerson): Generator<LocalDate> {
  const last = localTime.iso(localTime.fromUtc(person.timeZone, org.period.end.getTime() - 1).date);
  for (let d = localTime.fromUtc(person.timeZone, org.period.start.getTime()).date; localTime.iso(d) <= last; d = localTime.addDays(d, 1)) yield d;
}

/**
 * Generates every channel's messages: each person's top-level posts per local day (from
 * planPersonDay, in channels weighted by kind), threads with replies minutes to hours later
 * from channel members, reactions, a few files, channel joins, an integration's bot messages
 * and early posts by two former (deleted) members. Who replies to or reacts to whom obeys the
 * interaction policy, so shrinking networks shrink. Each person-day draws from its own stream.
 */
export function generateSlackMessages(
  org: Organisation,
  random: Random,
  directory: SlackDirectory,
  plans: readonly ChannelPlan[],
  policy: InteractionPolicy,
): ChannelMessages {
  const slackId = (personId: string): string => directory.userIdByPerson.get(personId) ?? '';
  const people = new Map(org.people.map((p) => [p.id, p]));
  const drafts = new Map<string, Draft[]>(plans.map((p) => [p.channel.id, []]));
  const channelsOf = new Map<string, [ChannelPlan, number][]>();
  for (const plan of plans) {
    if (plan.postingWeight <= 0) continue;
    for (const member of plan.members) {
      const list = channelsOf.get(member) ?? [];
      list.push([plan, plan.postingWeight]);
      channelsOf.set(member, list);
    }
  }

  // An unsigned text is one of a few hundred; each message keeping its own copy cost more than all else it holds.
  const unsignedTexts = new Map<string, string>();
  const sharedText = (text: string): string => {
    const known = unsignedTexts.get(text);
    if (known !== undefined) return known;
    unsignedTexts.set(text, text);
    return text;
  };

  const partners = (r: Random, pool: readonly string[], author: string, at: number, count: number, already: readonly string[]): string[] => {
    const circle = policy.circle(author, at);
    const candidates = circle ? pool.filter((m) => circle.includes(m)) : pool;
    const out: string[] = [];
    for (let tries = 0; tries < count * 4 && out.length < count && candidates.length > 0; tries++) {
      const c = r.pick(candidates);
      if (c === author || out.includes(c) || already.includes(c) || !policy.allowed(c, author, at)) continue;
      if (already.some((x) => !policy.allowed(c, x, at))) continue;
      out.push(c);
    }
    return out;
  };

  const reactions = (r: Random, plan: ChannelPlan, author: string, at: number, chance: number): { reactions?: SlackReaction[] } => {
    if (!r.chance(chance)) return {};
    const list = r.sample(EMOJI, r.int(1, 2)).flatMap((name): SlackReaction[] => {
      const users = partners(r, plan.members, author, at, r.int(1, 4), []).map(slackId);
      return users.length > 0 ? [{ name, users, count: users.length }] : [];
    });
    return list.length > 0 ? { reactions: list } : {};
  };

  const personMessage = (r: Random, plan: ChannelPlan, personId: string, at: number, replyChance: number): Draft => {
    const person = people.get(personId);
    const signature = person && r.chance(0.2) ? `${person.givenName} ${person.familyName}` : undefined;
    const text = signature ? canaryText(r, signature) : sharedText(canaryText(r));
    const files = r.chance(FILE_CHANCE)
      ? { files: [{ id: `F${r.base36(8)}`, name: 'notes.pdf', title: canaryText(r), mimetype: 'application/pdf', filetype: 'pdf', size: r.int(10_000, 900_000) }] }
      : {};
    return {
      micros: at * 1000 + r.int(0, 999),
      message: { type: 'message', user: slackId(personId), team: directory.team.id, text, blockId: blockId(r), ...files, ...reactions(r, plan, personId, at, replyChance) },
      replies: [],
    };
  };

  const thread = (r: Random, plan: ChannelPlan, parentAuthor: string, parentAt: number): Draft[] => {
    const count = Math.min(12, 1 + Math.floor(r.exponential(2.5)));
    const repliers: string[] = [];
    const replies: Draft[] = [];
    let at = parentAt;
    for (let i = 0; i < count; i++) {
      at += Math.round((1 + r.exponential(40)) * 60_000);
      let author: string | undefined;
      if (repliers.length > 0 && r.chance(0.25)) author = parentAuthor;
      else if (repliers.length > 0 && r.chance(0.45)) author = r.pick(repliers);
      else author = partners(r, plan.members, parentAuthor, at, 1, repliers)[0] ?? (repliers.length > 0 ? r.pick(repliers) : undefined);
      if (author === undefined) break;
      if (author !== parentAuthor && !policy.allowed(author, parentAuthor, at)) continue;
      if (author !== parentAuthor && !repliers.includes(author)) repliers.push(author);
      replies.push(personMessage(r, plan, author, at, REPLY_REACTION_CHANCE));
    }
    return replies;
  };

  for (const person of org.people) {
    const weights = channelsOf.get(person.id);
    if (!weights) continue;
    for (const date of localDays(org, person)) {
      const times = planPersonDay(org, person, date);
      if (times.length === 0) continue;
      const r = random.fork(`slack:${person.id}:${localTime.iso(date)}`);
      for (const at of times) {
        const plan = r.weighted(weights);
        const draft = personMessage(r, plan, person.id, at, REACTION_CHANCE);
        if (r.chance(THREAD_CHANCE)) draft.replies = thread(r, plan, person.id, at);
        drafts.get(plan.channel.id)?.push(draft);
      }
    }
  }

  const start = org.period.start.getTime();
  const end = org.period.end.getTime();
  const byName = new Map(plans.map((p) => [p.channel.name, p]));
  const incidents = byName.get('incidents');
  const general = byName.get('general');
  const botDraft = (r: Random, at: number): Draft => {
    const text = canaryText(r);
    return {
      micros: at * 1000 + r.int(0, 999),
      message: {
        type: 'message',
        subtype: 'bot_message',
        bot_id: directory.postingBot.botId,
        username: directory.postingBot.username,
        text,
        attachments: [{ id: 1, fallback: text, title: canaryText(r), text: canaryText(r) }],
      },
      replies: [],
    };
  };
  for (let day = start; day < end && incidents; day += DAY_MS) {
    const r = random.fork(`bot:${new Date(day).toISOString().slice(0, 10)}`);
    for (let k = r.int(0, 3); k > 0; k--) {
      const at = day + r.int(0, DAY_MS - 1);
      if (at < end) drafts.get(incidents.channel.id)?.push(botDraft(r, at));
    }
  }

  for (const userId of directory.formerUserIds) {
    const r = random.fork(`former:${userId}`);
    for (let k = 0; k < 3 && general; k++) {
      const at = start + r.int(0, 4 * DAY_MS);
      const text = canaryText(r);
      if (at < end) drafts.get(general.channel.id)?.push({ micros: at * 1000, message: { type: 'message', user: userId, team: directory.team.id, text, blockId: blockId(r) }, replies: [] });
    }
  }

  for (const plan of plans) {
    const r = random.fork(`joins:${plan.channel.name}`);
    for (const member of r.sample(plan.members, r.int(1, 3))) {
      const at = start + r.int(0, 5 * DAY_MS);
      const user = slackId(member);
      if (at < end) {
        drafts.get(plan.channel.id)?.push({
          micros: at * 1000,
          message: { type: 'message', subtype: 'channel_join', user, text: `<@${user}> has joined the channel (${canaryText(r)})` },
          replies: [],
        });
      }
    }
  }

  return new Map([...drafts].map(([channel, list]) => [channel, finalise(list)]));
}

/** Makes every ts in a channel unique (nudging ties by a microsecond), then builds the stored messages. */
function finalise(list: Draft[]): StoredMessage[] {
  const all = [...list, ...list.flatMap((d) => d.replies)].sort((a, b) => a.micros - b.micros);
  for (let i = 1; i < all.length; i++) {
    const prev = all[i - 1] as Draft;
    const cur = all[i] as Draft;
    if (cur.micros <= prev.micros) cur.micros = prev.micros + 1;
  }
  const store = (d: Draft, parent: RenderedSlackMessage | null): RenderedSlackMessage => new RenderedSlackMessage(d.micros, d.message, parent);
  return list
    .sort((a, b) => a.micros - b.micros)
    .map((d) => {
      const parent = store(d, null);
      parent.replies = d.replies.sort((a, b) => a.micros - b.micros).map((reply) => store(reply, parent));
      return parent;
    });
}
