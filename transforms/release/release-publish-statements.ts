import type { SqlStatement } from '../../models/sql-statement.ts';
import { releaseRules } from './release-policy.ts';

/** The ledger's columns, the same in the private store's `release_outbox` and the analytics store's `release_ledger`. */
const ledgerColumns = [
  'release_id',
  'released_at',
  'rules',
  'k',
  'epsilon',
  'weeks_from',
  'weeks_to',
  'cells_released',
  'cells_suppressed',
  ...releaseRules.map((r) => `suppressed_${r}`),
  'epsilon_max_per_person',
  'epsilon_cap_per_person',
].join(', ');

/** The shape of one planned cell in `release_outbox.cells`, for `from_json`. */
const cellShape = JSON.stringify([
  {
    group: 'VARCHAR',
    name: 'VARCHAR',
    kind: 'VARCHAR',
    parent: 'VARCHAR',
    dimension: 'VARCHAR',
    week: 'VARCHAR',
    metric: 'VARCHAR',
    status: 'VARCHAR',
    contributors: 'INTEGER',
    mean: 'DOUBLE',
    median: 'DOUBLE',
    p25: 'DOUBLE',
    p75: 'DOUBLE',
    nudge_threshold: 'VARCHAR',
    share_beyond: 'DOUBLE',
    epsilon: 'DOUBLE',
  },
]);

/**
 * Publishing from the release outbox:
 * - pending: the releases committed but not yet in the analytics store (`release_id`), oldest weeks first;
 * - publish(releaseId): for `runWithAnalytics` (the private store is the main catalog, the analytics
 *   store attached as `analytics`), in one transaction: the release's weeks in `team_week_metrics`
 *   (those of its cells: a late week released after later ones leaves the weeks between alone)
 *   replaced by its cells and its ledger row written or replaced. Running it again writes the same
 *   rows, so a publication repeated after a crash (before it was marked) is still published once;
 * - markPublished(releaseId): for the private store, afterwards.
 */
export const releasePublishStatements = {
  pending: { sql: 'SELECT release_id FROM release_outbox WHERE published_at IS NULL ORDER BY weeks_from, release_id' },
  publish: (releaseId: string): SqlStatement[] => [
    {
      sql: `DELETE FROM analytics.team_week_metrics
        WHERE week_start IN (SELECT unnest(from_json(cells::JSON, '[{"week":"VARCHAR"}]')).week::DATE FROM release_outbox WHERE release_id = $releaseId)`,
      params: { releaseId },
    },
    {
      sql: `INSERT INTO analytics.team_week_metrics (team, team_name, week_start, metric, status, contributors, mean, median, p25, p75,
          release_id, group_kind, parent_team, dimension, nudge_threshold, share_beyond_threshold, noise_epsilon)
        SELECT c."group", c.name, c.week::DATE, c.metric, c.status, c.contributors, c.mean, c.median, c.p25, c.p75,
          $releaseId, c.kind, c.parent, c.dimension, c.nudge_threshold, c.share_beyond, c.epsilon
        FROM (SELECT unnest(from_json(cells::JSON, '${cellShape}')) AS c FROM release_outbox WHERE release_id = $releaseId)`,
      params: { releaseId },
    },
    {
      sql: `INSERT OR REPLACE INTO analytics.release_ledger (${ledgerColumns})
        SELECT ${ledgerColumns} FROM release_outbox WHERE release_id = $releaseId`,
      params: { releaseId },
    },
  ],
  markPublished: (releaseId: string): SqlStatement => ({
    sql: 'UPDATE release_outbox SET published_at = now() WHERE release_id = $releaseId',
    params: { releaseId },
  }),
};
