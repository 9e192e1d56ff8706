import { featureWorkTables } from './feature-work-tables.ts';

/**
 * SQL for the stored events a recompute may need: all of them, or with `onlyDirtyDays` those
 * that can reach a dirty day in any time zone (from the day before the first dirty day to two
 * days after the last). Every copy of a calendar event shares its start, so a meeting's copies
 * are all in or all out.
 */
export function reachableEventsSql({ onlyDirtyDays }: { onlyDirtyDays: boolean }): string {
  return onlyDirtyDays
    ? `(SELECT e.* FROM events e, (SELECT min(day) AS first_day, max(day) AS last_day FROM ${featureWorkTables.dirtyDays}) b
        WHERE e.end_at >= timezone('UTC', b.first_day - INTERVAL 1 DAY) AND e.start_at < timezone('UTC', b.last_day + INTERVAL 2 DAY))`
    : 'events';
}
