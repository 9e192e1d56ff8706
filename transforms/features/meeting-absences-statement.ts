import type { SqlStatement } from '../../models/sql-statement.ts';
import { featureWorkTables } from './feature-work-tables.ts';
import { reachableEventsSql } from './reachable-events-sql.ts';

/**
 * Creates the temporary table of the people who do not take part in a meeting instance that a
 * copy of it lists them in: `(source, conversation, start_ms, person)`. A person's attendance is
 * decided by the answer they gave, where a copy shows it: their own copy (declined: absent),
 * else the organiser's copy (which lists only those who did not decline: absent when it leaves
 * them out); only when neither is stored does another attendee's copy count, as it cannot tell
 * (Microsoft 365 reports every attendee's status as `none` there, declined or not).
 * Copies of one instance share a conversation (the meeting's calendar-wide id) and a start.
 * Each copy's list is unnested straight into the grouping by (instance, person): a meeting held
 * in n calendars streams n² rows through it, and holds n. (Its distinct lists grouped first, whole,
 * the first run of 10,000 people ran out of memory at 512 MiB; this way it took 50 to 70 s.)
 */
export function meetingAbsencesStatement({ onlyDirtyDays }: { onlyDirtyDays: boolean }): SqlStatement {
  const instance = 'source, conversation, start_at';
  return {
    sql: `CREATE OR REPLACE TEMP TABLE ${featureWorkTables.meetingAbsences} AS
      WITH copies AS (
        SELECT ${instance}, actor, counterparts, response FROM ${reachableEventsSql({ onlyDirtyDays })}
        WHERE kind = 'meeting' AND conversation IS NOT NULL
      ),
      listed AS (
        SELECT ${instance}, person, bool_or(response = 'organizer') AS listed_by_organiser
        FROM (SELECT ${instance}, response, unnest(list_prepend(actor, counterparts)) AS person FROM copies)
        GROUP BY ${instance}, person
      ),
      own_answers AS (
        SELECT ${instance}, actor AS person, bool_or(response IS DISTINCT FROM 'declined') AS attends_by_own_answer
        FROM copies GROUP BY ${instance}, actor
      ),
      organised AS (SELECT DISTINCT ${instance} FROM copies WHERE response = 'organizer')
      SELECT l.source, l.conversation, epoch_ms(l.start_at) AS start_ms, l.person
      FROM listed l LEFT JOIN own_answers a USING (${instance}, person) LEFT JOIN organised o USING (${instance})
      WHERE CASE WHEN a.person IS NOT NULL THEN NOT a.attends_by_own_answer
        WHEN o.source IS NOT NULL THEN NOT l.listed_by_organiser
        ELSE false END`,
  };
}
