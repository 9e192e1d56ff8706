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
 * the start and end as epoch milliseconds, and how many counterparts the event lists. The list
 * itself is kept only on the actor's row of an event other than a meeting, where the collaborations
 * read it (a meeting's n copies give n² rows: with the list on each, n³; see personDayCollaborationsStatement).
 * All-day events, focus blocks, declined invitations and meetings the person does not take part
 * in (the meeting-absences table) record no activity and are left out. Only the people of
 * `batch` (all by default) are kept and, with `onlyDirtyDays`, only their person-days of the
 * dirty-days table (which holds only people of `batch`), reading only events that can reach them.
 * Local days are in the zone of the person's period the event starts in, with offsets from the
 * zone-offsets table (an event may get one day too many, see localDaysSql).
 */
export function personEventsStatement({ onlyDirtyDays, batch }: { onlyDirtyDays: boolean; batch: RecomputeBatch }): SqlStatement {
  const dirty = featureWorkTables.dirtyDays;
  const offset = zoneOffsetSql('o', 'p.zone', 'epoch_ms(e.start_at)');
  const involved = 'list_prepend(actor, counterparts)';
  // Events none of whose people is in the part are dropped before their people are unnested: each part reads every
  // event. Dirty days are kept by joining each dirty person's list of them, a join DuckDB sizes right: a list_has_any
  // over the dirty people, or a semi join on the dirty days, made it expect a few rows and build its hash tables on
  // the events (4.7 s for the list_has_any, 1 to 2 s for each hash join, where a full recompute's part takes 0.6 s).
  // That join comes last, once the absences are dropped: before them, it made DuckDB expect a few hundred rows and
  // build the absences' anti join on the events (late events over 30 days at 500 x 60: most of the statement's time).
  // The absences are dropped right after the unnest, before the zone joins: after them, DuckDB expected a few hundred
  // rows there too (the offsets' join keys are expressions) and built the anti join on the events, every row with its
  // lists and strings, in a full recompute as well (demo store: the larger part of the statement).
  const reach = batch.count === 1 ? 'true' : `list_bool_or(list_transform(${involved}, lambda x: ${inBatchSql('x', batch)}))`;
  const dirtyPeople = onlyDirtyDays
    ? `JOIN (SELECT person, list(day - DATE '1970-01-01') AS dirty_days FROM ${dirty} GROUP BY person) d ON d.person = x.person
      WHERE list_contains(d.dirty_days, x.day_number)`
    : '';
  return {
    sql: `CREATE OR REPLACE TEMP TABLE ${featureWorkTables.personEvents} AS
      SELECT x.* EXCLUDE (day_number), ${dayNumberDateSql('x.day_number')} AS day
      FROM (
        SELECT e.source, e.source_event_id, e.kind, e.actor, len(e.counterparts) AS counterpart_count,
          CASE WHEN p.person = e.actor AND e.kind <> 'meeting' THEN e.counterparts END AS counterparts,
          e.conversation, e.size, e.response, p.person, epoch_ms(e.start_at) AS start_ms, epoch_ms(greatest(e.start_at, e.end_at)) AS end_ms,
          ${localDaysSql('epoch_ms(e.start_at)', 'epoch_ms(e.end_at)', offset.offsetMs)} AS day_number
        FROM (
          SELECT u.* FROM (
            SELECT *, CASE WHEN kind = 'meeting' THEN conversation END AS meeting, unnest(list_distinct(${involved})) AS involved
            FROM ${reachableEventsSql({ onlyDirtyDays })}
            WHERE kind NOT IN ('all_day_event', 'focus_block') AND NOT (kind = 'meeting' AND response IS NOT DISTINCT FROM 'declined')
              AND ${reach}
          ) u
          ANTI JOIN ${featureWorkTables.meetingAbsences} a ON a.source = u.source AND a.conversation = u.meeting
            AND a.start_ms = epoch_ms(u.start_at) AND a.person = u.involved
        ) e
        JOIN ${featureWorkTables.zonePeriods} p ON p.person = e.involved AND ${inZonePeriodSql('p', 'epoch_ms(e.start_at)')}
        ${offset.join}
        WHERE ${inBatchSql('e.involved', batch)}
      ) x
      ${dirtyPeople}`,
  };
}
