import type { SqlStatement } from '../../models/sql-statement.ts';
import { assertDayRange } from './assert-day-range.ts';
import { localCollaborationsSql } from './local-collaborations-sql.ts';
import { localEventsSql } from './local-events-sql.ts';

/**
 * Statements that recompute `person_week_features` for the local ISO weeks starting on the
 * Mondays in [fromWeek, toWeek). They read `person_day_features`, so recompute those days first.
 * active_days counts days with message activity; the mean workday span is over working days with
 * activity (NULL when none); distinct collaborators are distinct over the week's edges, not a sum of days.
 */
export function personWeekFeatureStatements({ fromWeek, toWeek }: { fromWeek: string; toWeek: string }): SqlStatement[] {
  assertDayRange(fromWeek, toWeek, { mondays: true });
  const params = { fromWeek, toWeek };
  return [
    { sql: 'DELETE FROM person_week_features WHERE week_start >= $fromWeek::DATE AND week_start < $toWeek::DATE', params },
    {
      sql: `INSERT INTO person_week_features (person, week_start, active_days, messages_sent, after_hours_minutes,
          non_working_day_minutes, mean_workday_span_minutes, distinct_collaborators)
        WITH local_events AS (${localEventsSql('$fromWeek', '$toWeek')}),
        days AS (
          SELECT person, date_trunc('week', day)::DATE AS week_start,
            count(*) FILTER (WHERE active_minutes > 0) AS active_days,
            sum(messages_sent) AS messages_sent,
            sum(after_hours_minutes) AS after_hours_minutes,
            sum(non_working_day_minutes) AS non_working_day_minutes,
            avg(workday_span_minutes) FILTER (WHERE is_working_day AND active_minutes > 0) AS mean_workday_span_minutes
          FROM person_day_features
          WHERE day >= $fromWeek::DATE AND day < $toWeek::DATE
          GROUP BY person, week_start
        ),
        collaborators AS (
          SELECT person, date_trunc('week', day)::DATE AS week_start, count(DISTINCT other) AS distinct_collaborators
          FROM (${localCollaborationsSql('local_events', '$fromWeek', '$toWeek')})
          GROUP BY person, week_start
        )
        SELECT person, week_start,
          coalesce(d.active_days, 0),
          coalesce(d.messages_sent, 0),
          coalesce(d.after_hours_minutes, 0),
          coalesce(d.non_working_day_minutes, 0),
          d.mean_workday_span_minutes,
          coalesce(c.distinct_collaborators, 0)
        FROM days d
        FULL JOIN collaborators c USING (person, week_start)`,
      params,
    },
  ];
}
