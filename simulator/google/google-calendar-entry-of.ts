import { canaryText } from '../canary.ts';
import { localTime } from '../local-time.ts';
import type { PlannedMeeting } from '../organisation/planned-meeting.ts';
import type { SimPerson } from '../organisation/sim-person.ts';
import { Random } from '../random.ts';
import type { GoogleCalendarEntry } from './google-calendar-entry.ts';
import { googleDateTime } from './google-date-time.ts';
import { googleIds } from './google-ids.ts';

/** What building an entry needs besides the meeting and the calendar owner. */
export interface GoogleEntryContext {
  seed: number;
  people: ReadonlyMap<string, SimPerson>;
  /** True when the person's calendar lives on Google (their invitations are Meet, theirs to host). */
  onGoogle: (personId: string) => boolean;
}

const RESPONSE_STATUS = { accepted: 'accepted', tentative: 'tentative', declined: 'declined', needs_action: 'needsAction' } as const;
const EVENT_TYPE = { meeting: 'default', out_of_office: 'outOfOffice', focus_time: 'focusTime' } as const;

function meetCode(r: Random): string {
  const letters = (n: number) => Array.from({ length: n }, () => String.fromCharCode(97 + r.int(0, 25))).join('');
  return `${letters(3)}-${letters(4)}-${letters(3)}`;
}

/** A video call as Calendar attaches it: Meet when a Google user organises, the Teams add-on otherwise. */
function conferenceData(r: Random, meet: boolean): Record<string, unknown> {
  const code = meetCode(r);
  if (meet) {
    return {
      entryPoints: [{ entryPointType: 'video', uri: `https://meet.google.com/${code}`, label: `meet.google.com/${code}` }],
      conferenceSolution: { key: { type: 'hangoutsMeet' }, name: 'Google Meet', iconUri: 'https://fonts.gstatic.com/s/i/productlogos/meet_2020q4/v6/web-512dp/logo_meet_2020q4_color_2x_web_512dp.png' },
      conferenceId: code,
    };
  }
  return {
    entryPoints: [{ entryPointType: 'video', uri: `https://teams.microsoft.com/l/meetup-join/${code}`, label: 'Microsoft Teams Meeting' }],
    conferenceSolution: { key: { type: 'addOn' }, name: 'Microsoft Teams Meeting' },
    conferenceId: code,
  };
}

/** The calendar event id of a planned meeting: per instance for a recurring series (`<series id>_<UTC start>`). */
function eventIdOf(meeting: PlannedMeeting): string {
  const series = meeting.recurringSeriesId;
  return series ? googleIds.instance(series, meeting.start) : googleIds.event(meeting.id);
}

/**
 * The Calendar API resource of one planned meeting as it appears on one owner's calendar: the
 * organiser in the organiser's zone, every invitee with their answer, `self` on the owner, rooms
 * as resources, Meet (or an add-on) when online, out-of-office and focus time by `eventType`,
 * all-day events by `date`. Summary, description and location carry the canary; the content is
 * drawn per meeting, so every attendee's copy says the same. Also what a cancelled instance shows.
 */
function renderEntry(meeting: PlannedMeeting, owner: SimPerson, id: string, ctx: GoogleEntryContext): Pick<GoogleCalendarEntry, 'resource' | 'cancelled'> {
  const r = new Random(ctx.seed).fork(`google-event:${meeting.id}`);
  const organizer = ctx.people.get(meeting.organizerId);
  if (!organizer) throw new RangeError(`unknown organiser ${meeting.organizerId}`);
  const zone = organizer.timeZone;
  const series = meeting.recurringSeriesId;
  const iCalUID = `${series ? googleIds.event(series) : id}@google.com`;
  const start = meeting.start.getTime();
  const end = meeting.end.getTime();
  const kind = meeting.kind;
  const byDate = meeting.allDay && kind === 'meeting';
  const when = (ms: number) =>
    byDate ? { date: localTime.iso(localTime.fromUtc(zone, ms).date) } : { dateTime: googleDateTime(ms, zone), timeZone: zone };
  const self = (personId: string) => (personId === owner.id ? { self: true } : {});
  const name = (p: SimPerson) => `${p.givenName} ${p.familyName}`;

  const resource: Record<string, unknown> = {
    kind: 'calendar#event',
    etag: `"${3_400_000_000_000_000 + (start % 1_000_000_000)}"`,
    id,
    htmlLink: `https://www.google.com/calendar/event?eid=${Buffer.from(`${id} ${owner.email}`).toString('base64url')}`,
    created: new Date(meeting.createdAt).toISOString(),
    summary: canaryText(r, kind === 'meeting' ? name(organizer) : undefined),
    description: canaryText(r),
    creator: { email: organizer.email, ...self(organizer.id) },
    organizer: { email: organizer.email, displayName: name(organizer), ...self(organizer.id) },
    start: when(start),
    end: when(end),
    iCalUID,
    sequence: 0,
    reminders: { useDefault: kind === 'meeting' },
    eventType: EVENT_TYPE[kind],
  };
  if (kind === 'meeting' && (meeting.rooms > 0 || !meeting.online)) resource.location = canaryText(r);
  if (series) {
    resource.recurringEventId = googleIds.event(series);
    resource.originalStartTime = when(start);
  }
  if (kind === 'out_of_office') {
    resource.transparency = 'opaque';
    resource.outOfOfficeProperties = { autoDeclineMode: 'declineOnlyNewConflictingInvitations', declineMessage: canaryText(r) };
  }
  if (kind === 'focus_time') {
    resource.focusTimeProperties = { autoDeclineMode: 'declineNone', chatStatus: 'doNotDisturb', declineMessage: canaryText(r) };
  }
  if (meeting.attendees.length > 0 || meeting.rooms > 0) {
    resource.attendees = [
      { email: organizer.email, displayName: name(organizer), organizer: true, responseStatus: 'accepted', ...self(organizer.id) },
      ...meeting.attendees.map((a) => {
        const person = ctx.people.get(a.personId);
        if (!person) throw new RangeError(`unknown attendee ${a.personId}`);
        return { email: person.email, displayName: name(person), responseStatus: RESPONSE_STATUS[a.response], ...self(person.id) };
      }),
      ...Array.from({ length: meeting.rooms }, () => {
        const room = r.int(1, 40);
        return { email: googleIds.room(room), displayName: `Room ${room}`, resource: true, responseStatus: 'accepted' };
      }),
    ];
  }
  if (meeting.online && kind === 'meeting') {
    const onMeet = ctx.onGoogle(organizer.id);
    resource.conferenceData = conferenceData(r, onMeet);
    if (onMeet) resource.hangoutLink = (resource.conferenceData as { entryPoints: { uri: string }[] }).entryPoints[0]?.uri;
  }

  const cancelled: Record<string, unknown> = { kind: 'calendar#event', etag: resource.etag, id };
  if (series) {
    cancelled.recurringEventId = resource.recurringEventId;
    cancelled.originalStartTime = resource.originalStartTime;
  }
  return { resource, cancelled };
}

/**
 * An entry that keeps only its meeting (shared by every attendee's calendar) and its owner, and
 * renders the resource on each read: the same object graph each time, as the meeting and the
 * seed fix every draw. A resource assigned to it (a malformed copy) is kept and served instead.
 */
class RenderedGoogleCalendarEntry implements GoogleCalendarEntry {
  readonly id: string;
  private readonly meeting: PlannedMeeting;
  private readonly owner: SimPerson;
  private readonly ctx: GoogleEntryContext;
  private replaced: Record<string, unknown> | null = null;

  constructor(meeting: PlannedMeeting, owner: SimPerson, ctx: GoogleEntryContext) {
    this.id = eventIdOf(meeting);
    this.meeting = meeting;
    this.owner = owner;
    this.ctx = ctx;
  }

  get meetingId(): string {
    return this.meeting.id;
  }

  get start(): number {
    return this.meeting.start.getTime();
  }

  get end(): number {
    return this.meeting.end.getTime();
  }

  get createdAt(): number {
    return this.meeting.createdAt.getTime();
  }

  get cancelledAt(): number | null {
    return this.meeting.cancelledAt?.getTime() ?? null;
  }

  get resource(): Record<string, unknown> {
    return this.replaced ?? renderEntry(this.meeting, this.owner, this.id, this.ctx).resource;
  }

  set resource(resource: Record<string, unknown>) {
    this.replaced = resource;
  }

  get cancelled(): Record<string, unknown> {
    return renderEntry(this.meeting, this.owner, this.id, this.ctx).cancelled;
  }

  get listedByDateTime(): boolean {
    return !(this.meeting.allDay && this.meeting.kind === 'meeting');
  }

  get hasAttendees(): boolean {
    return this.meeting.attendees.length > 0 || this.meeting.rooms > 0;
  }
}

/** One planned meeting on one owner's Google calendar, its resource rendered when read (see renderEntry). */
export function googleCalendarEntryOf(meeting: PlannedMeeting, owner: SimPerson, ctx: GoogleEntryContext): GoogleCalendarEntry {
  return new RenderedGoogleCalendarEntry(meeting, owner, ctx);
}
