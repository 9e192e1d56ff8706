import type { Migration } from './migration.ts';

/**
 * The analytics store's schema history, oldest first. It holds released group aggregates (teams
 * and segment categories, in `team_week_metrics`) and the release ledger only: no per-person
 * table and no pseudonym column, ever.
 */
export const analyticsMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'initial analytics schema',
    statements: [
      `CREATE TABLE team_week_metrics (
        team VARCHAR NOT NULL,
        team_name VARCHAR NOT NULL,
        week_start DATE NOT NULL,
        metric VARCHAR NOT NULL,
        status VARCHAR NOT NULL CHECK (status IN ('released', 'suppressed')),
        contributors INTEGER,
        mean DOUBLE,
        median DOUBLE,
        p25 DOUBLE,
        p75 DOUBLE,
        release_id VARCHAR NOT NULL,
        PRIMARY KEY (team, week_start, metric)
      )`,
      `CREATE TABLE release_ledger (
        release_id VARCHAR PRIMARY KEY,
        released_at TIMESTAMPTZ NOT NULL,
        rules VARCHAR NOT NULL,
        k INTEGER NOT NULL,
        epsilon DOUBLE,
        weeks_from DATE NOT NULL,
        weeks_to DATE NOT NULL,
        cells_released INTEGER NOT NULL,
        cells_suppressed INTEGER NOT NULL
      )`,
    ],
  },
  {
    version: 2,
    name: 'segments and the team hierarchy in released cells, the rule that suppressed a cell, nudge-threshold shares, noise, ledger per rule',
    statements: [
      "ALTER TABLE team_week_metrics ADD COLUMN group_kind VARCHAR DEFAULT 'team'",
      'ALTER TABLE team_week_metrics ADD COLUMN parent_team VARCHAR',
      'ALTER TABLE team_week_metrics ADD COLUMN dimension VARCHAR',
      'ALTER TABLE team_week_metrics ADD COLUMN suppressed_by VARCHAR',
      'ALTER TABLE team_week_metrics ADD COLUMN nudge_threshold VARCHAR',
      'ALTER TABLE team_week_metrics ADD COLUMN share_beyond_threshold DOUBLE',
      'ALTER TABLE team_week_metrics ADD COLUMN noise_epsilon DOUBLE',
      'ALTER TABLE release_ledger ADD COLUMN suppressed_min_contributors INTEGER DEFAULT 0',
      'ALTER TABLE release_ledger ADD COLUMN suppressed_time_differencing INTEGER DEFAULT 0',
      'ALTER TABLE release_ledger ADD COLUMN suppressed_overlap INTEGER DEFAULT 0',
      'ALTER TABLE release_ledger ADD COLUMN suppressed_secondary INTEGER DEFAULT 0',
      'ALTER TABLE release_ledger ADD COLUMN suppressed_segment_cut INTEGER DEFAULT 0',
      'ALTER TABLE release_ledger ADD COLUMN suppressed_linear_audit INTEGER DEFAULT 0',
      'ALTER TABLE release_ledger ADD COLUMN epsilon_max_per_person DOUBLE',
    ],
  },
  {
    version: 3,
    name: 'no per-cell suppression reason: intersecting the rules that suppressed cells narrowed absent and opted-out people (the ledger keeps per-rule counts)',
    statements: ['ALTER TABLE team_week_metrics DROP COLUMN suppressed_by'],
  },
  {
    version: 4,
    name: 'the ε cap per person-week in the release ledger',
    statements: ['ALTER TABLE release_ledger ADD COLUMN epsilon_cap_per_person DOUBLE'],
  },
];
