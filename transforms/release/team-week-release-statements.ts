import type { SqlStatement } from '../../models/sql-statement.ts';
import { assertDayRange } from '../features/assert-day-range.ts';

/** The per-person weekly features released as team aggregates, by their `person_week_features` column. */
const metrics = [
  'after_hours_minutes',
  'non_working_day_minutes',
  'mean_workday_span_minutes',
  'distinct_collaborators',
  'messages_sent',
] as const;

/** The smallest minimum-contributors threshold attune accepts. */
const lowestK = 3;

/**
 * Statements, run through `runWithAnalytics`, that release team aggregates for the ISO weeks
 * starting on the Mondays in [fromWeek, toWeek). For every team in `team_memberships` and every
 * week, contributors = distinct members with a `person_week_features` row that week. With at
 * least k contributors each metric is released with contributors, mean, median, p25 and p75;
 * otherwise each metric gets a 'suppressed' row whose count and values are NULL (never zero).
 * Earlier rows of those weeks are replaced, and one ledger row records the release (the same
 * releaseId run again replaces its own ledger row). k defaults to 5 and may not go below 3.
 */
export function teamWeekReleaseStatements({
  fromWeek,
  toWeek,
  k = 5,
  releaseId,
  releasedAt,
}: {
  fromWeek: string;
  toWeek: string;
  k?: number;
  releaseId: string;
  /** ISO-8601 instant of the release, from the schedule, not the clock. */
  releasedAt: string;
}): SqlStatement[] {
  assertDayRange(fromWeek, toWeek, { mondays: true });
  if (!Number.isInteger(k) || k < lowestK) {
    throw new Error(`k (minimum distinct contributors per released cell) must be a whole number of at least ${lowestK}; got ${k}`);
  }
  if (releaseId.length === 0) throw new Error('a release needs a releaseId');
  if (Number.isNaN(Date.parse(releasedAt))) throw new Error(`releasedAt "${releasedAt}" is not an ISO-8601 instant`);
  const weeks = { fromWeek, toWeek };
  const inWeeks = (column: string) => `${column} >= $fromWeek::DATE AND ${column} < $toWeek::DATE`;
  const metricNames = `[${metrics.map((m) => `'${m}'`).join(', ')}]`;
  return [
    { sql: `DELETE FROM analytics.team_week_metrics WHERE ${inWeeks('week_start')}`, params: weeks },
    {
      sql: `INSERT INTO analytics.team_week_metrics
          (team, team_name, week_start, metric, status, contributors, mean, median, p25, p75, release_id)
        WITH teams AS (
          SELECT team, min(team_name) AS team_name FROM team_memberships GROUP BY team
        ),
        weeks AS (
          SELECT unnest(generate_series($fromWeek::DATE, $toWeek::DATE - INTERVAL 7 DAY, INTERVAL 7 DAY))::DATE AS week_start
        ),
        contributions AS (
          SELECT DISTINCT m.team, f.*
          FROM team_memberships m JOIN person_week_features f ON f.person = m.person
          WHERE ${inWeeks('f.week_start')}
        ),
        cells AS (
          SELECT t.team, t.team_name, w.week_start, count(DISTINCT c.person) AS contributors
          FROM teams t CROSS JOIN weeks w
          LEFT JOIN contributions c ON c.team = t.team AND c.week_start = w.week_start
          GROUP BY t.team, t.team_name, w.week_start
        ),
        metric_values AS (
          SELECT team, week_start,
            unnest(${metricNames}) AS metric,
            unnest([${metrics.map((m) => `${m}::DOUBLE`).join(', ')}]) AS value
          FROM contributions
        ),
        stats AS (
          SELECT team, week_start, metric, avg(value) AS mean,
            quantile_cont(value, 0.5) AS median, quantile_cont(value, 0.25) AS p25, quantile_cont(value, 0.75) AS p75
          FROM metric_values
          GROUP BY team, week_start, metric
        )
        SELECT c.team, c.team_name, c.week_start, m.metric,
          CASE WHEN c.contributors >= $k THEN 'released' ELSE 'suppressed' END,
          CASE WHEN c.contributors >= $k THEN c.contributors END,
          CASE WHEN c.contributors >= $k THEN s.mean END,
          CASE WHEN c.contributors >= $k THEN s.median END,
          CASE WHEN c.contributors >= $k THEN s.p25 END,
          CASE WHEN c.contributors >= $k THEN s.p75 END,
          $releaseId
        FROM cells c
        CROSS JOIN (SELECT unnest(${metricNames}) AS metric) m
        LEFT JOIN stats s ON s.team = c.team AND s.week_start = c.week_start AND s.metric = m.metric`,
      params: { ...weeks, k, releaseId },
    },
    {
      sql: `INSERT OR REPLACE INTO analytics.release_ledger
          (release_id, released_at, rules, k, epsilon, weeks_from, weeks_to, cells_released, cells_suppressed)
        SELECT $releaseId, $releasedAt::TIMESTAMPTZ, 'min_contributors', $k::INTEGER, NULL,
          $fromWeek::DATE, $toWeek::DATE,
          count(*) FILTER (WHERE status = 'released'),
          count(*) FILTER (WHERE status = 'suppressed')
        FROM analytics.team_week_metrics
        WHERE release_id = $releaseId AND ${inWeeks('week_start')}`,
      params: { ...weeks, k, releaseId, releasedAt },
    },
  ];
}
