import type { ActivityEvent, ActivityKind, MeetingResponse } from '../../models/activity-event.ts';
import { normaliseEmail } from '../../models/normalise-email.ts';
import type { Pseudonym, Pseudonymize } from '../../models/pseudonym.ts';
import type { GoogleEvent } from './wire/google-event.ts';
import { zonedMidnight } from './zoned-midnight.ts';

/** Whose calendar an event was read from, and how to read its all-day dates. */
export interface GoogleCalendarOwner {
  /** Directory user id (inside event id hashes only). */
  userId: string;
  /** Normalised primary email. */
  email: string;
  pseudonym: Pseudonym;
  /** The calendar's IANA zone for all-day dates; UTC when unknown. */
  timeZone: string;
}

const RESPONSES: Record<NonNullable<GoogleEvent['attendees']>[number]['responseStatus'], MeetingResponse> = {
  accepted: 'accepted',
  tentative: 'tentative',
  declined: 'declined',
  needsAction: 'needs_action',
};

/** The source event id of one instance on one owner's calendar; cancellations hash the same way. */
export function googleSourceEventId(pseudonymize: Pseudonymize, owner: GoogleCalendarOwner, instanceId: string): string {
  return pseudonymize('event', `google:${owner.userId}:${instanceId}`);
}

function kindOf(event: GoogleEvent): ActivityKind | null {
  if (event.eventType === 'outOfOffice') return 'out_of_office';
  if (event.eventType === 'focusTime') return 'focus_block';
  if (event.eventType !== undefined && event.eventType !== 'default' && event.eventType !== 'fromGmail') return null;
  return event.start.date !== undefined ? 'all_day_event' : 'meeting';
}

/**
 * One calendar instance as an attune event, by the calendar conventions: actor = the owner;
 * kind from eventType and all-day dates (working-location and other special types give null);
 * counterparts = the other human attendees who have not declined; size = human attendees with the
 * owner; response = the owner's answer ('organizer' when theirs); online = a Meet (or other video)
 * conference attached; conversation = the meeting's iCalUID, shared by a series' instances.
 */
export function googleCalendarEvent(event: GoogleEvent, owner: GoogleCalendarOwner, pseudonymize: Pseudonymize): ActivityEvent | null {
  const kind = kindOf(event);
  if (kind === null) return null;
  const when = (w: GoogleEvent['start']) => (w.dateTime !== undefined ? new Date(w.dateTime) : zonedMidnight(w.date ?? '', owner.timeZone));
  const isOwner = (a: { email?: string; self?: boolean }) => a.self === true || (a.email !== undefined && normaliseEmail(a.email) === owner.email);

  const humans = (event.attendees ?? []).filter((a) => a.resource !== true);
  const counterparts = new Set<Pseudonym>();
  for (const a of humans) {
    if (isOwner(a) || a.responseStatus === 'declined' || !a.email?.includes('@')) continue;
    counterparts.add(pseudonymize('person', normaliseEmail(a.email)));
  }
  const self = humans.find(isOwner);
  const organises = event.organizer ? isOwner(event.organizer) : self?.organizer === true || humans.length === 0;
  const response: MeetingResponse = organises || self?.organizer ? 'organizer' : self ? RESPONSES[self.responseStatus] : 'needs_action';
  const meetingLike = kind === 'meeting' || kind === 'all_day_event';
  const video =
    event.hangoutLink !== undefined ||
    event.conferenceData?.conferenceSolution?.key.type === 'hangoutsMeet' ||
    (event.conferenceData?.entryPoints ?? []).some((e) => e.entryPointType === 'video');

  return {
    source: 'google',
    kind,
    sourceEventId: googleSourceEventId(pseudonymize, owner, event.id),
    actor: owner.pseudonym,
    counterparts: [...counterparts].sort(),
    start: when(event.start),
    end: when(event.end),
    conversation: pseudonymize('conversation', `google:meeting:${event.iCalUID ?? event.recurringEventId ?? event.id}`),
    isThread: false,
    size: humans.length === 0 ? 1 : humans.length + (self ? 0 : 1),
    response,
    online: meetingLike ? video : null,
    state: null,
  };
}
