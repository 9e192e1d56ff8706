import type { SqlStatement } from '../../models/sql-statement.ts';
import { featureWorkTables } from './feature-work-tables.ts';

/**
 * Creates the temporary table of the stored events an incremental recompute may need, once after
 * the dirty-days table: those that can reach a dirty day in any time zone (from the day before
 * the first dirty day to two days after the last). Every copy of a calendar event shares its
 * start, so a meeting's copies are all in or all out. A table, not a filter in each reader: DuckDB
 * estimates a table's rows exactly, and it took a join on the dirty days' bounds for a few rows,
 * building its hash tables on the events (late events over 30 days cost more than a full recompute).
 */
export function reachableEventsStatement(): SqlStatement {
  return {
    sql: `CREATE OR REPLACE TEMP TABLE ${featureWorkTables.reachableEvents} AS
      SELECT e.* FROM events e, (SELECT min(day) AS first_day, max(day) AS last_day FROM ${featureWorkTables.dirtyDays}) b
      WHERE e.end_at >= timezone('UTC', b.first_day - INTERVAL 1 DAY) AND e.start_at < timezone('UTC', b.last_day + INTERVAL 2 DAY)`,
  };
}

/** SQL for the stored events a recompute may need: all of them, or with `onlyDirtyDays` the reachable-events table. */
export function reachableEventsSql({ onlyDirtyDays }: { onlyDirtyDays: boolean }): string {
  return onlyDirtyDays ? featureWorkTables.reachableEvents : 'events';
}
