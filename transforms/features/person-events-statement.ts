import type { SqlStatement } from '../../models/sql-statement.ts';
import { featureWorkTables } from './feature-work-tables.ts';
import { dayNumberDateSql } from './day-number-date-sql.ts';
import { localDaysSql } from './local-days-sql.ts';
import { zoneOffsetJoinSql } from './zone-offset-join-sql.ts';

/**
 * Creates the temporary table of events as each known person involved in them (actor or
 * counterpart in `people`) sees them: one row per (event, person, local day it touches) with
 * the start and end as epoch milliseconds. All-day events, focus blocks and declined
 * invitations record no activity and are left out. With `onlyDirtyDays`, only the person-days
 * of the dirty-days table are kept (and only events that can reach them are read); otherwise all.
 * Local days come from the zone-offsets table (an event may get one day too many, see localDaysSql).
 */
export function personEventsStatement({ onlyDirtyDays }: { onlyDirtyDays: boolean }): SqlStatement {
  const dirty = featureWorkTables.dirtyDays;
  const reach = onlyDirtyDays
    ? `AND e.end_at >= (SELECT timezone('UTC', min(day) - INTERVAL 1 DAY) FROM ${dirty})
       AND e.start_at < (SELECT timezone('UTC', max(day) + INTERVAL 2 DAY) FROM ${dirty})
       AND involved.person IN (SELECT DISTINCT person FROM ${dirty})`
    : '';
  return {
    sql: `CREATE OR REPLACE TEMP TABLE ${featureWorkTables.personEvents} AS
      SELECT x.* EXCLUDE (day_number), ${dayNumberDateSql('x.day_number')} AS day
      FROM (
        SELECT e.source, e.source_event_id, e.kind, e.actor, e.counterparts, e.conversation, e.is_thread, e.size, e.response,
          e.state, p.pseudonym AS person, epoch_ms(e.start_at) AS start_ms, epoch_ms(greatest(e.start_at, e.end_at)) AS end_ms,
          ${localDaysSql('epoch_ms(e.start_at)', 'epoch_ms(e.end_at)', 'o.offset_ms')} AS day_number
        FROM events e
        CROSS JOIN unnest(list_distinct(list_prepend(e.actor, e.counterparts))) AS involved(person)
        JOIN people p ON p.pseudonym = involved.person
        ${zoneOffsetJoinSql('o', 'p.time_zone', 'epoch_ms(e.start_at)')}
        WHERE e.kind NOT IN ('all_day_event', 'focus_block')
          AND NOT (e.kind = 'meeting' AND e.response IS NOT DISTINCT FROM 'declined')
          ${reach}
      ) x
      ${onlyDirtyDays ? `SEMI JOIN ${dirty} d ON d.person = x.person AND d.day = ${dayNumberDateSql('x.day_number')}` : ''}`,
  };
}
