import { featureWorkTables } from './feature-work-tables.ts';
import { dayMs } from '../../models/time.ts';

/** Milliseconds in a quarter hour: the zone-offsets table's step on a day the offset changes. */
export const quarterMs = 15 * 60_000;

/**
 * SQL for the key of a zone's UTC day in the zone-offsets table: the zone's number (of the
 * zone-periods table) in the high 32 bits, the day number in the low ones, one integer so that a
 * lookup is a single equality on a column of the person's zone period (joined on two columns,
 * DuckDB joined the offsets to every event on the day alone first, eight zones' rows per event).
 */
export function zoneDaySql(zone: string, utcDay: string): string {
  return `((${zone})::BIGINT * 4294967296 + (${utcDay}))`;
}

/**
 * SQL to look up the UTC offset of the instant `instantMs` (epoch ms) in the zone numbered `zone`
 * (the `zone` of a zone period) from the zone-offsets table, with one equality join (a fast hash
 * join) named `alias` on the day's row, whose quarter-hour offsets give the offset on a day it
 * changes. Returns the join to put after FROM and the offset expression (ms) to use once it is in place.
 * One inner join, not a join on the day's row and an outer join on the quarter-hour rows: DuckDB
 * expected a few dozen rows out of the first and built the outer join's hash table on them (every
 * event, with all its columns) instead of on the table (demo store: the larger part of the person events).
 */
export function zoneOffsetSql(alias: string, zone: string, instantMs: string): { join: string; offsetMs: string } {
  const quarter = `(${instantMs}) % ${dayMs} // ${quarterMs}`;
  return {
    join: `JOIN ${featureWorkTables.zoneOffsets} ${alias} ON ${alias}.zone_day = ${zoneDaySql(zone, `(${instantMs}) // ${dayMs}`)}`,
    offsetMs: `coalesce(CASE WHEN ${quarter} >= 0 THEN ${alias}.quarter_offsets[${quarter} + 1] END, ${alias}.offset_ms)`,
  };
}
