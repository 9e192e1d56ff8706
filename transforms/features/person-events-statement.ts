import type { SqlStatement } from '../../models/sql-statement.ts';
import { featureWorkTables, inBatchSql, type RecomputeBatch } from './feature-work-tables.ts';
import { dayNumberDateSql } from './day-number-date-sql.ts';
import { localDaysSql } from './local-days-sql.ts';
import { reachableEventsSql } from './reachable-events-sql.ts';
import { inZonePeriodSql } from './zone-periods-statement.ts';
import { zoneOffsetSql } from './zone-offset-sql.ts';

/**
 * Creates the temporary table of events as each known person involved in them (actor or
 * counterpart in `people`) sees them: one row per (event, person, local day it touches) with
 * the start and end as epoch milliseconds. All-day events, focus blocks, declined invitations
 * and meetings the person does not take part in (the meeting-absences table) record no activity
 * and are left out. With `onlyDirtyDays`, only the person-days of the dirty-days table are kept
 * (and only events that can reach them are read); otherwise all of the people in `batch` (all by default).
 * Local days are in the zone of the person's period the event starts in, with offsets from the
 * zone-offsets table (an event may get one day too many, see localDaysSql).
 */
export function personEventsStatement({ onlyDirtyDays, batch }: { onlyDirtyDays: boolean; batch?: RecomputeBatch }): SqlStatement {
  const dirty = featureWorkTables.dirtyDays;
  const offset = zoneOffsetSql('o', 'p.time_zone', 'epoch_ms(e.start_at)');
  const reach = onlyDirtyDays ? `AND e.involved IN (SELECT DISTINCT person FROM ${dirty})` : batch ? `AND ${inBatchSql('e.involved', batch)}` : '';
  return {
    sql: `CREATE OR REPLACE TEMP TABLE ${featureWorkTables.personEvents} AS
      SELECT x.* EXCLUDE (day_number), ${dayNumberDateSql('x.day_number')} AS day
      FROM (
        SELECT e.source, e.source_event_id, e.kind, e.actor, e.counterparts, e.conversation, e.is_thread, e.size, e.response,
          e.state, p.person, epoch_ms(e.start_at) AS start_ms, epoch_ms(greatest(e.start_at, e.end_at)) AS end_ms,
          ${localDaysSql('epoch_ms(e.start_at)', 'epoch_ms(e.end_at)', offset.offsetMs)} AS day_number
        FROM (SELECT *, unnest(list_distinct(list_prepend(actor, counterparts))) AS involved FROM ${reachableEventsSql({ onlyDirtyDays })}) e
        JOIN ${featureWorkTables.zonePeriods} p ON p.person = e.involved AND ${inZonePeriodSql('p', 'epoch_ms(e.start_at)')}
        ${offset.joins}
        WHERE e.kind NOT IN ('all_day_event', 'focus_block')
          AND NOT (e.kind = 'meeting' AND e.response IS NOT DISTINCT FROM 'declined')
          AND NOT (e.kind = 'meeting' AND EXISTS (
            SELECT 1 FROM ${featureWorkTables.meetingAbsences} a
            WHERE a.source = e.source AND a.conversation = e.conversation AND a.start_ms = epoch_ms(e.start_at) AND a.person = e.involved
          ))
          ${reach}
      ) x
      ${onlyDirtyDays ? `SEMI JOIN ${dirty} d ON d.person = x.person AND d.day = ${dayNumberDateSql('x.day_number')}` : ''}`,
  };
}
