import { featureWorkTables } from './feature-work-tables.ts';
import { dayMs } from '../../models/time.ts';

const quarterMs = 15 * 60_000;

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
 * (the `zone` of a zone period) from the zone-offsets table, with two equality joins (fast hash
 * joins) named after `alias`: the day's row, and its quarter-hour row on a day the offset
 * changes. Returns the joins to put after FROM and the offset expression (ms) to use once they are in place.
 */
export function zoneOffsetSql(alias: string, zone: string, instantMs: string): { joins: string; offsetMs: string } {
  const table = featureWorkTables.zoneOffsets;
  const zoneDay = zoneDaySql(zone, `(${instantMs}) // ${dayMs}`);
  return {
    joins: `JOIN ${table} ${alias}_day ON ${alias}_day.zone_day = ${zoneDay} AND ${alias}_day.quarter = -1
      LEFT JOIN ${table} ${alias}_quarter ON ${alias}_quarter.zone_day = ${zoneDay}
        AND ${alias}_quarter.quarter = (${instantMs}) % ${dayMs} // ${quarterMs}`,
    offsetMs: `coalesce(${alias}_quarter.offset_ms, ${alias}_day.offset_ms)`,
  };
}
