import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRelease } from '../../activities/run-release.ts';
import { openAnalyticsStore } from '../../store/open-analytics-store.ts';
import { openPrivateStore } from '../../store/open-private-store.ts';
import type { PrivateStore } from '../../store/private-store.ts';
import { optOutStatements } from '../../transforms/release/opt-out-statements.ts';
import { releasePolicy } from '../../transforms/release/release-policy.ts';
import { releasedMetrics } from '../../transforms/release/released-metrics.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { pseudonymOf } from './activity-fixtures.ts';

const week = '2024-01-08';
let dataDir: string;
let store: PrivateStore;

/** Team "large": 6 active members, one of them (s1) also in "small" with 3 others and one without a week row. */
const small = ['s1', 's2', 's3', 's4', 'idle'];
const large = ['s1', 'l2', 'l3', 'l4', 'l5', 'l6'];
/** After-hours minutes per active person in week 2024-01-08; other metrics derive from it. */
const afterHours: Record<string, number> = { s1: 10, l2: 20, l3: 30, l4: 40, l5: 250, l6: 260, s2: 1, s3: 2, s4: 3 };

async function analyticsRows(sql: string): Promise<Record<string, unknown>[]> {
  const analytics = await openAnalyticsStore(dataDir);
  try {
    const { columns, rows } = await analytics.query(sql);
    return rows.map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i]])));
  } finally {
    await analytics.close();
  }
}
const release = (fromWeek: string, toWeek: string) =>
  runRelease(store, {
    fromWeek,
    toWeek,
    policy: releasePolicy(),
    overrides: { teams: [], people: [] },
    noise: undefined,
    analyticsPath: path.join(dataDir, 'analytics.duckdb'),
    releasedAt: '2024-01-22T06:00:00Z',
  });

beforeAll(async () => {
  dataDir = tempDir('store');
  store = await openPrivateStore(dataDir);
  const membership = (team: string, names: string[]) => names.map((p) => ({ source: 'slack' as const, team, teamName: team.slice(6), person: pseudonymOf(p) }));
  await store.replaceDirectory('slack', { teams: [], memberships: [...membership('slack:small', small), ...membership('slack:large', large)], segments: [] });
  await store.run(
    Object.entries(afterHours).map(([name, minutes]) => ({
      sql: `INSERT INTO person_week_features (person, week_start, active_days, messages_sent, after_hours_minutes, non_working_day_minutes,
              mean_workday_span_minutes, distinct_collaborators)
            VALUES ($person, $week::DATE, 3, $minutes * 2, $minutes, 0, $minutes + 400, 4)`,
      params: { person: pseudonymOf(name), week, minutes },
    })),
  );
  // The wellbeing columns: a steady week for everyone (60 meeting minutes, 15 h of focus, a network of 4).
  await store.run([
    {
      sql: `INSERT INTO person_week_wellbeing SELECT person, week_start, 3, 0, after_hours_minutes, 0, 2, 60, 0, 0, 0, 0, 0, 0, 0, 900, 4, 4,
              NULL, 0, 0, 0, 0, 0, NULL FROM person_week_features`,
    },
  ]);
  await release(week, '2024-01-22');
});
afterAll(() => store.close());

describe('a release into the analytics store', () => {
  it('releases a team of 6 contributors (under 2k) with its exact mean, and no quartiles or share beyond the nudge threshold', async () => {
    const rows = await analyticsRows(
      `SELECT metric, status, contributors, mean, median, p25, p75, nudge_threshold, share_beyond_threshold AS share FROM team_week_metrics
       WHERE team = 'slack:large' AND week_start = DATE '${week}'
         AND metric IN ('after_hours_minutes', 'distinct_collaborators', 'mean_workday_span_minutes', 'messages_sent', 'non_working_day_minutes')
       ORDER BY metric`,
    );
    const released = (metric: string, values: object, threshold: string | null = null, share: number | null = null) => ({
      metric, status: 'released', contributors: 6, ...values, nudge_threshold: threshold, share,
    });
    // 10, 20, 30, 40, 250, 260: quartiles and shares need 2k = 10 contributors, whatever their value.
    const none = { median: null, p25: null, p75: null };
    expect(rows).toEqual([
      released('after_hours_minutes', { mean: 610 / 6, ...none }, '> 180'),
      released('distinct_collaborators', { mean: 4, ...none }),
      released('mean_workday_span_minutes', { mean: 610 / 6 + 400, ...none }, '> 660'),
      released('messages_sent', { mean: 1220 / 6, ...none }),
      released('non_working_day_minutes', { mean: 0, ...none }),
    ]);
  });

  // "idle" (no week row) shares its groups with only 3 people who have values, too few to lend one
  // (a donor needs an atom of k), so "small" counts 4; a week without anyone's data is suppressed.
  it('marks small and empty cells suppressed, without saying which rule, and NULLs, never zeros', async () => {
    const rows = await analyticsRows(
      `SELECT team, strftime(week_start, '%Y-%m-%d') AS week, status, count(*) AS n,
         count(contributors) + count(mean) + count(median) + count(p25) + count(p75) + count(share_beyond_threshold) AS values
       FROM team_week_metrics GROUP BY ALL ORDER BY week, team`,
    );
    const metrics = String(releasedMetrics.length);
    expect(rows).toEqual([
      { team: 'slack:large', week, status: 'released', n: metrics, values: String(releasedMetrics.length * 2) },
      { team: 'slack:small', week, status: 'suppressed', n: metrics, values: '0' },
      { team: 'slack:large', week: '2024-01-15', status: 'suppressed', n: metrics, values: '0' },
      { team: 'slack:small', week: '2024-01-15', status: 'suppressed', n: metrics, values: '0' },
    ]);
  });

  it('records the release in the ledger: rules, k, counts per rule, no ε', async () => {
    const ledger = await analyticsRows(
      `SELECT rules, k, epsilon, strftime(weeks_from, '%Y-%m-%d') AS weeks_from, strftime(weeks_to, '%Y-%m-%d') AS weeks_to,
         cells_released, cells_suppressed, suppressed_min_contributors, suppressed_overlap, epsilon_max_per_person
       FROM release_ledger`,
    );
    expect(ledger).toEqual([
      {
        rules: 'min_contributors,time_differencing,overlap,secondary,segment_cut,linear_audit,opt_out,members_as_contributors,quartiles_and_shares_from_2k',
        k: 5,
        epsilon: null,
        weeks_from: week,
        weeks_to: '2024-01-22',
        cells_released: releasedMetrics.length,
        cells_suppressed: 3 * releasedMetrics.length,
        suppressed_min_contributors: 3 * releasedMetrics.length,
        suppressed_overlap: 0,
        epsilon_max_per_person: null,
      },
    ]);
  });

  it('never rewrites a released week: a later release (after an opt-out) adds only new weeks', async () => {
    await store.run(optOutStatements(pseudonymOf('l2'), true, '2024-01-23T00:00:00Z'));
    const again = await release(week, '2024-01-29');
    expect(again.weeks).toEqual({ from: '2024-01-22', to: '2024-01-29' });
    const cells = await analyticsRows(`SELECT contributors FROM team_week_metrics WHERE team = 'slack:large' AND week_start = DATE '${week}'`);
    expect(cells.map((c) => c.contributors)).toEqual(releasedMetrics.map(() => 6));
    expect(await analyticsRows('SELECT count(*) AS n FROM release_ledger')).toEqual([{ n: '2' }]);
    expect((await release(week, '2024-01-29')).plan).toBeNull();
  });

  it('holds no pseudonym anywhere in the analytics store', async () => {
    const columns = await analyticsRows(`SELECT table_name, column_name FROM information_schema.columns`);
    expect([...new Set(columns.map((c) => c.table_name))].sort()).toEqual(['release_ledger', 'schema_migrations', 'team_week_metrics']);
    expect(columns.map((c) => c.column_name)).not.toContain('pseudonym');
    expect(columns.map((c) => c.column_name)).not.toContain('person');
    const cells = await analyticsRows(`SELECT * FROM team_week_metrics`);
    expect(JSON.stringify(cells)).not.toMatch(/[0-9a-f]{32}/);
  });

  it.each([2, 0, 4.5, Number.NaN])('rejects k = %s', (k) => {
    expect(() => releasePolicy({ k })).toThrow(/k \(minimum/);
  });
});
