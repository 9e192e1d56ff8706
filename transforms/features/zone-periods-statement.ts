import type { SqlStatement } from '../../models/sql-statement.ts';
import { dayMs } from '../../models/time.ts';
import { featureWorkTables } from './feature-work-tables.ts';

/**
 * Creates the temporary table of each person's time-zone periods, from their zone history
 * (`person_time_zones`): `(person, time_zone, zone, from_ms, to_ms)`, `zone` numbering the zones
 * (for zoneDaySql), each period starting at the UTC
 * midnight of the day its zone took effect (NULL for the first: since always) and ending where
 * the next starts (NULL for the last). An instant or a day belongs to the period it falls in, so
 * a move changes the days from the move on and leaves the earlier ones as they were.
 */
export function zonePeriodsStatement(): SqlStatement {
  return {
    sql: `CREATE OR REPLACE TEMP TABLE ${featureWorkTables.zonePeriods} AS
      WITH starts AS (
        SELECT pseudonym AS person, time_zone, epoch_ms(effective_from) // ${dayMs} * ${dayMs} AS start_ms,
          row_number() OVER (PARTITION BY pseudonym ORDER BY effective_from) AS n
        FROM person_time_zones SEMI JOIN people USING (pseudonym)
      )
      SELECT person, time_zone, dense_rank() OVER (ORDER BY time_zone) AS zone, CASE WHEN n = 1 THEN NULL ELSE start_ms END AS from_ms,
        lead(start_ms) OVER (PARTITION BY person ORDER BY n) AS to_ms
      FROM starts`,
  };
}

/** SQL: whether the instant `instantMs` (epoch ms) falls in the zone period aliased `period`. */
export function inZonePeriodSql(period: string, instantMs: string): string {
  return `(${period}.from_ms IS NULL OR ${instantMs} >= ${period}.from_ms) AND (${period}.to_ms IS NULL OR ${instantMs} < ${period}.to_ms)`;
}
