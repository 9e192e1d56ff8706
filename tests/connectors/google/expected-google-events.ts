import type { ActivityEvent } from '../../../models/activity-event.ts';
import type { Pseudonymize } from '../../../models/pseudonym.ts';
import { googleIds } from '../../../simulator/google/google-ids.ts';
import type { GoogleTenant } from '../../../simulator/google/google-tenant.ts';
import { localTime } from '../../../simulator/local-time.ts';
import type { Organisation } from '../../../simulator/organisation/organisation.ts';
import { calendarProviderOf, type PlannedMeeting } from '../../../simulator/organisation/plan-meetings.ts';

/** An event as one comparable line. */
export function googleEventKey(e: ActivityEvent): string {
  return [e.kind, e.sourceEventId, e.actor, e.counterparts.join(','), e.size, e.response, e.online, e.start.toISOString(), e.end.toISOString(), e.conversation].join('|');
}

/** The source event id a meeting instance has on one person's calendar. */
export function expectedGoogleEventId(pseudonymize: Pseudonymize, m: PlannedMeeting, personId: string): string {
  const instance = m.recurringSeriesId ? googleIds.instance(m.recurringSeriesId, m.start) : googleIds.event(m.id);
  return pseudonymize('event', `google:${googleIds.user(personId)}:${instance}`);
}

const KINDS = { meeting: 'meeting', out_of_office: 'out_of_office', focus_time: 'focus_block' } as const;

/**
 * The events a correct Google connector yields for the window `[start, end)` with the server's
 * clock at `now`, computed from the meeting plan (not from the wire format): one per Google-hosted
 * participant of every meeting created by `now` and not cancelled by then that overlaps the window;
 * malformed instances left out. All-day dates become midnights in the owner's zone (UTC when the
 * owner's zone setting is unknown).
 */
export function expectedGoogleEvents(org: Organisation, tenant: GoogleTenant, meetings: readonly PlannedMeeting[], pseudonymize: Pseudonymize, start: Date, end: Date, now: Date): string[] {
  const people = new Map(org.people.map((p) => [p.id, p]));
  const malformed = new Set(tenant.malformed.map((m) => `${m.personId}|${m.meetingId}`));
  const keys: string[] = [];
  for (const m of meetings) {
    if (m.createdAt > now || (m.cancelledAt && m.cancelledAt <= now)) continue;
    const organizer = people.get(m.organizerId);
    if (!organizer) throw new Error('unknown organiser');
    const participants = [{ personId: m.organizerId, response: 'organizer' as const }, ...m.attendees];
    for (const owner of participants) {
      if (calendarProviderOf(org, owner.personId) !== 'google' || malformed.has(`${owner.personId}|${m.id}`)) continue;
      const person = people.get(owner.personId);
      if (!person) throw new Error('unknown attendee');
      const byDate = m.allDay && m.kind === 'meeting';
      const zone = owner.personId === tenant.unknownTimeZonePersonId ? 'UTC' : person.timeZone;
      const at = (ms: number) => (byDate ? new Date(localTime.toUtc(zone, localTime.fromUtc(organizer.timeZone, ms).date, 0)) : new Date(ms));
      const s = at(m.start.getTime());
      const e = at(m.end.getTime());
      if (s >= end || e <= start) continue;
      const counterparts = participants
        .filter((p) => p.personId !== owner.personId && p.response !== 'declined')
        .map((p) => pseudonymize('person', people.get(p.personId)?.email ?? ''))
        .sort();
      keys.push(
        googleEventKey({
          source: 'google',
          kind: byDate ? 'all_day_event' : KINDS[m.kind],
          sourceEventId: expectedGoogleEventId(pseudonymize, m, owner.personId),
          actor: pseudonymize('person', person.email),
          counterparts,
          start: s,
          end: e,
          conversation: pseudonymize('conversation', `google:meeting:${googleIds.event(m.recurringSeriesId ?? m.id)}@google.com`),
          isThread: false,
          size: 1 + m.attendees.length,
          response: owner.response,
          online: m.kind === 'meeting' ? m.online : null,
          state: null,
        }),
      );
    }
  }
  return keys.sort();
}
