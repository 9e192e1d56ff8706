import type { SqlStatement } from '../../models/sql-statement.ts';
import { featureWorkTables } from './feature-work-tables.ts';

/** A day whose span (first to last activity) is longer than this many minutes is a long day. */
const longDayMinutes = 11 * 60;

/**
 * Statements that rebuild the weekly rollups (`person_week_features`, read by the team release,
 * and `person_week_wellbeing`) for every local ISO week (Monday to Sunday) holding a dirty day
 * or one of the 27 days after it (whose 28-day network may change), from the day rows,
 * collaborations and replies. A person-week has rows when the person has a day row in it. Sums
 * are over the week's days; distinct collaborators are distinct over the week's edges, not a
 * sum of days; network size and 28-day collaborators are over the 28 days ending on the week's
 * Sunday; the median reply latency is over the week's replies.
 */
export function personWeekFeatureStatements(): SqlStatement[] {
  const weeks = featureWorkTables.dirtyWeeks;
  const inWeek = (alias: string) => `${alias}.person = d.person AND ${alias}.day >= d.week_start AND ${alias}.day < d.week_start + 7`;
  return [
    {
      sql: `CREATE OR REPLACE TEMP TABLE ${weeks} AS
        SELECT DISTINCT person, date_trunc('week', day + shift)::DATE AS week_start
        FROM ${featureWorkTables.dirtyDays} CROSS JOIN (VALUES (0), (7), (14), (21), (27)) AS shifts(shift)`,
    },
    ...['person_week_features', 'person_week_wellbeing'].map((table) => ({
      sql: `DELETE FROM ${table} w USING ${weeks} d WHERE w.person = d.person AND w.week_start = d.week_start`,
    })),
    {
      sql: `INSERT INTO person_week_features (person, week_start, active_days, messages_sent, after_hours_minutes,
          non_working_day_minutes, mean_workday_span_minutes, distinct_collaborators)
        WITH days AS (
          SELECT d.person, d.week_start,
            count(*) FILTER (WHERE f.active_minutes > 0) AS active_days,
            sum(f.messages_sent) AS messages_sent,
            sum(f.after_hours_minutes) AS after_hours_minutes,
            sum(f.non_working_day_minutes) AS non_working_day_minutes,
            avg(f.workday_span_minutes) FILTER (WHERE f.is_working_day AND f.workday_span_minutes > 0) AS mean_workday_span_minutes
          FROM ${weeks} d JOIN person_day_features f ON ${inWeek('f')}
          GROUP BY d.person, d.week_start
        ),
        collaborators AS (
          SELECT d.person, d.week_start, count(DISTINCT c.other) AS distinct_collaborators
          FROM ${weeks} d JOIN person_day_collaborations c ON ${inWeek('c')}
          GROUP BY d.person, d.week_start
        )
        SELECT person, week_start, active_days, messages_sent, after_hours_minutes, non_working_day_minutes,
          mean_workday_span_minutes, coalesce(c.distinct_collaborators, 0)
        FROM days LEFT JOIN collaborators c USING (person, week_start)`,
    },
    {
      sql: `INSERT INTO person_week_wellbeing (person, week_start, working_days_active, out_of_office_days, off_hours_minutes,
          long_days, meeting_count, meeting_minutes, back_to_back_minutes, long_chains, double_booked_minutes,
          large_meeting_count, large_meeting_minutes, long_meeting_count, long_meeting_minutes, focus_minutes,
          collaborators_28d, network_size, mean_issues_in_progress, issue_transitions, after_hours_issue_transitions,
          worklog_minutes, after_hours_worklog_minutes, replies_timed, median_reply_latency_minutes)
        WITH days AS (
          SELECT d.person, d.week_start,
            count(*) FILTER (WHERE f.is_working_day AND NOT f.is_out_of_office AND f.workday_span_minutes > 0) AS working_days_active,
            count(*) FILTER (WHERE f.is_out_of_office) AS out_of_office_days,
            sum(f.after_hours_minutes + f.non_working_day_minutes) AS off_hours_minutes,
            count(*) FILTER (WHERE f.workday_span_minutes > ${longDayMinutes}) AS long_days,
            sum(f.meeting_count) AS meeting_count,
            sum(f.meeting_minutes) AS meeting_minutes,
            sum(f.back_to_back_minutes) AS back_to_back_minutes,
            sum(f.long_chains) AS long_chains,
            sum(f.double_booked_minutes) AS double_booked_minutes,
            sum(f.large_meeting_count) AS large_meeting_count,
            sum(f.large_meeting_minutes) AS large_meeting_minutes,
            sum(f.long_meeting_count) AS long_meeting_count,
            sum(f.long_meeting_minutes) AS long_meeting_minutes,
            sum(f.focus_minutes) AS focus_minutes,
            avg(f.issues_in_progress) FILTER (WHERE f.is_working_day AND NOT f.is_out_of_office) AS mean_issues_in_progress,
            sum(f.issue_transitions) AS issue_transitions,
            sum(f.after_hours_issue_transitions) AS after_hours_issue_transitions,
            sum(f.worklog_minutes) AS worklog_minutes,
            sum(f.after_hours_worklog_minutes) AS after_hours_worklog_minutes
          FROM ${weeks} d JOIN person_day_features f ON ${inWeek('f')}
          GROUP BY d.person, d.week_start
        ),
        network AS (
          SELECT person, week_start, count(*) AS collaborators_28d, count(*) FILTER (WHERE meaningful >= 2) AS network_size
          FROM (
            SELECT d.person, d.week_start, c.other, sum(c.meaningful_interactions) AS meaningful
            FROM ${weeks} d
            JOIN person_day_collaborations c ON c.person = d.person AND c.day >= d.week_start - 21 AND c.day < d.week_start + 7
            GROUP BY d.person, d.week_start, c.other
          )
          GROUP BY person, week_start
        ),
        replies AS (
          SELECT d.person, d.week_start, count(*) AS replies_timed, median(r.latency_seconds) / 60 AS median_reply_latency_minutes
          FROM ${weeks} d JOIN person_day_replies r ON ${inWeek('r')}
          GROUP BY d.person, d.week_start
        )
        SELECT person, week_start, working_days_active, out_of_office_days, off_hours_minutes, long_days, meeting_count,
          meeting_minutes, back_to_back_minutes, long_chains, double_booked_minutes, large_meeting_count,
          large_meeting_minutes, long_meeting_count, long_meeting_minutes, focus_minutes,
          coalesce(n.collaborators_28d, 0), coalesce(n.network_size, 0), mean_issues_in_progress, issue_transitions,
          after_hours_issue_transitions, worklog_minutes, after_hours_worklog_minutes,
          coalesce(r.replies_timed, 0), r.median_reply_latency_minutes
        FROM days LEFT JOIN network n USING (person, week_start) LEFT JOIN replies r USING (person, week_start)`,
    },
  ];
}
