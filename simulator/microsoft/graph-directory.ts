import { canaryText } from '../canary.ts';
import { localTime } from '../local-time.ts';
import { departmentOf } from '../organisation/department-of.ts';
import type { Organisation } from '../organisation/organisation.ts';
import { calendarProviderOf } from '../organisation/plan-meetings.ts';
import type { SimPerson } from '../organisation/sim-person.ts';
import type { Random } from '../random.ts';
import { WINDOWS_ZONE_NAMES } from './windows-zone-names.ts';

/** A Graph `user` resource as the simulator stores it (every property Graph would return). */
export type GraphUserWire = Record<string, unknown> & { id: string };

/** One Entra ID account of the simulated tenant. */
export interface GraphUserRecord {
  id: string;
  /** The organisation's person id, or null for rooms and former employees. */
  personId: string | null;
  wire: GraphUserWire;
  /** Graph id of the manager, or null. */
  managerId: string | null;
  /** The mailboxSettings resource, or null when the account has no Exchange mailbox (its calendar is elsewhere). */
  mailbox: Record<string, unknown> | null;
}

/** The simulated tenant's directory, plus the facts tests check a connector against. */
export interface GraphDirectory {
  tenantId: string;
  domain: string;
  users: GraphUserRecord[];
  byId: Map<string, GraphUserRecord>;
  byPerson: Map<string, GraphUserRecord>;
  /** Room resource accounts (disabled, like Exchange room mailboxes). */
  rooms: GraphUserRecord[];
  /** The person whose account has no `mail`. */
  hiddenMailPersonId: string;
  /** The person whose mailbox time zone is a custom one no IANA zone matches, if any has a mailbox. */
  unknownZonePersonId: string | null;
  /** People whose mailbox time zone is written as an IANA name rather than a Windows one. */
  ianaZonePersonIds: string[];
  /** People whose working hours are stated in UTC rather than in their own zone. */
  utcWorkingHoursPersonIds: string[];
}

const CITIES: Readonly<Record<string, string>> = {
  'America/Los_Angeles': 'Los Angeles',
  'America/New_York': 'New York',
  'America/Sao_Paulo': 'São Paulo',
  'Europe/London': 'London',
  'Europe/Berlin': 'Berlin',
  'Africa/Nairobi': 'Nairobi',
  'Asia/Kolkata': 'Bengaluru',
  'Asia/Tokyo': 'Tokyo',
  'Australia/Sydney': 'Sydney',
};
/** Zones without daylight saving, where hours written in UTC convert the same all year. */
const FIXED_OFFSET_ZONES = new Set(['Africa/Nairobi', 'Asia/Kolkata', 'Asia/Tokyo']);
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];
const CUSTOM_ZONE = 'Customized Time Zone';

/** A deterministic GUID, as Entra object ids look. */
function guid(random: Random): string {
  const hex = Array.from({ length: 32 }, () => random.int(0, 15).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/** `HH:MM:SS.0000000`, as Exchange writes a time of day. */
function timeOfDay(minute: number): string {
  const m = ((minute % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}:00.0000000`;
}

function mailboxOf(person: SimPerson, zoneName: string, hoursZone: 'own' | 'utc', random: Random, now: Date): Record<string, unknown> {
  const offset = hoursZone === 'utc' ? localTime.offsetMinutes(person.timeZone, now.getTime()) : 0;
  return {
    '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#users('${person.id}')/mailboxSettings`,
    archiveFolder: `AAMkA${random.base36(40)}`,
    timeZone: zoneName,
    delegateMeetingMessageDeliveryOptions: 'sendToDelegateOnly',
    dateFormat: 'dd/MM/yyyy',
    timeFormat: 'HH:mm',
    userPurpose: 'user',
    automaticRepliesSetting: {
      status: 'disabled',
      externalAudience: 'all',
      internalReplyMessage: canaryText(random, `${person.givenName} ${person.familyName}`),
      externalReplyMessage: canaryText(random),
      scheduledStartDateTime: { dateTime: '2026-01-01T00:00:00.0000000', timeZone: 'UTC' },
      scheduledEndDateTime: { dateTime: '2026-01-02T00:00:00.0000000', timeZone: 'UTC' },
    },
    language: { locale: 'en-US', displayName: 'English (United States)' },
    workingHours: {
      daysOfWeek: WEEKDAYS,
      startTime: timeOfDay(person.workStartMinute - offset),
      endTime: timeOfDay(person.workEndMinute - offset),
      timeZone: { name: hoursZone === 'utc' ? 'UTC' : zoneName },
    },
  };
}

/**
 * Builds the tenant's Entra ID directory from the organisation: one enabled account per person
 * (one without `mail`), with department, office location and manager; two disabled former
 * employees; a few disabled room accounts. People whose calendar provider is Microsoft have an
 * Exchange mailbox: its time zone is mostly a Windows name, sometimes an IANA one, once a custom
 * zone; its working hours come from the person's habits, a few stated in UTC. `now` fixes the
 * UTC offsets used for those (they are taken only in zones without daylight saving).
 */
export function buildGraphDirectory(org: Organisation, random: Random, now: Date): GraphDirectory {
  const r = random.fork('directory');
  const tenantId = guid(r);
  const teams = new Map(org.teams.map((t) => [t.id, t]));
  const departments = departmentOf(org);
  const byPerson = new Map<string, GraphUserRecord>();
  const users: GraphUserRecord[] = [];
  // The account without `mail` has no mailbox either (its calendar is on the other provider).
  const hidden = r.pick(org.people.filter((p) => p.managerId !== null && calendarProviderOf(org, p.id) === 'google'));
  const withMailbox = org.people.filter((p) => calendarProviderOf(org, p.id) === 'microsoft');
  const unknownZone = withMailbox.length > 0 ? r.pick(withMailbox) : null;
  const ianaZone: string[] = [];
  const utcHours: string[] = [];

  for (const [i, person] of org.people.entries()) {
    const pr = r.fork(person.id);
    const id = guid(pr);
    const department = departments.get(person.id);
    const team = teams.get(person.teamId);
    const remote = team !== undefined && team.homeTimeZone !== person.timeZone;
    const local = person.email.split('@')[0] ?? person.id;
    let mailbox: Record<string, unknown> | null = null;
    if (calendarProviderOf(org, person.id) === 'microsoft') {
      const windows = WINDOWS_ZONE_NAMES[person.timeZone] ?? person.timeZone;
      const iana = person !== unknownZone && i % 7 === 3;
      const zoneName = person === unknownZone ? CUSTOM_ZONE : iana ? person.timeZone : windows;
      const utc = person !== unknownZone && FIXED_OFFSET_ZONES.has(person.timeZone) && i % 2 === 0;
      if (iana) ianaZone.push(person.id);
      if (utc) utcHours.push(person.id);
      mailbox = mailboxOf(person, zoneName, utc ? 'utc' : 'own', pr, now);
    }
    const record: GraphUserRecord = {
      id,
      personId: person.id,
      managerId: null,
      mailbox,
      wire: {
        id,
        businessPhones: [`+1 555 01${String(i % 100).padStart(2, '0')}`],
        displayName: `${person.givenName} ${person.familyName}`,
        givenName: person.givenName,
        surname: person.familyName,
        jobTitle: canaryText(pr),
        mail: person === hidden ? null : person.email.replace(/^./, (c) => c.toUpperCase()),
        mobilePhone: null,
        officeLocation: i % 10 === 9 ? null : remote ? 'Remote' : (CITIES[person.timeZone] ?? null),
        preferredLanguage: 'en-US',
        userPrincipalName: `${local}@${org.domain}`,
        department: department ? (teams.get(department)?.name ?? null) : null,
        accountEnabled: true,
      },
    };
    users.push(record);
    byPerson.set(person.id, record);
  }
  for (const record of users) {
    const person = org.people.find((p) => p.id === record.personId);
    record.managerId = person?.managerId ? (byPerson.get(person.managerId)?.id ?? null) : null;
  }

  const account = (local: string, displayName: string, department: string | null): GraphUserRecord => {
    const id = guid(r);
    const mail = `${local}@${org.domain}`;
    return {
      id,
      personId: null,
      managerId: null,
      mailbox: null,
      wire: { id, businessPhones: [], displayName, givenName: null, surname: null, jobTitle: null, mail, mobilePhone: null, officeLocation: null, preferredLanguage: null, userPrincipalName: mail, department, accountEnabled: false },
    };
  };
  const former = [account('former.employee1', `${canaryText(r)} Former`, 'Sales'), account('former.employee2', `${canaryText(r)} Former`, 'Engineering')];
  const rooms = Array.from({ length: 6 }, (_, k) => account(`room-${k + 1}`, `Room ${k + 1} ${canaryText(r)}`, null));
  users.push(...former, ...rooms);

  return {
    tenantId,
    domain: org.domain,
    users: r.shuffle(users),
    byId: new Map(users.map((u) => [u.id, u])),
    byPerson,
    rooms,
    hiddenMailPersonId: hidden.id,
    unknownZonePersonId: unknownZone?.id ?? null,
    ianaZonePersonIds: ianaZone,
    utcWorkingHoursPersonIds: utcHours,
  };
}
