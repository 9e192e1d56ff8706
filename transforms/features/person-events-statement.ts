import type { SqlStatement } from '../../models/sql-statement.ts';
import { featureWorkTables, inBatchSql, type RecomputeBatch } from './feature-work-tables.ts';
import { dayNumberDateSql } from './day-number-date-sql.ts';
import { localDaysSql } from './local-days-sql.ts';
import { reachableEventsSql } from './reachable-events-sql.ts';
import { inZonePeriodSql } from './zone-periods-statement.ts';
import { zoneOffsetSql } from './zone-offset-sql.ts';

/**
 * Creates the temporary table of the distinct attendee lists of each meeting instance with a
 * conversation, unnested, once for all parts of a recompute (in its first step):
 * `(list_id, source, conversation, start_at, end_at, start_ms, person, size, min_size, counterpart_count, some_owner)`,
 * one row per distinct list and person it names, instance = (source, conversation, start, end), a
 * list being a copy's owner and counterparts, read from the copies not declined (of the reachable
 * events with `onlyDirtyDays`). For the copies giving that list: `size` the largest attendee count
 * (their size, else counterparts and owner), `min_size` the smallest, `counterpart_count` the most
 * counterparts, `some_owner` the first owner. A meeting held in n calendars lists its n attendees in
 * each copy: read per part, the copies of a company-wide meeting named every attendee n times in
 * each part (10,000 people: 127 M names a part, where the distinct lists name 2.9 M in all); and a
 * part's hash tables holding whole lists ran out of memory, where these rows join on one name.
 */
export function meetingAttendeesStatement({ onlyDirtyDays }: { onlyDirtyDays: boolean }): SqlStatement {
  return {
    sql: `CREATE OR REPLACE TEMP TABLE ${featureWorkTables.meetingAttendees} AS
      SELECT list_id, source, conversation, start_at, end_at, epoch_ms(start_at) AS start_ms, unnest(people) AS person,
        size, min_size, counterpart_count, some_owner
      FROM (
        SELECT row_number() OVER () AS list_id, *
        FROM (
          SELECT source, conversation, start_at, end_at, list_sort(list_distinct(list_prepend(actor, counterparts))) AS people,
            max(coalesce(size, len(counterparts) + 1)) AS size, min(coalesce(size, len(counterparts) + 1)) AS min_size,
            max(len(counterparts)) AS counterpart_count, min(actor) AS some_owner
          FROM ${reachableEventsSql({ onlyDirtyDays })}
          WHERE kind = 'meeting' AND conversation IS NOT NULL AND response IS DISTINCT FROM 'declined'
          GROUP BY source, conversation, start_at, end_at, people
        )
      )`,
  };
}

/**
 * SQL of the meetings with a conversation as each person of `batch` listed by a copy of them
 * attends them (before absences, zones and days), from the meeting-attendees table and, for the
 * person's own copies, `copies` (those not declined): one row per (instance, person), not one per
 * copy and person, a meeting held in n calendars listing its n attendees in each copy. A row carries
 * what the copies listing the person say: the person is the actor when they hold a copy (its id,
 * and its response, organizer before accepted before tentative); else another copy's owner is, and
 * no copy is named. `size` is the largest attendee count a copy listing the person gives (its size,
 * else its counterparts and owner), `counterpart_count` the most counterparts, so the meeting is
 * with others when any copy lists someone else. (Per copy, a person's own copy that listed nobody
 * else, as when a calendar hides the guest list, was not a meeting with others, and its answer and
 * size were left out even when another copy listed them with others; now they count.)
 */
function meetingAttendanceSql(copies: string, batch: RecomputeBatch): string {
  const instance = 'source, conversation, start_at, end_at';
  return `(WITH attendance AS (
        SELECT ${instance}, person, max(size) AS size, max(counterpart_count) AS counterpart_count, min(some_owner) AS some_owner
        FROM ${featureWorkTables.meetingAttendees}
        WHERE ${inBatchSql('person', batch)}
        GROUP BY ${instance}, person
      ),
      own AS (
        SELECT ${instance}, actor AS person, min(source_event_id) AS source_event_id,
          CASE WHEN bool_or(response = 'organizer') THEN 'organizer' WHEN bool_or(response = 'accepted') THEN 'accepted'
            WHEN bool_or(response = 'tentative') THEN 'tentative' ELSE min(response) END AS response
        FROM ${copies} AND ${inBatchSql('actor', batch)} GROUP BY ${instance}, actor
      )
      SELECT a.source, o.source_event_id, 'meeting' AS kind, CASE WHEN o.person IS NULL THEN a.some_owner ELSE a.person END AS actor,
        NULL::VARCHAR[] AS counterparts, a.counterpart_count, a.conversation, a.size, o.response, a.start_at, a.end_at,
        a.conversation AS meeting, a.person AS involved
      FROM attendance a LEFT JOIN own o USING (${instance}, person))`;
}

/**
 * Creates the temporary table of events as each known person involved in them (actor or
 * counterpart in `people`) sees them: one row per (event, person, local day it touches) with
 * the start and end as epoch milliseconds, and how many counterparts the event lists; a meeting
 * with a conversation is one row per (instance, person, day), however many copies list the person
 * (see meetingAttendanceSql). The counterpart list itself is kept only on the actor's row of an
 * event other than a meeting, where the collaborations read it (they read meetings' lists from the meeting-attendees table).
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
  // The actor is tested first and the list only when there is one: most events list nobody, and the lambda over every
  // event's list took 3.2 s a part over 11.5 M events at 10,000 people, against 1.0 s this way.
  const reach = batch.count === 1
    ? 'true'
    : `(${inBatchSql('actor', batch)} OR (len(counterparts) > 0 AND list_bool_or(list_transform(counterparts, lambda x: ${inBatchSql('x', batch)}))))`;
  const recorded = `${reachableEventsSql({ onlyDirtyDays })} WHERE kind NOT IN ('all_day_event', 'focus_block')
    AND NOT (kind = 'meeting' AND response IS NOT DISTINCT FROM 'declined')`;
  const dirtyPeople = onlyDirtyDays
    ? `JOIN (SELECT person, list(day - DATE '1970-01-01') AS dirty_days FROM ${dirty} GROUP BY person) d ON d.person = x.person
      WHERE list_contains(d.dirty_days, x.day_number)`
    : '';
  return {
    sql: `CREATE OR REPLACE TEMP TABLE ${featureWorkTables.personEvents} AS
      SELECT x.* EXCLUDE (day_number), ${dayNumberDateSql('x.day_number')} AS day
      FROM (
        SELECT e.source, e.source_event_id, e.kind, e.actor, e.counterpart_count,
          CASE WHEN p.person = e.actor AND e.kind <> 'meeting' THEN e.counterparts END AS counterparts,
          e.conversation, e.size, e.response, p.person, epoch_ms(e.start_at) AS start_ms, epoch_ms(greatest(e.start_at, e.end_at)) AS end_ms,
          ${localDaysSql('epoch_ms(e.start_at)', 'epoch_ms(e.end_at)', offset.offsetMs)} AS day_number
        FROM (
          SELECT u.* FROM (
            SELECT source, source_event_id, kind, actor, counterparts, len(counterparts) AS counterpart_count, conversation, size, response,
              start_at, end_at, NULL::VARCHAR AS meeting, unnest(list_distinct(${involved})) AS involved
            FROM ${recorded} AND ${reach} AND NOT (kind = 'meeting' AND conversation IS NOT NULL)
            UNION ALL
            SELECT * FROM ${meetingAttendanceSql(`${recorded} AND kind = 'meeting' AND conversation IS NOT NULL`, batch)}
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
