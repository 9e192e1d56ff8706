import { z } from 'zod';
import { dayMs, hourMs } from './time.ts';

/** A half-open time window [start, end) in UTC, as ISO-8601 strings so it crosses workflow history unchanged. */
export const RunWindow = z
  .object({ start: z.iso.datetime(), end: z.iso.datetime() })
  .refine((w) => Date.parse(w.start) < Date.parse(w.end), 'a window must start before it ends');
/** A half-open time window [start, end) in UTC. */
export type RunWindow = z.infer<typeof RunWindow>;

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const utcMidnight = (iso: string) => Math.floor(Date.parse(iso) / dayMs) * dayMs;

/** Half-open range of calendar days, 'YYYY-MM-DD'. */
export interface DayRange {
  from: string;
  to: string;
}

/**
 * The local days a window touches anywhere on Earth: one day of slack on each side, since a
 * UTC window covers parts of the previous and next local day in far time zones.
 */
export function localDaysOf(window: RunWindow): DayRange {
  return { from: isoDay(utcMidnight(window.start) - dayMs), to: isoDay(utcMidnight(window.end) + 2 * dayMs) };
}

/** The Monday ('YYYY-MM-DD') of the first ISO week (local) that starts at or after the instant `startMs` in every time zone (up to UTC+14). */
export function firstWeekStartingAfter(startMs: number): string {
  const firstMidnight = Math.ceil((startMs + 14 * hourMs) / dayMs) * dayMs;
  return isoDay(firstMidnight + ((8 - new Date(firstMidnight).getUTCDay()) % 7) * dayMs);
}

/**
 * The ISO weeks (Monday to Sunday, local) that lie wholly inside the window in every time zone
 * (UTC−12 to UTC+14), as a half-open range of Monday dates; empty (from = to) when none fits.
 */
export function completeWeeksOf(window: RunWindow): DayRange {
  const first = Date.parse(`${firstWeekStartingAfter(Date.parse(window.start))}T00:00:00Z`);
  const lastWeekEnd = Date.parse(window.end) - 12 * hourMs;
  const weeks = Math.max(0, Math.floor((lastWeekEnd - first) / (7 * dayMs)));
  return { from: isoDay(first), to: isoDay(first + weeks * 7 * dayMs) };
}

/** The window of `days` days ending at `end` (a run's nominal time), half-open, in UTC. */
export function windowEndingAt(end: Date, days: number): RunWindow {
  return { start: new Date(end.getTime() - days * dayMs).toISOString(), end: end.toISOString() };
}
