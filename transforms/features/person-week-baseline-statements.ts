import type { SqlStatement } from '../../models/sql-statement.ts';
import { baselineMetrics } from './baseline-metrics.ts';
import { featureWorkTables } from './feature-work-tables.ts';

/** How many weeks before a week its baseline looks back over. */
const baselineWeeks = 8;

/**
 * Statements that rebuild `person_week_baselines` for every person-week whose baseline window
 * holds a rebuilt week (that week and the 8 after it): for each person-week with a rollup, the
 * median and the median absolute deviation (MAD, unscaled) of each baseline metric over the
 * person's own 8 preceding weeks, counting only weeks in which they were active on at least one
 * working day they were not out of office (so holidays don't drag the usual down).
 * baseline_weeks says how many weeks that was; with none, the medians and MADs are NULL.
 */
export function personWeekBaselineStatements(): SqlStatement[] {
  const affected = `SELECT DISTINCT d.person, d.week_start + (7 * shift.k)::INTEGER AS week_start
    FROM ${featureWorkTables.dirtyWeeks} d CROSS JOIN range(0, ${baselineWeeks + 1}) AS shift(k)`;
  const columns = baselineMetrics.flatMap((m) => [`${m}_median`, `${m}_mad`]);
  return [
    {
      sql: `DELETE FROM person_week_baselines b USING (${affected}) a WHERE b.person = a.person AND b.week_start = a.week_start`,
    },
    {
      sql: `INSERT INTO person_week_baselines (person, week_start, baseline_weeks, ${columns.join(', ')})
        WITH targets AS (
          SELECT w.person, w.week_start FROM person_week_features w
          SEMI JOIN (${affected}) a ON a.person = w.person AND a.week_start = w.week_start
        ),
        history AS (
          SELECT * FROM person_week_features JOIN person_week_wellbeing USING (person, week_start)
          WHERE working_days_active > 0
        ),
        samples AS (
          SELECT t.person, t.week_start, h.week_start AS sample_week,
            ${baselineMetrics.map((m) => `h.${m}::DOUBLE AS ${m}`).join(', ')}
          FROM targets t
          LEFT JOIN history h ON h.person = t.person
            AND h.week_start >= t.week_start - ${7 * baselineWeeks} AND h.week_start < t.week_start
        ),
        medians AS (
          SELECT person, week_start, count(sample_week) AS baseline_weeks,
            ${baselineMetrics.map((m) => `median(${m}) AS ${m}_median`).join(', ')}
          FROM samples GROUP BY person, week_start
        )
        SELECT s.person, s.week_start, any_value(m.baseline_weeks),
          ${baselineMetrics.map((m) => `any_value(m.${m}_median), median(abs(s.${m} - m.${m}_median))`).join(', ')}
        FROM samples s JOIN medians m ON m.person = s.person AND m.week_start = s.week_start
        GROUP BY s.person, s.week_start`,
    },
  ];
}
