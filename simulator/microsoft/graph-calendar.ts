import { canaryText } from '../canary.ts';
import type { Organisation } from '../organisation/organisation.ts';
import { calendarProviderOf, planMeetings, type PlannedMeeting, type PlannedResponse } from '../organisation/plan-meetings.ts';
import type { Random } from '../random.ts';
import type { SimPerson } from '../organisation/sim-person.ts';
import type { GraphDirectory, GraphUserRecord } from './graph-directory.ts';

/** How an event was broken on purpose. */
export type MalformedEventKind = 'missing_start' | 'bad_date_time' | 'attendees_not_a_list';

/**
 * One event instance in one mailbox's calendar. `wire` is rendered when read (a fresh object each
 * time, equal each time), so a calendar holds no event objects between requests.
 */
export interface CalendarEntry {
  /** The mailbox-specific Graph event id. */
  readonly id: string;
  readonly meeting: PlannedMeeting;
  readonly ownerPersonId: string;
  readonly isOrganizer: boolean;
  /** The Graph `event` resource as served while the instance is not cancelled; assigning one replaces it for good. */
  wire: Record<string, unknown>;
  malformed: MalformedEventKind | null;
}

/** The calendars of the tenant's mailboxes. */
export interface GraphCalendars {
  /** Graph user id → that mailbox's event instances, by start. */
  byUser: Map<string, CalendarEntry[]>;
  /** Entries broken on purpose. */
  malformed: CalendarEntry[];
}

const GRAPH_RESPONSE: Readonly<Record<PlannedResponse, string>> = {
  accepted: 'accepted',
  tentative: 'tentativelyAccepted',
  declined: 'declined',
  needs_action: 'notResponded',
};
const MALFORMED_KINDS: readonly MalformedEventKind[] = ['missing_start', 'bad_date_time', 'attendees_not_a_list'];
/**
 * An attendee's status where Graph does not report it: an unanswered invitation in the organiser's
 * copy, and every attendee in an attendee's copy (only the organiser's copy tracks the answers).
 */
const unknownStatus = { response: 'none', time: '0001-01-01T00:00:00Z' } as const;

/** `YYYY-MM-DDTHH:MM:SS.0000000`: Graph's dateTime, without an offset. */
function graphDateTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}.0000000`;
}

function hex(random: Random, n: number): string {
  return Array.from({ length: n }, () => random.int(0, 15).toString(16)).join('').toUpperCase();
}

/** What rendering an entry's event needs besides the entry: the calendars' random stream (only forked), the people and the rooms. */
interface CalendarRendering {
  random: Random;
  people: ReadonlyMap<string, SimPerson>;
  directory: GraphDirectory;
}

/** The stream an entry's own draws come from: its id first, then its content. */
const entryRandom = (rendering: CalendarRendering, ownerPersonId: string, meeting: PlannedMeeting): Random =>
  rendering.random.fork(`event:${ownerPersonId}:${meeting.id}`);

const eventId = (er: Random): string => `AAMkA${er.base36(24)}${er.base36(24).toLowerCase()}AAA=`;

/**
 * The Graph `event` resource of one meeting in one owner's mailbox: a shared iCalUId (per series
 * for recurring meetings), rooms as resource attendees, the owner's own answer, everyone's
 * answers in the organiser's copy only (`none` in the others, as Graph), content fields carrying
 * the canary. Every draw comes from streams forked by meeting and owner, so it renders the same each time.
 */
function renderEvent(rendering: CalendarRendering, meeting: PlannedMeeting, ownerPersonId: string, response: PlannedResponse | null): Record<string, unknown> {
  const { random: r, people, directory } = rendering;
  const address = (personId: string) => people.get(personId)?.email ?? '';
  const nameOf = (personId: string) => {
    const p = people.get(personId);
    return p ? `${p.givenName} ${p.familyName}` : '';
  };
  const mr = r.fork(`meeting:${meeting.id}`);
  const iCalUId = `040000008200E00074C5B7101A82E008${hex(r.fork(`ical:${meeting.recurringSeriesId ?? meeting.id}`), 48)}`;
  const rooms = mr.sample(directory.rooms, meeting.rooms);
  const attendees = [
    ...meeting.attendees.map((a) => ({
      type: 'required',
      status: a.response === 'needs_action' ? unknownStatus : { response: GRAPH_RESPONSE[a.response], time: meeting.createdAt.toISOString() },
      emailAddress: { name: nameOf(a.personId), address: address(a.personId) },
    })),
    ...rooms.map((room) => ({
      type: 'resource',
      status: { response: 'accepted', time: meeting.createdAt.toISOString() },
      emailAddress: { name: String(room.wire.displayName), address: String(room.wire.mail) },
    })),
  ];
  const er = entryRandom(rendering, ownerPersonId, meeting);
  const id = eventId(er);
  const isOrganizer = response === null;
  const showAs = meeting.kind === 'out_of_office' ? 'oof' : response === 'tentative' ? 'tentative' : response === 'declined' ? 'free' : 'busy';
  const seriesMasterId = meeting.recurringSeriesId ? `AAMkA${r.fork(`series:${ownerPersonId}:${meeting.recurringSeriesId}`).base36(48)}AAA=` : null;
  const subject = canaryText(er, er.chance(0.3) ? nameOf(meeting.organizerId) : undefined);
  return {
    '@odata.etag': `W/"${er.base36(20)}"`,
    id,
    createdDateTime: meeting.createdAt.toISOString(),
    lastModifiedDateTime: meeting.createdAt.toISOString(),
    changeKey: er.base36(20),
    categories: [],
    transactionId: null,
    originalStartTimeZone: 'UTC',
    originalEndTimeZone: 'UTC',
    iCalUId,
    reminderMinutesBeforeStart: 15,
    isReminderOn: true,
    hasAttachments: false,
    subject,
    bodyPreview: canaryText(er),
    importance: 'normal',
    sensitivity: 'normal',
    isAllDay: meeting.allDay,
    isCancelled: false,
    isOrganizer,
    responseRequested: true,
    seriesMasterId,
    showAs,
    type: seriesMasterId ? 'occurrence' : 'singleInstance',
    webLink: `https://outlook.office365.com/owa/?itemid=${id}&exvsurl=1&path=/calendar/item`,
    onlineMeetingUrl: null,
    isOnlineMeeting: meeting.online,
    onlineMeetingProvider: meeting.online ? 'teamsForBusiness' : 'unknown',
    allowNewTimeProposals: true,
    isDraft: false,
    hideAttendees: false,
    responseStatus: {
      response: isOrganizer ? 'organizer' : GRAPH_RESPONSE[response],
      time: response === 'needs_action' ? '0001-01-01T00:00:00Z' : meeting.createdAt.toISOString(),
    },
    body: { contentType: 'html', content: `<html><body><p>${canaryText(er, nameOf(ownerPersonId))}</p></body></html>` },
    start: { dateTime: graphDateTime(meeting.start.getTime()), timeZone: 'UTC' },
    end: { dateTime: graphDateTime(meeting.end.getTime()), timeZone: 'UTC' },
    location: { displayName: canaryText(er), locationType: 'default', uniqueIdType: 'unknown' },
    locations: [],
    recurrence: null,
    attendees: isOrganizer ? attendees : attendees.map((a) => ({ ...a, status: unknownStatus })),
    organizer: { emailAddress: { name: nameOf(meeting.organizerId), address: address(meeting.organizerId) } },
    onlineMeeting: meeting.online ? { joinUrl: `https://teams.microsoft.com/l/meetup-join/19%3ameeting_${er.base36(16)}%40thread.v2/0` } : null,
  };
}

/** An entry that keeps its meeting (shared by every mailbox's copy) and renders its event when read; an assigned event is kept instead. */
class RenderedCalendarEntry implements CalendarEntry {
  readonly id: string;
  readonly meeting: PlannedMeeting;
  readonly ownerPersonId: string;
  malformed: MalformedEventKind | null = null;
  private readonly response: PlannedResponse | null;
  private readonly rendering: CalendarRendering;
  private replaced: Record<string, unknown> | null = null;

  constructor(rendering: CalendarRendering, meeting: PlannedMeeting, owner: { personId: string; response: PlannedResponse | null }) {
    this.id = eventId(entryRandom(rendering, owner.personId, meeting));
    this.meeting = meeting;
    this.ownerPersonId = owner.personId;
    this.response = owner.response;
    this.rendering = rendering;
  }

  get isOrganizer(): boolean {
    return this.response === null;
  }

  get wire(): Record<string, unknown> {
    return this.replaced ?? renderEvent(this.rendering, this.meeting, this.ownerPersonId, this.response);
  }

  set wire(wire: Record<string, unknown>) {
    this.replaced = wire;
  }
}

/**
 * Builds every Microsoft mailbox's calendar from the organisation's planned meetings: each
 * meeting appears once in the calendar of its organiser and of each invitee whose provider is
 * Microsoft, under a mailbox-specific id (its event as renderEvent draws it).
 */
export function buildGraphCalendars(org: Organisation, random: Random, directory: GraphDirectory, options: { malformed?: number } = {}): GraphCalendars {
  const r = random.fork('calendars');
  const rendering: CalendarRendering = { random: r, people: new Map(org.people.map((p) => [p.id, p])), directory };
  const byUser = new Map<string, CalendarEntry[]>();
  for (const meeting of planMeetings(org)) {
    const owners = [{ personId: meeting.organizerId, response: null as PlannedResponse | null }, ...meeting.attendees];
    for (const owner of owners) {
      const mailbox: GraphUserRecord | undefined = directory.byPerson.get(owner.personId);
      if (!mailbox || calendarProviderOf(org, owner.personId) !== 'microsoft') continue;
      const list = byUser.get(mailbox.id) ?? [];
      list.push(new RenderedCalendarEntry(rendering, meeting, owner));
      byUser.set(mailbox.id, list);
    }
  }
  for (const list of byUser.values()) list.sort((a, b) => a.meeting.start.getTime() - b.meeting.start.getTime() || (a.id < b.id ? -1 : 1));

  const candidates = [...byUser.values()].flat().filter((e) => e.meeting.cancelledAt === null);
  const malformed = r.fork('malformed').sample(candidates, options.malformed ?? 0);
  malformed.forEach((entry, i) => {
    const kind = MALFORMED_KINDS[i % MALFORMED_KINDS.length] as MalformedEventKind;
    const wire = entry.wire;
    entry.malformed = kind;
    if (kind === 'missing_start') delete wire.start;
    else if (kind === 'bad_date_time') wire.start = { dateTime: `${canaryText(r)} next week`, timeZone: 'UTC' };
    else wire.attendees = canaryText(r);
    entry.wire = wire;
  });
  return { byUser, malformed };
}
