import type { ActivityEvent } from '../../../models/activity-event.ts';
import type { Pseudonymize } from '../../../models/pseudonym.ts';
import type { MicrosoftSimulator } from '../../../simulator/microsoft/microsoft-server.ts';
import type { Organisation } from '../../../simulator/organisation/organisation.ts';
import { calendarProviderOf, planMeetings } from '../../../simulator/organisation/plan-meetings.ts';

/** An event without its ids: who, what, when, with whom, how big, what answer, online. */
export function calendarKey(e: Pick<ActivityEvent, 'actor' | 'kind' | 'start' | 'end' | 'counterparts' | 'size' | 'response' | 'online'>): string {
  return [e.actor, e.kind, e.start.toISOString(), e.end.toISOString(), [...e.counterparts].sort().join(','), e.size, e.response, e.online].join('|');
}

/** A chat event without its ids. */
export function chatKey(e: Pick<ActivityEvent, 'actor' | 'kind' | 'start' | 'counterparts' | 'size' | 'isThread'>): string {
  return [e.actor, e.kind, e.start.toISOString(), [...e.counterparts].sort().join(','), e.size, e.isThread].join('|');
}

/**
 * The calendar events a Microsoft connector should find in [start, end) with the server's clock at
 * `now`, computed from the organisation's planned meetings (not from the server): one per
 * (Microsoft mailbox, meeting instance it is in), broken records left out. `cancelled` counts the
 * instances an initial read reports as deleted (cancelled ones still in an invitee's calendar).
 */
export function expectedCalendar(org: Organisation, sim: MicrosoftSimulator, pseudonymize: Pseudonymize, start: Date, end: Date, now: Date): { keys: string[]; cancelled: number } {
  const people = new Map(org.people.map((p) => [p.id, p]));
  const broken = new Set(sim.tenant.calendars.malformed.map((e) => `${e.ownerPersonId}|${e.meeting.id}`));
  const person = (id: string) => pseudonymize('person', people.get(id)?.email ?? '');
  const keys: string[] = [];
  let cancelled = 0;
  for (const m of planMeetings(org)) {
    if (m.createdAt > now || m.start >= end || m.end <= start) continue;
    const isCancelled = m.cancelledAt !== null && m.cancelledAt <= now;
    for (const owner of [{ personId: m.organizerId, response: 'organizer' as const }, ...m.attendees]) {
      if (calendarProviderOf(org, owner.personId) !== 'microsoft' || broken.has(`${owner.personId}|${m.id}`)) continue;
      if (isCancelled) {
        if (owner.response !== 'organizer') cancelled++;
        continue;
      }
      // Only the organiser's copy says who declined; an attendee's copy lists everyone invited.
      const others = [{ personId: m.organizerId, response: 'organizer' }, ...m.attendees].filter(
        (a) => a.personId !== owner.personId && (owner.response !== 'organizer' || a.response !== 'declined'),
      );
      keys.push(
        calendarKey({
          actor: person(owner.personId),
          kind: m.kind === 'out_of_office' ? 'out_of_office' : m.allDay ? 'all_day_event' : 'meeting',
          start: m.start,
          end: m.end,
          counterparts: others.map((a) => person(a.personId)),
          size: 1 + m.attendees.length,
          response: owner.response,
          online: m.online,
        }),
      );
    }
  }
  return { keys: keys.sort(), cancelled };
}

/**
 * The Teams chat events of everyone in [start, end) of lastModifiedDateTime with the server's clock
 * at `now`, from the simulator's stored chats (not from its answers); `deleted` counts the
 * person's messages deleted by then.
 */
export function expectedChats(org: Organisation, sim: MicrosoftSimulator, pseudonymize: Pseudonymize, start: Date, end: Date, now: Date): { keys: string[]; deleted: number } {
  const { chats, messages } = sim.tenant.chats;
  const email = new Map(org.people.map((p) => [p.id, p.email]));
  const person = (id: string) => (id === sim.tenant.directory.hiddenMailPersonId ? pseudonymize('source-user', `microsoft:${sim.tenant.directory.byPerson.get(id)?.id}`) : pseudonymize('person', email.get(id) ?? ''));
  const t = now.getTime();
  const modified = (m: (typeof messages)[number]) => (m.deletedMs !== null && m.deletedMs <= t ? m.deletedMs : m.editedMs !== null && m.editedMs <= t ? m.editedMs : m.createdMs);
  const inRange = (m: (typeof messages)[number]) => m.createdMs <= t && modified(m) >= start.getTime() && modified(m) < end.getTime();
  const byId = new Map(messages.map((m) => [`${m.chatId}:${m.id}`, m]));
  const keys: string[] = [];
  let deleted = 0;
  for (const m of messages) {
    if (m.authorPersonId === null || m.malformed || !inRange(m)) continue;
    if (m.deletedMs !== null && m.deletedMs <= t) {
      deleted++;
      continue;
    }
    const chat = chats.get(m.chatId);
    if (!chat) continue;
    let counterparts: string[] = [];
    if (chat.chatType === 'oneOnOne') counterparts = chat.memberPersonIds.filter((p) => p !== m.authorPersonId).map(person);
    else if (m.replyToId) {
      const parent = byId.get(`${m.chatId}:${m.replyToId}`);
      if (parent?.authorPersonId && parent.authorPersonId !== m.authorPersonId) counterparts = [person(parent.authorPersonId)];
    }
    keys.push(chatKey({ actor: person(m.authorPersonId), kind: m.replyToId ? 'thread_reply' : 'message', start: new Date(m.createdMs), counterparts, size: chat.memberPersonIds.length, isThread: m.replyToId !== null }));
  }
  return { keys: keys.sort(), deleted };
}
