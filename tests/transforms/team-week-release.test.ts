import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TeamMembership } from '../../models/team-membership.ts';
import { openAnalyticsStore } from '../../store/open-analytics-store.ts';
import { openPrivateStore } from '../../store/open-private-store.ts';
import type { PrivateStore } from '../../store/private-store.ts';
import { teamWeekReleaseStatements } from '../../transforms/release/team-week-release-statements.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { pseudonymOf } from './activity-fixtures.ts';

const week = '2024-01-08';
const weeks = { fromWeek: week, toWeek: '2024-01-22' };
let dataDir: string;
let store: PrivateStore;

/** Team "small": 4 active members and one without a week row; team "large": 6 active, one of them also in "small". */
const members: TeamMembership[] = [
  ...['s1', 's2', 's3', 's4', 'idle'].map((p) => ({ source: 'slack' as const, team: 'slack:small', teamName: 'Small', person: pseudonymOf(p) })),
  ...['s1', 'l2', 'l3', 'l4', 'l5', 'l6'].map((p) => ({ source: 'slack' as const, team: 'slack:large', teamName: 'Large', person: pseudonymOf(p) })),
];
/** After-hours minutes per active person in week 2024-01-08; other metrics derive from it. */
const afterHours: Record<string, number> = { s1: 10, l2: 20, l3: 30, l4: 40, l5: 50, l6: 60, s2: 1, s3: 2, s4: 3 };

async function analyticsRows(sql: string): Promise<Record<string, unknown>[]> {
  const analytics = await openAnalyticsStore(dataDir);
  try {
    const { columns, rows } = await analytics.query(sql);
    return rows.map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i]])));
  } finally {
    await analytics.close();
  }
}
const release = (releaseId: string, k?: number) =>
  store.runWithAnalytics(
    path.join(dataDir, 'analytics.duckdb'),
    teamWeekReleaseStatements({ ...weeks, k, releaseId, releasedAt: '2024-01-22T06:00:00Z' }),
  );

beforeAll(async () => {
  dataDir = tempDir('store');
  store = await openPrivateStore(dataDir);
  await store.replaceDirectory('slack', { teams: [], memberships: members, segments: [] });
  await store.run(
    Object.entries(afterHours).map(([name, minutes]) => ({
      sql: `INSERT INTO person_week_features VALUES ($person, $week::DATE, 3, $minutes * 2, $minutes, 0, $minutes + 400, 4)`,
      params: { person: pseudonymOf(name), week, minutes },
    })),
  );
  await release('r1');
});
afterAll(() => store.close());

describe('teamWeekReleaseStatements', () => {
  it('releases a team of 6 contributors with exact mean, median and quartiles', async () => {
    const rows = await analyticsRows(
      `SELECT metric, status, contributors, mean, median, p25, p75, release_id FROM team_week_metrics
       WHERE team = 'slack:large' AND week_start = DATE '${week}' ORDER BY metric`,
    );
    const stats = (offset: number, scale: number) => ({
      mean: 35 * scale + offset,
      median: 35 * scale + offset,
      p25: 22.5 * scale + offset,
      p75: 47.5 * scale + offset,
    });
    const released = (metric: string, values: object) => ({ metric, status: 'released', contributors: 6, ...values, release_id: 'r1' });
    expect(rows).toEqual([
      released('after_hours_minutes', stats(0, 1)),
      released('distinct_collaborators', { mean: 4, median: 4, p25: 4, p75: 4 }),
      released('mean_workday_span_minutes', stats(400, 1)),
      released('messages_sent', stats(0, 2)),
      released('non_working_day_minutes', { mean: 0, median: 0, p25: 0, p75: 0 }),
    ]);
  });

  it('suppresses a team of 4 contributors with NULLs, never zeros, and every team in a week without data', async () => {
    const rows = await analyticsRows(
      `SELECT team, team_name, strftime(week_start, '%Y-%m-%d') AS week, status, count(*) AS n,
         count(contributors) + count(mean) + count(median) + count(p25) + count(p75) AS values
       FROM team_week_metrics GROUP BY ALL ORDER BY week, team`,
    );
    expect(rows).toEqual([
      { team: 'slack:large', team_name: 'Large', week: '2024-01-08', status: 'released', n: '5', values: '25' },
      { team: 'slack:small', team_name: 'Small', week: '2024-01-08', status: 'suppressed', n: '5', values: '0' },
      { team: 'slack:large', team_name: 'Large', week: '2024-01-15', status: 'suppressed', n: '5', values: '0' },
      { team: 'slack:small', team_name: 'Small', week: '2024-01-15', status: 'suppressed', n: '5', values: '0' },
    ]);
  });

  it('replaces the rows of its weeks when run again and appends one ledger row per release', async () => {
    await release('r2', 4);
    const metrics = await analyticsRows(
      `SELECT release_id, team, status, count(*) AS n FROM team_week_metrics WHERE week_start = DATE '${week}' GROUP BY ALL ORDER BY team`,
    );
    expect(metrics).toEqual([
      { release_id: 'r2', team: 'slack:large', status: 'released', n: '5' },
      { release_id: 'r2', team: 'slack:small', status: 'released', n: '5' },
    ]);
    await release('r2', 4);
    const ledger = await analyticsRows(
      `SELECT release_id, strftime(released_at, '%Y-%m-%dT%H:%M:%SZ') AS released_at, rules, k, epsilon,
         strftime(weeks_from, '%Y-%m-%d') AS weeks_from, strftime(weeks_to, '%Y-%m-%d') AS weeks_to, cells_released, cells_suppressed
       FROM release_ledger ORDER BY release_id`,
    );
    const entry = { released_at: '2024-01-22T06:00:00Z', rules: 'min_contributors', epsilon: null, weeks_from: week, weeks_to: '2024-01-22' };
    expect(ledger).toEqual([
      { release_id: 'r1', ...entry, k: 5, cells_released: 5, cells_suppressed: 15 },
      { release_id: 'r2', ...entry, k: 4, cells_released: 10, cells_suppressed: 10 },
    ]);
  });

  it('holds no pseudonym anywhere in the analytics store', async () => {
    const columns = await analyticsRows(`SELECT table_name, column_name FROM information_schema.columns`);
    expect([...new Set(columns.map((c) => c.table_name))].sort()).toEqual(['release_ledger', 'schema_migrations', 'team_week_metrics']);
    expect(columns.map((c) => c.column_name)).not.toContain('pseudonym');
    expect(columns.map((c) => c.column_name)).not.toContain('person');
    const cells = await analyticsRows(`SELECT team, team_name, release_id FROM team_week_metrics`);
    expect(JSON.stringify(cells)).not.toMatch(/[0-9a-f]{32}/);
  });

  it.each([2, 0, 4.5, Number.NaN])('rejects k = %s', (k) => {
    expect(() => teamWeekReleaseStatements({ ...weeks, k, releaseId: 'x', releasedAt: '2024-01-22T06:00:00Z' })).toThrow(/k \(minimum/);
  });
});
