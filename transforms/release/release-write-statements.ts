import type { SqlStatement } from '../../models/sql-statement.ts';
import type { ReleasePlan } from './plan-release.ts';
import { releaseRules, type ReleasePolicy } from './release-policy.ts';

/**
 * The statements that publish a planned release of the weeks in [fromWeek, toWeek), in two
 * transactions (DuckDB writes one database per transaction). `state`, for the private store:
 * the contributor sets released that differ from the group's previous ones, and the weeks now
 * released, which later releases build on; run it first, so a failure in between leaves weeks unpublished rather than published twice.
 * `analytics`, through `runWithAnalytics`: the cells into `analytics.team_week_metrics`
 * (replacing any of those weeks) and one ledger row (rules in force, k, ε, cells released and
 * suppressed in total and per rule, the most ε spent on one person in a week; never who).
 */
export function releaseWriteStatements({
  plan,
  policy,
  fromWeek,
  toWeek,
  releaseId,
  releasedAt,
}: {
  plan: ReleasePlan;
  policy: ReleasePolicy;
  fromWeek: string;
  toWeek: string;
  releaseId: string;
  /** ISO-8601 instant of the release. */
  releasedAt: string;
}): { state: SqlStatement[]; analytics: SqlStatement[] } {
  if (releaseId.length === 0) throw new Error('a release needs a releaseId');
  if (Number.isNaN(Date.parse(releasedAt))) throw new Error(`releasedAt "${releasedAt}" is not an ISO-8601 instant`);
  const weeks = { fromWeek, toWeek };
  const cells = plan.cells.map((c) => ({
    group: c.group,
    name: c.name,
    kind: c.kind,
    parent: c.parent,
    dimension: c.dimension,
    week: c.week,
    metric: c.metric,
    status: c.status,
    suppressed_by: c.suppressedBy,
    contributors: c.contributors,
    mean: c.mean,
    median: c.median,
    p25: c.p25,
    p75: c.p75,
    nudge_threshold: c.nudgeThreshold,
    share_beyond: c.shareBeyond,
    epsilon: c.epsilon,
  }));
  const released = plan.cells.filter((c) => c.status === 'released').length;
  const rulesInForce = [
    ...releaseRules.filter((r) => policy.rules[r]),
    'opt_out',
    ...(policy.quartilesAndSharesFrom >= 2 * policy.k ? ['quartiles_and_shares_from_2k'] : []),
    ...(policy.epsilon === null ? [] : ['discrete_laplace']),
  ];
  const releasedWeeks = [...new Set(plan.cells.map((c) => c.week))];
  const analytics: SqlStatement[] = [
    { sql: 'DELETE FROM analytics.team_week_metrics WHERE week_start >= $fromWeek::DATE AND week_start < $toWeek::DATE', params: weeks },
    {
      sql: `INSERT INTO analytics.team_week_metrics (team, team_name, week_start, metric, status, contributors, mean, median, p25, p75,
          release_id, group_kind, parent_team, dimension, suppressed_by, nudge_threshold, share_beyond_threshold, noise_epsilon)
        SELECT c."group", c.name, c.week::DATE, c.metric, c.status, c.contributors, c.mean, c.median, c.p25, c.p75,
          $releaseId, c.kind, c.parent, c.dimension, c.suppressed_by, c.nudge_threshold, c.share_beyond, c.epsilon
        FROM (SELECT unnest(from_json($cells::JSON, '[{"group":"VARCHAR","name":"VARCHAR","kind":"VARCHAR","parent":"VARCHAR",
          "dimension":"VARCHAR","week":"VARCHAR","metric":"VARCHAR","status":"VARCHAR","suppressed_by":"VARCHAR","contributors":"INTEGER",
          "mean":"DOUBLE","median":"DOUBLE","p25":"DOUBLE","p75":"DOUBLE","nudge_threshold":"VARCHAR","share_beyond":"DOUBLE","epsilon":"DOUBLE"}]')) AS c)`,
      params: { releaseId, cells: JSON.stringify(cells) },
    },
    {
      sql: `INSERT OR REPLACE INTO analytics.release_ledger
          (release_id, released_at, rules, k, epsilon, weeks_from, weeks_to, cells_released, cells_suppressed,
           ${releaseRules.map((r) => `suppressed_${r}`).join(', ')}, epsilon_max_per_person)
        VALUES ($releaseId, $releasedAt::TIMESTAMPTZ, $rules, $k, $epsilon, $fromWeek::DATE, $toWeek::DATE, $released, $suppressed,
          ${releaseRules.map((r) => `$${r}`).join(', ')}, $epsilonMax)`,
      params: {
        ...weeks,
        ...plan.suppressedBy,
        releaseId,
        releasedAt,
        rules: rulesInForce.join(','),
        k: policy.k,
        epsilon: policy.epsilon,
        released,
        suppressed: plan.cells.length - released,
        epsilonMax: plan.epsilonMaxPerPerson,
      },
    },
  ];
  const state: SqlStatement[] = [
    {
      sql: `INSERT OR REPLACE INTO released_sets
        SELECT s.metric, s."group", s.week::DATE, s.contributors
        FROM (SELECT unnest(from_json($sets::JSON, '[{"metric":"VARCHAR","group":"VARCHAR","week":"VARCHAR","contributors":["VARCHAR"]}]')) AS s)`,
      params: { sets: JSON.stringify(plan.newSets) },
    },
    {
      sql: `INSERT OR REPLACE INTO released_weeks
        SELECT w::DATE, $releaseId FROM (SELECT unnest(from_json($weeks::JSON, '["VARCHAR"]')) AS w)`,
      params: { releaseId, weeks: JSON.stringify(releasedWeeks) },
    },
  ];
  return { state, analytics };
}
