import type { GraphWorkingHours } from './wire/graph-working-hours.ts';
import { ianaTimeZoneOf } from './windows-time-zone.ts';

/** Working hours in a person's own zone: ISO weekdays, start and end minutes after local midnight. */
export interface WorkingHours {
  workDays: number[];
  workStartMinute: number;
  workEndMinute: number;
}

const ISO_DAY: Readonly<Record<GraphWorkingHours['daysOfWeek'][number], number>> = {
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
  sunday: 7,
};

const minuteOf = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** The zone's offset from UTC in minutes at an instant. */
function offsetMinutes(timeZone: string, at: number): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' }).formatToParts(new Date(at));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'));
  return Math.round((wall - Math.floor(at / 60_000) * 60_000) / 60_000);
}

/**
 * A mailbox's working hours in the person's zone. When `workingHours.timeZone` names another zone
 * than `personZone`, start and end move by the difference of the two offsets at `at`, and the
 * days move with them when the start crosses midnight; an end past midnight is cut at 24:00.
 * Null when the hours say nothing usable (no days, or an end not after the start).
 */
export function graphWorkingHours(hours: GraphWorkingHours, personZone: string | null, at: number): WorkingHours | null {
  let start = minuteOf(hours.startTime);
  let end = minuteOf(hours.endTime);
  let days = [...new Set(hours.daysOfWeek.map((d) => ISO_DAY[d]))];
  const hoursZone = ianaTimeZoneOf(hours.timeZone?.name);
  if (personZone !== null && hoursZone !== null && hoursZone !== personZone) {
    const shift = offsetMinutes(personZone, at) - offsetMinutes(hoursZone, at);
    const dayShift = Math.floor((start + shift) / 1440);
    start = start + shift - dayShift * 1440;
    end = end + shift - dayShift * 1440;
    days = days.map((d) => ((((d - 1 + dayShift) % 7) + 7) % 7) + 1);
  }
  end = Math.min(end, 1440);
  if (days.length === 0 || end <= start) return null;
  return { workDays: days.sort((a, b) => a - b), workStartMinute: start, workEndMinute: end };
}
