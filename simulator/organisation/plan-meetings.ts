import { localTime, type LocalDate } from '../local-time.ts';
import { Random } from '../random.ts';
import { departmentOf } from './department-of.ts';
import { createInteractionPolicy, type InteractionPolicy } from './interaction-policy.ts';
import type { Organisation } from './organisation.ts';
import type { PlannedMeeting, PlannedResponse } from './planned-meeting.ts';
import type { SimPerson } from './sim-person.ts';

export type { PlannedMeeting, PlannedResponse } from './planned-meeting.ts';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
const WEEK_MS = 7 * DAY_MS;
const EVENING_START = 19 * 60;

const providers = new WeakMap<Organisation, Map<string, 'google' | 'microsoft'>>();
/** Each organisation's plan, made once: the Google and Microsoft simulators both keep records that point into it. */
const plans = new WeakMap<Organisation, readonly PlannedMeeting[]>();

/**
 * Which provider holds a person's calendar. Whole departments live on Microsoft 365: the set of
 * departments whose head count comes closest to a third of the people (first such set in a fixed
 * enumeration); the chief and every other department stay on Google. Deterministic for an organisation.
 */
export function calendarProviderOf(org: Organisation, personId: string): 'google' | 'microsoft' {
  let split = providers.get(org);
  if (!split) {
    const departments = departmentOf(org);
    const sizes = new Map<string, number>();
    for (const d of departments.values()) if (d) sizes.set(d, (sizes.get(d) ?? 0) + 1);
    const target = org.people.length / 3;
    const names = [...sizes.keys()];
    let best = 0;
    let bestGap = Infinity;
    for (let mask = 1; mask < 1 << names.length; mask++) {
      const count = names.reduce((sum, d, i) => sum + (mask & (1 << i) ? (sizes.get(d) ?? 0) : 0), 0);
      if (Math.abs(count - target) < bestGap) {
        best = mask;
        bestGap = Math.abs(count - target);
      }
    }
    const microsoft = new Set(names.filter((_, i) => best & (1 << i)));
    split = new Map(org.people.map((p) => [p.id, microsoft.has(departments.get(p.id) ?? '') ? 'microsoft' : 'google']));
    providers.set(org, split);
  }
  const provider = split.get(personId);
  if (!provider) throw new RangeError(`unknown person ${personId}`);
  return provider;
}

interface Draft {
  id: string;
  organizer: SimPerson;
  invitees: SimPerson[];
  start: number;
  minutes: number;
  online: boolean;
  rooms: number;
  series: string | null;
  createdAt: number;
  allDay?: boolean;
}

interface Planner {
  org: Organisation;
  policy: InteractionPolicy;
  root: Random;
  out: PlannedMeeting[];
}

const RESPONSES: readonly (readonly [PlannedResponse, number])[] = [
  ['accepted', 0.76],
  ['tentative', 0.07],
  ['needs_action', 0.07],
  ['declined', 0.1],
];

/** A cancellation instant for an event created at `created` that starts at `start`, for a few events. */
function maybeCancelled(r: Random, created: number, start: number, p: number): Date | null {
  if (!r.chance(p)) return null;
  return new Date(Math.round(created + (start - created) * r.between(0.3, 0.95)));
}

/** True when an instant lies in the organisation's period; drawing happens before this check, so the period never shifts a stream. */
function inPeriod(org: Organisation, at: number): boolean {
  return at >= org.period.start.getTime() && at < org.period.end.getTime();
}

/**
 * Turns a draft into a planned meeting: draws each invitee's answer, makes a shrinking-network
 * invitee decline when anyone else attending is outside their circle at that time, and keeps it
 * only when it starts inside the period.
 */
function addMeeting(p: Planner, r: Random, d: Draft): void {
  const attendees = d.invitees.map((person) => ({ person, response: r.weighted(RESPONSES) }));
  const cancelledAt = maybeCancelled(r, d.createdAt, d.start, 0.03);
  if (!inPeriod(p.org, d.start)) return;
  for (const a of attendees) {
    const circle = p.policy.circle(a.person.id, d.start);
    if (!circle || a.response === 'declined') continue;
    const others = [d.organizer, ...attendees.filter((b) => b !== a && b.response !== 'declined').map((b) => b.person)];
    if (others.some((o) => !circle.includes(o.id))) a.response = 'declined';
  }
  p.out.push({
    id: d.id,
    organizerId: d.organizer.id,
    attendees: attendees.map((a) => ({ personId: a.person.id, response: a.response })),
    rooms: d.rooms,
    start: new Date(d.start),
    end: new Date(d.start + d.minutes * MINUTE_MS),
    allDay: d.allDay ?? false,
    kind: 'meeting',
    online: d.online,
    recurringSeriesId: d.series,
    createdAt: new Date(d.createdAt),
    cancelledAt,
  });
}

/** A block on one person's own calendar: focus time, out of office or an all-day event. */
function addBlock(p: Planner, r: Random, person: SimPerson, block: Pick<PlannedMeeting, 'id' | 'kind' | 'allDay'> & { start: number; end: number; createdAt: number }): void {
  const cancelledAt = maybeCancelled(r, block.createdAt, block.start, 0.02);
  if (!inPeriod(p.org, block.start)) return;
  p.out.push({
    id: block.id,
    organizerId: person.id,
    attendees: [],
    rooms: 0,
    start: new Date(block.start),
    end: new Date(block.end),
    allDay: block.allDay,
    kind: block.kind,
    online: false,
    recurringSeriesId: null,
    createdAt: new Date(block.createdAt),
    cancelledAt,
  });
}

/** True when the people do not all share one time zone (a video call is then always attached). */
function spread(people: readonly SimPerson[]): boolean {
  return new Set(people.map((x) => x.timeZone)).size > 1;
}

/** A daily (weekdays), weekly or fortnightly series owned by `organizer`: its fixed slot is drawn once per series. */
function planSeries(
  p: Planner,
  date: LocalDate,
  spec: { key: string; organizer: SimPerson; invitees: SimPerson[]; daily: boolean; everyOtherWeek?: boolean; minutes: number; offset: [number, number] },
): void {
  if (spec.invitees.length === 0) return;
  const s = p.root.fork(`series:${spec.key}`);
  const weekdays = spec.daily ? [1, 2, 3, 4, 5] : [s.int(1, 5)];
  const minute = spec.organizer.workStartMinute + s.int(spec.offset[0] / 15, spec.offset[1] / 15) * 15;
  const online = spread([spec.organizer, ...spec.invitees]) || s.chance(0.5);
  const parity = s.int(0, 1);
  if (!weekdays.includes(localTime.weekday(date))) return;
  const week = Math.floor(Date.UTC(date.year, date.month - 1, date.day) / WEEK_MS);
  if (spec.everyOtherWeek && week % 2 !== parity) return;
  const start = localTime.toUtc(spec.organizer.timeZone, date, Math.min(minute, spec.organizer.workEndMinute - spec.minutes));
  const r = p.root.fork(`${spec.key}:${localTime.iso(date)}`);
  addMeeting(p, r, {
    id: `${spec.key}:${localTime.iso(date)}`,
    organizer: spec.organizer,
    invitees: spec.invitees,
    start,
    minutes: spec.minutes,
    online,
    rooms: online && !s.chance(0.4) ? 0 : spec.invitees.length > 14 ? 2 : 1,
    series: spec.key,
    createdAt: start - 35 * DAY_MS,
  });
}

/** People the organiser may meet at `at`, drawn from pools (team, department, anyone) and the interaction policy. */
function pickInvitees(p: Planner, r: Random, organizer: SimPerson, pools: SimPerson[][], count: number, at: number): SimPerson[] {
  const chosen: SimPerson[] = [];
  for (let attempt = 0; attempt < count * 4 && chosen.length < count; attempt++) {
    const pool = r.weighted(pools.map((pool, i) => [pool, pool.length === 0 ? 0 : [0.6, 0.3, 0.1][i] ?? 0.1] as const));
    if (pool.length === 0) break;
    const c = r.pick(pool);
    if (c.id === organizer.id || chosen.includes(c)) continue;
    if ([organizer, ...chosen].every((x) => p.policy.allowed(x.id, c.id, at))) chosen.push(c);
  }
  return chosen;
}

/**
 * Plans every calendar event instance of the organisation's period: team standups and weeklies,
 * department meetings and fortnightly all-hands (large, long), weekly or fortnightly 1:1s with
 * managers, ad-hoc meetings inside and across teams that follow the interaction policy (so
 * shrinking-network people meet fewer people), back-to-back chains, overlapping invitations, team
 * offsites and personal all-day events, out-of-office days, focus-time blocks and declined
 * invitations. Times follow each organiser's zone and working hours; a planted after-hours person
 * gets evening (and some weekend) meetings from `plantedFrom`. Every (series or person, local day)
 * owns a random sub-stream, so a longer period leaves earlier days unchanged. Planned once per
 * organisation object: later calls return the same (frozen) list.
 */
export function planMeetings(org: Organisation): readonly PlannedMeeting[] {
  let plan = plans.get(org);
  if (!plan) {
    plan = Object.freeze(planEveryMeeting(org));
    plans.set(org, plan);
  }
  return plan;
}

function planEveryMeeting(org: Organisation): PlannedMeeting[] {
  const p: Planner = { org, policy: createInteractionPolicy(org), root: new Random(org.seed).fork('meetings'), out: [] };
  const people = new Map(org.people.map((x) => [x.id, x]));
  const departments = departmentOf(org);
  const byTeam = new Map<string, SimPerson[]>();
  const byDepartment = new Map<string, SimPerson[]>();
  for (const x of org.people) {
    byTeam.set(x.teamId, [...(byTeam.get(x.teamId) ?? []), x]);
    const d = departments.get(x.id);
    if (d) byDepartment.set(d, [...(byDepartment.get(d) ?? []), x]);
  }
  const parents = new Set(org.teams.map((t) => t.parentId));
  const leafTeams = org.teams.filter((t) => t.parentId !== null && !parents.has(t.id));
  const departmentTeams = org.teams.filter((t) => t.parentId !== null && parents.has(t.id));
  const chief = org.people.find((x) => x.managerId === null);
  const plantedFrom = org.groundTruth.plantedFrom.getTime();

  const first = org.period.start.getTime() - DAY_MS;
  for (let day = first; day < org.period.end.getTime() + DAY_MS; day += DAY_MS) {
    const utc = new Date(day);
    const date: LocalDate = { year: utc.getUTCFullYear(), month: utc.getUTCMonth() + 1, day: utc.getUTCDate() };
    const iso = localTime.iso(date);
    const weekday = localTime.weekday(date);

    for (const team of leafTeams) {
      const manager = people.get(team.managerId ?? '');
      const members = (byTeam.get(team.id) ?? []).filter((x) => x !== manager);
      if (!manager) continue;
      planSeries(p, date, { key: `standup:${team.id}`, organizer: manager, invitees: members, daily: true, minutes: 15, offset: [15, 60] });
      planSeries(p, date, { key: `weekly:${team.id}`, organizer: manager, invitees: members, daily: false, minutes: 60, offset: [120, 300] });
      const r = p.root.fork(`offsite:${team.id}:${iso}`);
      if (weekday <= 5 && r.chance(0.008)) {
        const start = localTime.toUtc(manager.timeZone, date, 0);
        const end = localTime.toUtc(manager.timeZone, localTime.addDays(date, 1), 0);
        const minutes = (end - start) / MINUTE_MS;
        addMeeting(p, r, { id: `offsite:${team.id}:${iso}`, organizer: manager, invitees: members, start, minutes, online: false, rooms: 1, series: null, createdAt: start - 21 * DAY_MS, allDay: true });
      }
    }

    for (const team of departmentTeams) {
      const head = people.get(team.managerId ?? '');
      if (!head) continue;
      const everyone = (byDepartment.get(team.id) ?? []).filter((x) => x !== head);
      const leads = everyone.filter((x) => x.managerId === head.id);
      planSeries(p, date, { key: `dept:${team.id}`, organizer: head, invitees: leads, daily: false, everyOtherWeek: true, minutes: 90, offset: [60, 240] });
      planSeries(p, date, { key: `allhands:${team.id}`, organizer: head, invitees: everyone, daily: false, everyOtherWeek: true, minutes: 60, offset: [180, 360] });
    }
    if (chief) {
      const heads = org.people.filter((x) => x.managerId === chief.id);
      planSeries(p, date, { key: `leadership:${chief.id}`, organizer: chief, invitees: heads, daily: false, minutes: 60, offset: [60, 180] });
    }

    for (const person of org.people) {
      const manager = people.get(person.managerId ?? '');
      if (manager) {
        const weekly = p.root.fork(`series:1on1:${person.id}`).chance(0.5);
        planSeries(p, date, { key: `1on1:${person.id}`, organizer: manager, invitees: [person], daily: false, everyOtherWeek: !weekly, minutes: 30, offset: [60, 360] });
      }
      planPersonDay(p, person, date, {
        team: (byTeam.get(person.teamId) ?? []).filter((x) => x !== person),
        department: byDepartment.get(departments.get(person.id) ?? '') ?? [],
        everyone: org.people,
        overloaded: person.planted === 'after_hours_overload' && localTime.toUtc(person.timeZone, date, 12 * 60) >= plantedFrom,
      });
    }
  }
  return p.out.sort((a, b) => a.start.getTime() - b.start.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** One person's own events on one local day: ad-hoc meetings they organise, evening meetings, blocks. */
function planPersonDay(p: Planner, person: SimPerson, date: LocalDate, ctx: { team: SimPerson[]; department: SimPerson[]; everyone: SimPerson[]; overloaded: boolean }): void {
  const iso = localTime.iso(date);
  const weekday = localTime.weekday(date);
  const r = p.root.fork(`person:${person.id}:${iso}`);
  const at = (minute: number): number => localTime.toUtc(person.timeZone, date, minute);
  const { workStartMinute: ws, workEndMinute: we } = person;
  const pools = [ctx.team, ctx.department, ctx.everyone];

  if (weekday <= 5) {
    const isManager = person.managerId === null || ctx.team.some((x) => x.managerId === person.id);
    const singles = r.chance(isManager ? 0.5 : 0.3) ? 1 : 0;
    const chain = r.chance(0.08) ? r.int(2, 4) : 0;
    let cursor = ws + r.int(0, Math.max(0, (we - ws - 120) / 15)) * 15;
    for (let k = 0; k < singles + chain; k++) {
      const minutes = k < singles ? r.weighted([[30, 0.5], [45, 0.15], [60, 0.25], [90, 0.07], [120, 0.03]] as const) : 30;
      const startMinute = k < singles ? ws + r.int(0, Math.max(0, (we - ws - minutes) / 15)) * 15 : cursor;
      if (k >= singles) cursor += minutes;
      const start = at(Math.min(startMinute, 23 * 60));
      const size = r.weighted([[1, 0.35], [2, 0.25], [r.int(3, 5), 0.33], [r.int(9, 14), 0.07]] as const);
      const invitees = pickInvitees(p, r, person, pools, size, start);
      if (invitees.length === 0) continue;
      const online = spread([person, ...invitees]) || r.chance(0.6);
      addMeeting(p, r, {
        id: `adhoc:${person.id}:${iso}:${k}`,
        organizer: person,
        invitees,
        start,
        minutes,
        online,
        rooms: online ? (r.chance(0.25) ? 1 : 0) : invitees.length > 8 ? 2 : 1,
        series: null,
        createdAt: start - Math.round(r.between(HOUR_MS, 10 * DAY_MS)),
      });
    }
    if (r.chance(0.12)) {
      const minutes = r.pick([90, 120, 180]);
      const start = at(ws + r.int(0, Math.max(0, (we - ws - minutes) / 30)) * 30);
      addBlock(p, r, person, { id: `focus:${person.id}:${iso}`, kind: 'focus_time', allDay: false, start, end: start + minutes * MINUTE_MS, createdAt: start - Math.round(r.between(DAY_MS, 7 * DAY_MS)) });
    }
    if (r.chance(0.012)) {
      const start = at(0);
      const end = localTime.toUtc(person.timeZone, localTime.addDays(date, r.int(1, 4)), 0);
      addBlock(p, r, person, { id: `ooo:${person.id}:${iso}`, kind: 'out_of_office', allDay: true, start, end, createdAt: start - Math.round(r.between(3 * DAY_MS, 30 * DAY_MS)) });
    } else if (r.chance(0.01)) {
      const start = at(0);
      const end = localTime.toUtc(person.timeZone, localTime.addDays(date, 1), 0);
      addBlock(p, r, person, { id: `allday:${person.id}:${iso}`, kind: 'meeting', allDay: true, start, end, createdAt: start - Math.round(r.between(2 * DAY_MS, 20 * DAY_MS)) });
    }
  }

  if (ctx.overloaded && r.chance(weekday <= 5 ? 0.85 : 0.35)) {
    const count = weekday <= 5 ? r.int(1, 3) : 1;
    let minute = weekday <= 5 ? Math.max(EVENING_START, we + 60) + r.int(0, 4) * 15 : r.int(40, 64) * 15;
    for (let k = 0; k < count; k++) {
      const minutes = r.pick([30, 45, 60]);
      const start = at(minute);
      minute += minutes + r.pick([0, 15]);
      const invitees = pickInvitees(p, r, person, [ctx.team, ctx.department], r.int(1, 3), start);
      if (invitees.length === 0) continue;
      addMeeting(p, r, {
        id: `evening:${person.id}:${iso}:${k}`,
        organizer: person,
        invitees,
        start,
        minutes,
        online: true,
        rooms: 0,
        series: null,
        createdAt: start - Math.round(r.between(HOUR_MS, 8 * HOUR_MS)),
      });
    }
  }
}
