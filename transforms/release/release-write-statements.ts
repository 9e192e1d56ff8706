import type { SqlStatement } from '../../models/sql-statement.ts';
import type { ReleasePlan } from './plan-release.ts';
import { releaseRules, type ReleasePolicy } from './release-policy.ts';

/**
 * The statements that commit a planned release of the weeks in [fromWeek, toWeek) to the private
 * store, to run in one transaction: the contributor sets released that differ from the group's
 * previous ones and the weeks now released (which later releases build on), together with the
 * release's outbox row: its ledger row (rules in force, k, ε, cells released and suppressed in
 * total and per rule, the most ε spent on one person in a week and the cap on it; never who) and its planned cells
 * (never the rule that suppressed one: the per-rule counts are in the ledger only).
 * `releasePublishStatements` then copies the row to the analytics store, so a release is never
 * marked done without what it publishes being kept.
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
}): SqlStatement[] {
  if (releaseId.length === 0) throw new Error('a release needs a releaseId');
  if (Number.isNaN(Date.parse(releasedAt))) throw new Error(`releasedAt "${releasedAt}" is not an ISO-8601 instant`);
  const cells = plan.cells.map((c) => ({
    group: c.group,
    name: c.name,
    kind: c.kind,
    parent: c.parent,
    dimension: c.dimension,
    week: c.week,
    metric: c.metric,
    status: c.status,
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
    ...(policy.contributors === 'members' ? ['members_as_contributors'] : []),
    ...(policy.quartilesAndSharesFrom >= 2 * policy.k ? ['quartiles_and_shares_from_2k'] : []),
    ...(policy.epsilon === null ? [] : ['discrete_laplace']),
    ...(policy.epsilon !== null && policy.epsilonCap !== null ? ['epsilon_cap_per_person_week'] : []),
  ];
  return [
    {
      sql: `INSERT OR REPLACE INTO released_sets
        SELECT s.metric, s."group", s.week::DATE, s.contributors
        FROM (SELECT unnest(from_json($sets::JSON, '[{"metric":"VARCHAR","group":"VARCHAR","week":"VARCHAR","contributors":["VARCHAR"]}]')) AS s)`,
      params: { sets: JSON.stringify(plan.newSets) },
    },
    {
      sql: `INSERT OR REPLACE INTO released_weeks
        SELECT w::DATE, $releaseId FROM (SELECT unnest(from_json($weeks::JSON, '["VARCHAR"]')) AS w)`,
      params: { releaseId, weeks: JSON.stringify(plan.weeks) },
    },
    {
      sql: `INSERT INTO release_outbox
          (release_id, released_at, rules, k, epsilon, weeks_from, weeks_to, cells_released, cells_suppressed,
           ${releaseRules.map((r) => `suppressed_${r}`).join(', ')}, epsilon_max_per_person, epsilon_cap_per_person, cells, published_at)
        VALUES ($releaseId, $releasedAt::TIMESTAMPTZ, $rules, $k, $epsilon, $fromWeek::DATE, $toWeek::DATE, $released, $suppressed,
          ${releaseRules.map((r) => `$${r}`).join(', ')}, $epsilonMax, $epsilonCap, $cells, NULL)`,
      params: {
        ...plan.suppressedBy,
        fromWeek,
        toWeek,
        releaseId,
        releasedAt,
        rules: rulesInForce.join(','),
        k: policy.k,
        epsilon: policy.epsilon,
        released,
        suppressed: plan.cells.length - released,
        epsilonMax: plan.epsilonMaxPerPerson,
        epsilonCap: policy.epsilon === null ? null : policy.epsilonCap,
        cells: JSON.stringify(cells),
      },
    },
  ];
}
