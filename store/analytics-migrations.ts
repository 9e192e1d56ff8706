import type { Migration } from './migration.ts';

/**
 * The analytics store's schema history, oldest first. It holds released team aggregates and the
 * release ledger only: no per-person table and no pseudonym column, ever.
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
];
