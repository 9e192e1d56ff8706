import { canaryText } from '../canary.ts';
import { localTime, type LocalDate } from '../local-time.ts';
import { createInteractionPolicy } from '../organisation/interaction-policy.ts';
import type { Organisation } from '../organisation/organisation.ts';
import { planPersonDay } from '../organisation/plan-person-day.ts';
import type { SimPerson } from '../organisation/sim-person.ts';
import type { Random } from '../random.ts';
import type { GraphDirectory } from './graph-directory.ts';

/** A Teams chat: one-on-one or a team's group chat. */
export interface GraphChat {
  id: string;
  chatType: 'oneOnOne' | 'group';
  memberPersonIds: string[];
  createdMs: number;
  topic: string | null;
}

/** A Teams chat message as the simulator keeps it; `wireAt` renders it as Graph shows it at a time. */
export interface GraphChatMessage {
  id: string;
  chatId: string;
  /** Null for system event messages. */
  authorPersonId: string | null;
  createdMs: number;
  /** When the author edited it, if ever. */
  editedMs: number | null;
  /** When the author deleted it, if ever. */
  deletedMs: number | null;
  replyToId: string | null;
  content: string;
  /** Broken on purpose: `createdDateTime` is not a date. */
  malformed: boolean;
}

/** The tenant's Teams chats and their messages. */
export interface GraphChats {
  chats: Map<string, GraphChat>;
  /** Chat ids per person id. */
  chatsOf: Map<string, string[]>;
  /** Every message, by creation time. */
  messages: GraphChatMessage[];
}

const DAY_MS = 86_400_000;
const TEAMS_SHARE = 0.2;
const REPLY_CHANCE = 0.12;

/** Local dates (in the person's zone) that overlap the period. */
function* localDays(org: Organisation, person: SimPerson): Generator<LocalDate> {
  const last = localTime.iso(localTime.fromUtc(person.timeZone, org.period.end.getTime() - 1).date);
  for (let d = localTime.fromUtc(person.timeZone, org.period.start.getTime()).date; localTime.iso(d) <= last; d = localTime.addDays(d, 1)) yield d;
}

/**
 * Builds modest Teams chat traffic: a group chat per leaf team and a few one-on-one chats per
 * person (teammates, manager); a fifth of each person's planned message times become Teams
 * messages (so habits and planted patterns carry over), some answered with a reply
 * (`replyToId`), a few edited or deleted later, plus a system message when each chat starts.
 * Who writes to whom obeys the interaction policy.
 */
export function buildGraphChats(org: Organisation, random: Random, directory: GraphDirectory, options: { malformed?: number } = {}): GraphChats {
  const r = random.fork('chats');
  const policy = createInteractionPolicy(org);
  const chats = new Map<string, GraphChat>();
  const chatsOf = new Map<string, string[]>();
  const start = org.period.start.getTime();
  const end = org.period.end.getTime();
  const addChat = (chatType: GraphChat['chatType'], members: string[], cr: Random): void => {
    const id = chatType === 'group' ? `19:${cr.base36(32).toLowerCase()}@thread.v2` : `19:${members.map((m) => directory.byPerson.get(m)?.id).join('_')}@unq.gbl.spaces`;
    if (chats.has(id)) return;
    chats.set(id, { id, chatType, memberPersonIds: members, createdMs: start - cr.int(5, 60) * DAY_MS, topic: chatType === 'group' ? canaryText(cr) : null });
    for (const m of members) chatsOf.set(m, [...(chatsOf.get(m) ?? []), id]);
  };

  const parents = new Set(org.teams.map((t) => t.parentId));
  for (const team of org.teams.filter((t) => t.parentId !== null && !parents.has(t.id))) {
    const members = org.people.filter((p) => p.teamId === team.id).map((p) => p.id);
    if (members.length >= 3) addChat('group', members, r.fork(`group:${team.id}`));
  }
  for (const person of org.people) {
    const pr = r.fork(`pairs:${person.id}`);
    const mates = org.people.filter((p) => p.id !== person.id && (p.teamId === person.teamId || p.id === person.managerId));
    for (const other of pr.sample(mates, pr.int(1, 3))) addChat('oneOnOne', [person.id, other.id].sort(), pr.fork(other.id));
  }

  const messages: GraphChatMessage[] = [];
  const usedIds = new Map<string, Set<string>>();
  const message = (chatId: string, author: string | null, at: number, replyToId: string | null, mr: Random): GraphChatMessage => {
    const used = usedIds.get(chatId) ?? new Set<string>();
    usedIds.set(chatId, used);
    let ms = at;
    while (used.has(String(ms))) ms++;
    used.add(String(ms));
    const edited = author !== null && mr.chance(0.04) ? ms + mr.int(1, 120) * 60_000 : null;
    const deleted = author !== null && edited === null && mr.chance(0.02) ? ms + mr.int(1, 48) * 3_600_000 : null;
    const m: GraphChatMessage = { id: String(ms), chatId, authorPersonId: author, createdMs: ms, editedMs: edited, deletedMs: deleted, replyToId, content: canaryText(mr), malformed: false };
    messages.push(m);
    return m;
  };

  for (const chat of chats.values()) message(chat.id, null, chat.createdMs, null, r.fork(`system:${chat.id}`));
  for (const person of org.people) {
    const mine = (chatsOf.get(person.id) ?? []).map((id) => chats.get(id) as GraphChat);
    if (mine.length === 0) continue;
    for (const date of localDays(org, person)) {
      const dr = r.fork(`teams:${person.id}:${localTime.iso(date)}`);
      for (const at of planPersonDay(org, person, date)) {
        if (!dr.chance(TEAMS_SHARE)) continue;
        const open = mine.filter((c) => c.memberPersonIds.every((m) => m === person.id || policy.allowed(person.id, m, at)));
        if (open.length === 0) continue;
        const chat = dr.pick(open);
        const sent = message(chat.id, person.id, at, null, dr);
        if (!dr.chance(REPLY_CHANCE)) continue;
        const replyAt = at + dr.int(1, 90) * 60_000;
        const others = chat.memberPersonIds.filter((m) => m !== person.id && policy.allowed(person.id, m, replyAt));
        if (others.length > 0 && replyAt < end) message(chat.id, dr.pick(others), replyAt, sent.id, dr);
      }
    }
  }
  messages.sort((a, b) => a.createdMs - b.createdMs || (a.chatId < b.chatId ? -1 : 1));
  const candidates = messages.filter((m) => m.authorPersonId !== null && m.editedMs === null && m.deletedMs === null && m.createdMs >= start);
  for (const m of r.fork('malformed').sample(candidates, options.malformed ?? 0)) m.malformed = true;
  return { chats, chatsOf, messages };
}
