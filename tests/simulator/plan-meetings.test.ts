import { describe, expect, it } from 'vitest';
import { localTime } from '../../simulator/local-time.ts';
import { generateOrganisation } from '../../simulator/organisation/generate-organisation.ts';
import { calendarProviderOf, planMeetings, type PlannedMeeting } from '../../simulator/organisation/plan-meetings.ts';

const END = new Date('2026-03-04T15:30:00Z');
const org = generateOrganisation({ seed: 11, people: 300, weeks: 6, end: END });
const meetings = planMeetings(org);
const people = new Map(org.people.map((p) => [p.id, p]));
const byEmail = new Map(org.people.map((p) => [p.email, p]));
const WEEK_MS = 7 * 86_400_000;

/** Everyone on the event who did not decline, organiser included. */
function present(m: PlannedMeeting): string[] {
  return [m.organizerId, ...m.attendees.filter((a) => a.response !== 'declined').map((a) => a.personId)];
}

function localMinute(personId: string, at: Date): { minute: number; weekday: number } {
  const zone = people.get(personId)?.timeZone ?? 'UTC';
  return localTime.fromUtc(zone, at.getTime());
}

describe('planMeetings', () => {
  it('is deterministic and keeps earlier days when the period grows within its last week', () => {
    expect(planMeetings(org)).toBe(meetings);
    expect(planMeetings(generateOrganisation({ seed: 11, people: 300, weeks: 6, end: END }))).toEqual(meetings);
    const later = generateOrganisation({ seed: 11, people: 300, weeks: 6, end: new Date('2026-03-06T12:00:00Z') });
    const longer = planMeetings(later);
    expect(longer.length).toBeGreaterThan(meetings.length);
    expect(longer.filter((m) => m.start < END)).toEqual(meetings);
    const other = planMeetings(generateOrganisation({ seed: 12, people: 300, weeks: 6, end: END }));
    expect(other.map((m) => m.start.getTime())).not.toEqual(meetings.map((m) => m.start.getTime()));
  });

  it('stays inside the period, creates before the start and cancels in between', () => {
    const ids = new Set(meetings.map((m) => m.id));
    expect(ids.size).toBe(meetings.length);
    expect(meetings.length).toBeGreaterThan(3000);
    expect(meetings.reduce((n, m) => n + 1 + m.attendees.length, 0)).toBeLessThan(60_000);
    for (const m of meetings) {
      expect(m.start >= org.period.start && m.start < org.period.end).toBe(true);
      expect(m.end > m.start).toBe(true);
      expect(m.createdAt < m.start).toBe(true);
      if (m.cancelledAt) expect(m.cancelledAt > m.createdAt && m.cancelledAt < m.start).toBe(true);
      expect(m.attendees.map((a) => a.personId)).not.toContain(m.organizerId);
      expect(new Set(m.attendees.map((a) => a.personId)).size).toBe(m.attendees.length);
    }
    expect(meetings.filter((m) => m.cancelledAt).length).toBeGreaterThan(50);
  });

  it('has every shape the calendar features need', () => {
    const timed = meetings.filter((m) => !m.allDay);
    expect(timed.filter((m) => m.kind === 'meeting' && m.attendees.length + 1 > 8).length).toBeGreaterThan(20);
    expect(timed.filter((m) => m.end.getTime() - m.start.getTime() > 3_600_000 && m.kind === 'meeting').length).toBeGreaterThan(20);
    expect(meetings.filter((m) => m.allDay && m.kind === 'meeting').length).toBeGreaterThan(5);
    expect(meetings.filter((m) => m.kind === 'out_of_office' && m.attendees.length === 0).length).toBeGreaterThan(5);
    expect(timed.filter((m) => m.kind === 'focus_time').length).toBeGreaterThan(100);
    expect(meetings.filter((m) => m.attendees.some((a) => a.response === 'declined')).length).toBeGreaterThan(100);
    expect(meetings.filter((m) => m.online).length).toBeGreaterThan(100);
    expect(meetings.filter((m) => !m.online && m.rooms > 0).length).toBeGreaterThan(100);

    const series = new Map<string, PlannedMeeting[]>();
    for (const m of meetings) if (m.recurringSeriesId) series.set(m.recurringSeriesId, [...(series.get(m.recurringSeriesId) ?? []), m]);
    expect([...series.values()].filter((s) => s.length >= 5).length).toBeGreaterThan(50);
    for (const s of series.values()) expect(new Set(s.map((m) => localMinute(m.organizerId, m.start).minute)).size).toBe(1);

    const perPerson = new Map<string, PlannedMeeting[]>();
    for (const m of timed.filter((x) => x.kind === 'meeting' && !x.cancelledAt)) {
      for (const id of present(m)) perPerson.set(id, [...(perPerson.get(id) ?? []), m]);
    }
    let backToBack = 0;
    let overlapping = 0;
    for (const list of perPerson.values()) {
      list.sort((a, b) => a.start.getTime() - b.start.getTime());
      for (let i = 1; i < list.length; i++) {
        const prev = list[i - 1] as PlannedMeeting;
        const cur = list[i] as PlannedMeeting;
        if (cur.start.getTime() === prev.end.getTime()) backToBack++;
        if (cur.start < prev.end) overlapping++;
      }
    }
    expect(backToBack).toBeGreaterThan(100);
    expect(overlapping).toBeGreaterThan(100);
  });

  it('puts ordinary meetings inside the organiser’s working hours on weekdays', () => {
    const ordinary = meetings.filter((m) => !m.allDay && !m.id.startsWith('evening:'));
    for (const m of ordinary) {
      const organizer = people.get(m.organizerId);
      const { minute, weekday } = localMinute(m.organizerId, m.start);
      expect(weekday).toBeLessThanOrEqual(5);
      expect(minute).toBeGreaterThanOrEqual(organizer?.workStartMinute ?? 0);
      expect(minute).toBeLessThan(organizer?.workEndMinute ?? 0);
    }
  });

  it('gives planted after-hours people evening and weekend meetings in the planted weeks only', () => {
    const plantedFrom = org.groundTruth.plantedFrom;
    const afterHours = (id: string, before: boolean) =>
      meetings.filter((m) => {
        if (m.allDay || !present(m).includes(id) || (m.start < plantedFrom) !== before) return false;
        const person = people.get(id);
        const { minute, weekday } = localMinute(id, m.start);
        return weekday >= 6 || minute >= (person?.workEndMinute ?? 0) + 60;
      }).length;
    for (const email of org.groundTruth.afterHoursOverload) {
      const id = byEmail.get(email)?.id ?? '';
      expect(afterHours(id, false)).toBeGreaterThanOrEqual(afterHours(id, true) + 10);
    }
  });

  it('shrinks the circle of planted shrinking-network people in the last weeks', () => {
    const lastWeek = org.period.end.getTime() - WEEK_MS;
    const firstWeeks = org.groundTruth.plantedFrom.getTime() - 2 * WEEK_MS;
    for (const email of org.groundTruth.shrinkingNetwork) {
      const id = byEmail.get(email)?.id ?? '';
      const met = (from: number, to: number) =>
        new Set(
          meetings
            .filter((m) => m.kind === 'meeting' && m.start.getTime() >= from && m.start.getTime() < to && present(m).includes(id))
            .flatMap((m) => present(m).filter((x) => x !== id)),
        );
      const early = met(firstWeeks - WEEK_MS, firstWeeks);
      const late = met(lastWeek, org.period.end.getTime());
      expect(early.size).toBeGreaterThanOrEqual(4);
      expect(late.size).toBeLessThanOrEqual(2);
    }
  });

  it('keeps every calendar in exactly one provider, whole departments to Microsoft, about a third', () => {
    const providers = org.people.map((p) => calendarProviderOf(org, p.id));
    const microsoft = providers.filter((p) => p === 'microsoft').length;
    expect(microsoft / org.people.length).toBeGreaterThan(0.2);
    expect(microsoft / org.people.length).toBeLessThan(0.45);
    const teamProvider = new Map<string, Set<string>>();
    org.people.forEach((p, i) => teamProvider.set(p.teamId, (teamProvider.get(p.teamId) ?? new Set()).add(providers[i] ?? '')));
    for (const set of teamProvider.values()) expect(set.size).toBe(1);
    expect(calendarProviderOf(org, org.people.find((p) => p.managerId === null)?.id ?? '')).toBe('google');
    expect(() => calendarProviderOf(org, 'P9999')).toThrow(RangeError);
  });
});
