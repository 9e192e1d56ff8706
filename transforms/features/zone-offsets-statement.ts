import type { SqlStatement } from '../../models/sql-statement.ts';
import { featureWorkTables } from './feature-work-tables.ts';
import { dayMs } from '../../models/time.ts';
import { quarterMs, zoneDaySql } from './zone-offset-sql.ts';

/**
 * Creates the temporary table of UTC offsets of every time zone in the zone periods, for each UTC day
 * from the day before the earliest event (stored or logged as changed) to the day after the
 * latest: `(zone_day, offset_ms, quarter_offsets)` (zone_day: see zoneDaySql), one row per zone and day with
 * the offset at its start and, for a day on which the offset changes (DST), the offsets of its 96
 * quarter hours in order (NULL on other days), so looking up an instant's offset is exact (see zoneOffsetSql).
 * Converting each event with `timezone()` and a per-row zone is slow in DuckDB; converting a few rows per zone and day and joining is not.
 */
export function zoneOffsetsStatement(): SqlStatement {
  const offsetAt = (utc: string) => `epoch_ms(timezone(time_zone, timezone('UTC', ${utc}))) - epoch_ms(${utc})`;
  return {
    sql: `CREATE OR REPLACE TEMP TABLE ${featureWorkTables.zoneOffsets} AS
      WITH bounds AS (
        SELECT min(lo) // ${dayMs} - 1 AS first_day, max(hi) // ${dayMs} + 1 AS last_day
        FROM (
          SELECT epoch_ms(min(start_at)) AS lo, epoch_ms(max(greatest(start_at, end_at))) AS hi FROM events
          UNION ALL SELECT epoch_ms(min(start_at)), epoch_ms(max(greatest(start_at, end_at))) FROM event_changes
        )
      ),
      days AS (
        SELECT z.time_zone, ${zoneDaySql('z.zone', 'd.utc_day')} AS zone_day, d.utc_day, make_timestamp(d.utc_day * ${dayMs * 1000}) AS midnight
        FROM (SELECT DISTINCT time_zone, zone FROM ${featureWorkTables.zonePeriods}) z
        CROSS JOIN (SELECT unnest(range(first_day, last_day + 1)) AS utc_day FROM bounds WHERE first_day IS NOT NULL) d
      ),
      ends AS (
        SELECT *, ${offsetAt('midnight')} AS at_start, ${offsetAt('midnight + INTERVAL 1 DAY')} AS at_end FROM days
      )
      SELECT zone_day, at_start AS offset_ms,
        CASE WHEN at_start <> at_end THEN list_transform(range(96),
          lambda q: ${offsetAt(`make_timestamp((utc_day * ${dayMs} + q * ${quarterMs}) * 1000)`)}) END AS quarter_offsets
      FROM ends`,
  };
}
