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
 */
export function meetingAbsencesStatement({ onlyDirtyDays }: { onlyDirtyDays: boolean }): SqlStatement {
  const instance = 'source, conversation, start_at';
  return {
    sql: `CREATE OR REPLACE TEMP TABLE ${featureWorkTables.meetingAbsences} AS
      WITH copies AS (
        SELECT ${instance}, actor, counterparts, response FROM ${reachableEventsSql({ onlyDirtyDays })}
        WHERE kind = 'meeting' AND conversation IS NOT NULL
      ),
      invitations AS (
        SELECT ${instance}, actor, response, unnest(list_distinct(list_prepend(actor, counterparts))) AS person FROM copies
      ),
      answers AS (
        SELECT ${instance}, person,
          bool_or(actor = person) AS has_own_copy,
          bool_or(actor = person AND response IS DISTINCT FROM 'declined') AS attends_by_own_answer,
          bool_or(response = 'organizer') AS listed_by_organiser
        FROM invitations
        GROUP BY ${instance}, person
      ),
      organised AS (SELECT DISTINCT ${instance} FROM copies WHERE response = 'organizer')
      SELECT a.source, a.conversation, epoch_ms(a.start_at) AS start_ms, a.person
      FROM answers a LEFT JOIN organised o USING (${instance})
      WHERE CASE WHEN a.has_own_copy THEN NOT a.attends_by_own_answer
        WHEN o.source IS NOT NULL THEN NOT a.listed_by_organiser
        ELSE false END`,
  };
}
