import { dayMs } from '../../models/time.ts';
/** A person's working week as the private store keeps it: ISO weekdays (1 = Monday) and minutes after local midnight. */
export interface WorkingWeek {
  timeZone: string;
  workDays: readonly number[];
  workStartMinute: number;
  workEndMinute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const weekdays = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const stepMs = 5 * 60_000;

/** The local ISO weekday and minute of the day of an instant in a time zone (DST included, by the platform's zone data). */
function localClock(timeZone: string, at: number): { weekday: number; minute: number } {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(at)).map((p) => [p.type, p.value]));
  return { weekday: weekdays.indexOf(parts.weekday ?? '') + 1, minute: Number(parts.hour) * 60 + Number(parts.minute) };
}

/** Whether `at` falls inside the person's working hours, in their own time zone. */
export function isWithinWorkingHours(week: WorkingWeek, at: Date): boolean {
  const { weekday, minute } = localClock(week.timeZone, at.getTime());
  return week.workDays.includes(weekday) && minute >= week.workStartMinute && minute < week.workEndMinute;
}

/**
 * The first instant at or after `at` (to 5 minutes) inside the person's working hours, looking
 * at most 8 days ahead; null when they have none (no working days). Walking the real clock
 * forward keeps DST changes right without any offset arithmetic.
 */
export function nextWorkingMoment(week: WorkingWeek, at: Date): Date | null {
  if (week.workDays.length === 0 || week.workEndMinute <= week.workStartMinute) return null;
  const start = Math.ceil(at.getTime() / stepMs) * stepMs;
  if (isWithinWorkingHours(week, at)) return at;
  for (let t = start; t < at.getTime() + 8 * dayMs; t += stepMs) {
    if (isWithinWorkingHours(week, new Date(t))) return new Date(t);
  }
  return null;
}
