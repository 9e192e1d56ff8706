import { featureWorkTables } from './feature-work-tables.ts';
import { dayMs } from '../../models/time.ts';

const quarterMs = 15 * 60_000;

/**
 * SQL to look up the UTC offset of the instant `instantMs` (epoch ms) in the zone `timeZone`
 * from the zone-offsets table, with two equality joins (fast hash joins) named after `alias`:
 * the day's row, and its quarter-hour row on a day the offset changes. Returns the joins to put
 * after FROM and the offset expression (ms) to use once they are in place.
 */
export function zoneOffsetSql(alias: string, timeZone: string, instantMs: string): { joins: string; offsetMs: string } {
  const table = featureWorkTables.zoneOffsets;
  return {
    joins: `JOIN ${table} ${alias}_day ON ${alias}_day.time_zone = ${timeZone}
        AND ${alias}_day.utc_day = (${instantMs}) // ${dayMs} AND ${alias}_day.quarter = -1
      LEFT JOIN ${table} ${alias}_quarter ON ${alias}_quarter.time_zone = ${timeZone}
        AND ${alias}_quarter.utc_day = (${instantMs}) // ${dayMs} AND ${alias}_quarter.quarter = (${instantMs}) % ${dayMs} // ${quarterMs}`,
    offsetMs: `coalesce(${alias}_quarter.offset_ms, ${alias}_day.offset_ms)`,
  };
}
