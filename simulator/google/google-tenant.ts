import { departmentOf } from '../organisation/department-of.ts';
import type { Organisation } from '../organisation/organisation.ts';
import { calendarProviderOf, planMeetings } from '../organisation/plan-meetings.ts';
import type { SimPerson } from '../organisation/sim-person.ts';
import { SYNTHETIC_NAMES } from '../organisation/synthetic-names.ts';
import { Random } from '../random.ts';
import type { GoogleCalendarEntry } from './google-calendar-entry.ts';
import { googleCalendarEntryOf } from './google-calendar-entry-of.ts';
import { googleIds } from './google-ids.ts';

/** A Directory account of the simulated Google Workspace. */
export interface GoogleDirectoryUser {
  id: string;
  email: string;
  /** The organisation's person, or null for a former employee's suspended account. */
  personId: string | null;
  suspended: boolean;
  /** What Calendar's `timezone` setting answers for this user. */
  timeZoneSetting: string;
  /** The `admin#directory#user` resource as users.list returns it. */
  resource: Record<string, unknown>;
}

/** How an event was broken on purpose. */
export type GoogleMalformedKind = 'bad_start' | 'attendees_not_a_list' | 'unknown_response';

/** An event instance made malformed on purpose on one calendar. */
export interface GoogleMalformedRef {
  personId: string;
  entryId: string;
  meetingId: string;
  kind: GoogleMalformedKind;
}

/** Everything the simulated Google Workspace holds, plus the facts tests need. */
export interface GoogleTenant {
  domain: string;
  /** The super administrator the connector impersonates to read the Directory. */
  adminEmail: string;
  users: GoogleDirectoryUser[];
  /** Calendar entries per user email, ascending by start then id. */
  calendars: Map<string, GoogleCalendarEntry[]>;
  malformed: GoogleMalformedRef[];
  /** The person whose calendar time zone setting is no IANA zone. */
  unknownTimeZonePersonId: string | null;
}

/** Options of buildGoogleTenant. */
export interface GoogleTenantOptions {
  /** How many event instances to make malformed (default 0). */
  malformed?: number;
}

const MALFORMED_KINDS: readonly GoogleMalformedKind[] = ['bad_start', 'attendees_not_a_list', 'unknown_response'];
const UNKNOWN_ZONE = 'Mars/Olympus_Mons';

function breakEntry(entry: GoogleCalendarEntry, kind: GoogleMalformedKind): void {
  if (kind === 'bad_start') entry.resource.start = { dateTime: 'after lunch', timeZone: 'UTC' };
  else if (kind === 'attendees_not_a_list') entry.resource.attendees = 'everyone in the team';
  else {
    const attendees = entry.resource.attendees as { self?: boolean; responseStatus?: string }[];
    const self = attendees.find((a) => a.self);
    if (self) self.responseStatus = 'maybe';
  }
}

/** The city an office in a zone would be named after, e.g. `Europe/Berlin` → `Berlin`. */
function city(zone: string): string {
  return (zone.split('/').pop() ?? zone).replace(/_/g, ' ');
}

/**
 * Builds the Google side of a simulated organisation: a Directory account for each person whose
 * calendar lives on Google (org unit paths from the team hierarchy, manager relations, department
 * and office), two suspended former employees, one calendar time zone setting that is no IANA
 * zone, and each person's calendar from the shared meeting plan (the same meetings the
 * Microsoft side shows for the others). Deterministic for the organisation's seed.
 */
export function buildGoogleTenant(org: Organisation, options: GoogleTenantOptions = {}): GoogleTenant {
  const random = new Random(org.seed).fork('google');
  const teams = new Map(org.teams.map((t) => [t.id, t]));
  const people = new Map(org.people.map((p) => [p.id, p]));
  const departments = departmentOf(org);
  const onGoogle = (id: string) => calendarProviderOf(org, id) === 'google';
  const googlePeople = org.people.filter((p) => onGoogle(p.id));
  const chief = org.people.find((p) => p.managerId === null);

  const orgUnitPath = (p: SimPerson): string => {
    const team = teams.get(p.teamId);
    const department = teams.get(departments.get(p.id) ?? '');
    if (!team || !department) return '/';
    return team.id === department.id ? `/${department.name}` : `/${department.name}/${team.name}`;
  };
  const candidates = googlePeople.filter((p) => p.managerId !== null && p.planted === null);
  const unknownZone = candidates.length > 0 ? random.fork('time-zone').pick(candidates) : null;

  const userResource = (p: { email: string; givenName: string; familyName: string; id: string }, extra: Record<string, unknown>) => ({
    kind: 'admin#directory#user',
    id: p.id,
    etag: `"${googleIds.event(`etag:${p.id}`)}"`,
    primaryEmail: p.email,
    name: { givenName: p.givenName, familyName: p.familyName, fullName: `${p.givenName} ${p.familyName}` },
    isAdmin: false,
    isDelegatedAdmin: false,
    creationTime: new Date(org.period.start.getTime() - 400 * 86_400_000).toISOString(),
    agreedToTerms: true,
    customerId: 'C03sim0rg',
    emails: [{ address: p.email, primary: true }],
    ...extra,
  });

  const users: GoogleDirectoryUser[] = googlePeople.map((p) => {
    const id = googleIds.user(p.id);
    const manager = people.get(p.managerId ?? '');
    const team = teams.get(p.teamId);
    const department = teams.get(departments.get(p.id) ?? '');
    const onSite = team?.homeTimeZone === p.timeZone;
    return {
      id,
      email: p.email,
      personId: p.id,
      suspended: false,
      timeZoneSetting: p === unknownZone ? UNKNOWN_ZONE : p.timeZone,
      resource: userResource(
        { ...p, id },
        {
          isAdmin: p === chief,
          suspended: false,
          orgUnitPath: orgUnitPath(p),
          ...(manager ? { relations: [{ value: manager.email, type: 'manager' }] } : {}),
          organizations: [
            { primary: true, customType: '', title: p.managerId === null ? 'Chief Executive' : 'Staff', ...(department ? { department: department.name } : {}), ...(onSite ? { location: city(p.timeZone) } : {}) },
          ],
          ...(onSite ? { locations: [{ type: 'desk', area: 'desk', buildingId: `${city(p.timeZone).toLowerCase().replace(/ /g, '-')}-office` }] } : {}),
          lastLoginTime: new Date(org.period.end.getTime() - random.fork(`login:${p.id}`).int(1, 72) * 3_600_000).toISOString(),
        },
      ),
    };
  });

  const r = random.fork('former');
  for (let i = 0; i < 2; i++) {
    const givenName = r.pick(SYNTHETIC_NAMES.given);
    const familyName = r.pick(SYNTHETIC_NAMES.family);
    const email = `former.${givenName}.${familyName}${i}@${org.domain}`.toLowerCase();
    const id = googleIds.user(`former:${i}`);
    const sample = googlePeople[i];
    users.push({
      id,
      email,
      personId: null,
      suspended: true,
      timeZoneSetting: sample?.timeZone ?? 'UTC',
      resource: userResource({ email, givenName, familyName, id }, { suspended: true, suspensionReason: 'ADMIN', orgUnitPath: sample ? orgUnitPath(sample) : '/' }),
    });
  }

  const calendars = new Map<string, GoogleCalendarEntry[]>(googlePeople.map((p) => [p.email, []]));
  const ctx = { seed: org.seed, people, onGoogle };
  for (const meeting of planMeetings(org)) {
    for (const personId of [meeting.organizerId, ...meeting.attendees.map((a) => a.personId)]) {
      const owner = people.get(personId);
      const calendar = owner ? calendars.get(owner.email) : undefined;
      if (owner && calendar) calendar.push(googleCalendarEntryOf(meeting, owner, ctx));
    }
  }
  for (const list of calendars.values()) list.sort((a, b) => a.start - b.start || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const breakable = googlePeople.flatMap((p) =>
    (calendars.get(p.email) ?? [])
      .filter((e) => e.cancelledAt === null && e.hasAttendees && e.listedByDateTime)
      .map((e) => ({ p, e })),
  );
  const malformed = random
    .fork('malformed')
    .sample(breakable, options.malformed ?? 0)
    .map(({ p, e }, i): GoogleMalformedRef => {
      const kind = MALFORMED_KINDS[i % MALFORMED_KINDS.length] as GoogleMalformedKind;
      e.resource = structuredClone(e.resource);
      breakEntry(e, kind);
      return { personId: p.id, entryId: e.id, meetingId: e.meetingId, kind };
    });

  return { domain: org.domain, adminEmail: chief?.email ?? '', users, calendars, malformed, unknownTimeZonePersonId: unknownZone?.id ?? null };
}
