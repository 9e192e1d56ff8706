import { ActivityEvent, type MeetingResponse } from '../../models/activity-event.ts';
import { normaliseEmail } from '../../models/normalise-email.ts';
import type { Pseudonym, Pseudonymize } from '../../models/pseudonym.ts';
import type { GraphEvent } from './wire/graph-event.ts';

/** Whose calendar the events come from. */
export interface CalendarOwner {
  /** Graph user id (hashed into event ids only). */
  id: string;
  pseudonym: Pseudonym;
  /** Normalised mail, to find the owner among the attendees. */
  email: string | null;
}

const RESPONSES: Readonly<Record<string, MeetingResponse>> = {
  organizer: 'organizer',
  accepted: 'accepted',
  tentativelyAccepted: 'tentative',
  declined: 'declined',
  notResponded: 'needs_action',
  none: 'needs_action',
};

const instant = (dateTime: string) => new Date(`${dateTime.slice(0, 19)}Z`);

/** The pseudonymized id of an instance in an owner's calendar (also what a deletion names). */
export function graphEventId(pseudonymize: Pseudonymize, owner: CalendarOwner, instanceId: string): string {
  return pseudonymize('event', `microsoft:${owner.id}:${instanceId}`);
}

/**
 * Maps one calendar's events to activity events, one per instance, actor = owner: `out_of_office`
 * (showAs oof), `all_day_event`, else `meeting`. Counterparts are the other human attendees
 * (resources left out) not shown as declined (only the organiser's copy shows other attendees'
 * answers: an attendee's copy reports `none` for all, so the features decide attendance from each
 * person's own copy or the organiser's); size counts every human attendee and the organiser,
 * owner included; response is the owner's own; online from isOnlineMeeting; conversation from
 * the iCalUId (shared by all copies of a meeting).
 */
export function graphCalendarEvents(events: readonly GraphEvent[], owner: CalendarOwner, pseudonymize: Pseudonymize): ActivityEvent[] {
  return events.map((event) => {
    const organizer = event.organizer?.emailAddress?.address ? normaliseEmail(event.organizer.emailAddress.address) : null;
    const people = new Map<string, boolean>();
    if (organizer) people.set(organizer, false);
    for (const attendee of event.attendees) {
      const address = attendee.emailAddress?.address ? normaliseEmail(attendee.emailAddress.address) : '';
      if (attendee.type === 'resource' || !address) continue;
      people.set(address, (people.get(address) ?? false) || attendee.status?.response === 'declined');
    }
    const counterparts = [...people].filter(([email, declined]) => email !== owner.email && !declined).map(([email]) => pseudonymize('person', email));
    const size = people.size + (owner.email !== null && people.has(owner.email) ? 0 : 1);
    const isOrganizer = event.responseStatus?.response === 'organizer' || (organizer !== null && organizer === owner.email);
    return ActivityEvent.parse({
      source: 'microsoft',
      kind: event.showAs === 'oof' ? 'out_of_office' : event.isAllDay ? 'all_day_event' : 'meeting',
      sourceEventId: graphEventId(pseudonymize, owner, event.id),
      actor: owner.pseudonym,
      counterparts: [...new Set(counterparts)].sort(),
      start: instant(event.start.dateTime),
      end: instant(event.end.dateTime),
      conversation: pseudonymize('conversation', `microsoft:meeting:${event.iCalUId ?? event.seriesMasterId ?? event.id}`),
      isThread: false,
      size,
      response: isOrganizer ? 'organizer' : RESPONSES[event.responseStatus?.response ?? 'none'],
      online: event.isOnlineMeeting ?? (event.onlineMeetingProvider != null && event.onlineMeetingProvider !== 'unknown'),
    });
  });
}
