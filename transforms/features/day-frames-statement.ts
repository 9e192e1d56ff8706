import type { SqlStatement } from '../../models/sql-statement.ts';
import { featureWorkTables } from './feature-work-tables.ts';
import { inZonePeriodSql } from './zone-periods-statement.ts';

/**
 * Creates the temporary table of each dirty person-day's frame in the person's own time zone (of
 * the zone period the date's UTC midnight falls in),
 * as epoch milliseconds: the local day [day_start_ms, day_end_ms) (23 or 25 hours long on a DST
 * change), the working window [work_from_ms, work_to_ms) of that date's working hours (also on
 * non-working days, to measure out-of-office cover) and whether the weekday is a working day.
 * The instants are converted once per (zone, day, working hours), not once per person. Each frame
 * also gets `person_day`, its number in (person, day) order: statements that group or order many
 * rows per person-day key them by this integer rather than by a pseudonym and a date.
 */
export function dayFramesStatement(): SqlStatement {
  const at = (offset: string) => `epoch_ms(timezone(time_zone, day::TIMESTAMP + ${offset}))`;
  const shape = 'time_zone, day, work_start_minute, work_end_minute';
  return {
    sql: `CREATE OR REPLACE TEMP TABLE ${featureWorkTables.dayFrames} AS
      WITH dirty AS (
        SELECT d.person, d.day, z.time_zone, p.work_start_minute, p.work_end_minute, list_contains(p.work_days, isodow(d.day)) AS is_working_day
        FROM ${featureWorkTables.dirtyDays} d JOIN people p ON p.pseudonym = d.person
        JOIN ${featureWorkTables.zonePeriods} z ON z.person = d.person AND ${inZonePeriodSql('z', `epoch_ms(d.day::TIMESTAMP)`)}
      ),
      shapes AS (
        SELECT *, ${at('INTERVAL 0 DAY')} AS day_start_ms, ${at('INTERVAL 1 DAY')} AS day_end_ms,
          ${at('to_minutes(work_start_minute)')} AS work_from_ms, ${at('to_minutes(work_end_minute)')} AS work_to_ms
        FROM (SELECT DISTINCT ${shape} FROM dirty)
      )
      SELECT d.person, d.day, row_number() OVER (ORDER BY d.person, d.day) AS person_day, d.is_working_day,
        s.day_start_ms, s.day_end_ms, s.work_from_ms, s.work_to_ms
      FROM dirty d JOIN shapes s USING (${shape})`,
  };
}
