import type { SqlStatement } from '../../models/sql-statement.ts';
import { assertDayRange } from './assert-day-range.ts';
import { localCollaborationsSql } from './local-collaborations-sql.ts';
import { localEventsSql } from './local-events-sql.ts';

/**
 * Statements that recompute `person_day_features` for the local days [fromDay, toDay), each
 * person in their own time zone: the rows of those days are deleted, then rebuilt from `events`
 * and `people`. Message activity (messages and thread replies, not reactions) occupies 5-minute
 * local slots, overlaps counted once; collaborators come from every event kind, in both directions.
 * A person-day gets a row when it has activity or a collaboration. Recomputing gives identical rows.
 */
export function personDayFeatureStatements({ fromDay, toDay }: { fromDay: string; toDay: string }): SqlStatement[] {
  assertDayRange(fromDay, toDay, { mondays: false });
  const params = { fromDay, toDay };
  return [
    { sql: 'DELETE FROM person_day_features WHERE day >= $fromDay::DATE AND day < $toDay::DATE', params },
    {
      sql: `INSERT INTO person_day_features (person, day, is_working_day, messages_sent, active_minutes,
          after_hours_minutes, non_working_day_minutes, workday_span_minutes, distinct_collaborators)
        WITH local_events AS MATERIALIZED (${localEventsSql('$fromDay', '$toDay')}),
        slots AS (
          SELECT person, time_bucket(INTERVAL 5 MINUTE, local_at) AS slot,
            any_value(work_start_minute) AS work_start_minute,
            any_value(work_end_minute) AS work_end_minute,
            any_value(work_days) AS work_days,
            count(*) AS messages
          FROM local_events
          WHERE person = actor AND kind IN ('message', 'thread_reply')
          GROUP BY person, slot
        ),
        activity AS (
          SELECT person, slot::DATE AS day,
            sum(messages) AS messages_sent,
            5 * count(*) AS active_minutes,
            5 * count(*) FILTER (WHERE list_contains(work_days, isodow(slot))
              AND (hour(slot) * 60 + minute(slot) < work_start_minute
                OR hour(slot) * 60 + minute(slot) >= work_end_minute)) AS after_hours_minutes,
            5 * count(*) FILTER (WHERE NOT list_contains(work_days, isodow(slot))) AS non_working_day_minutes,
            date_diff('minute', min(slot), max(slot)) + 5 AS workday_span_minutes
          FROM slots
          WHERE slot::DATE >= $fromDay::DATE AND slot::DATE < $toDay::DATE
          GROUP BY person, slot::DATE
        ),
        collaborators AS (
          SELECT person, day, count(DISTINCT other) AS distinct_collaborators
          FROM (${localCollaborationsSql('local_events', '$fromDay', '$toDay')})
          GROUP BY person, day
        )
        SELECT person, day,
          list_contains(p.work_days, isodow(day)),
          coalesce(a.messages_sent, 0),
          coalesce(a.active_minutes, 0),
          coalesce(a.after_hours_minutes, 0),
          coalesce(a.non_working_day_minutes, 0),
          coalesce(a.workday_span_minutes, 0),
          coalesce(c.distinct_collaborators, 0)
        FROM activity a
        FULL JOIN collaborators c USING (person, day)
        JOIN people p ON p.pseudonym = person`,
      params,
    },
  ];
}
