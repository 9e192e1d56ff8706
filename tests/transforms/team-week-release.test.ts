import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreDeps } from '../../activities/activity-deps.ts';
import { releaseAggregates, settledWeeksBefore } from '../../activities/release-aggregates.ts';
import { runRelease } from '../../activities/run-release.ts';
import { loadReleaseSettings } from '../../cli/release-settings.ts';
import { createPseudonymizer } from '../../transforms/pseudonymizer.ts';
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

/** Copies of every person's features (both tables) of week `from` as week `to`: data arriving for another week. */
const weekLike = (from: string, to: string) =>
  ['person_week_features', 'person_week_wellbeing'].map((table) => ({
    sql: `INSERT INTO ${table} SELECT * REPLACE ($to::DATE AS week_start) FROM ${table} WHERE week_start = $from::DATE`,
    params: { from, to },
  }));

async function analyticsRows(sql: string, dir = dataDir): Promise<Record<string, unknown>[]> {
  const analytics = await openAnalyticsStore(dir);
  try {
    const { columns, rows } = await analytics.query(sql);
    return rows.map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i]])));
  } finally {
    await analytics.close();
  }
}
/** Releases every settled week with data before `toWeek` from the private store of `dir` (the shared one unless given). */
const release = (toWeek: string, { releasedAt = '2024-01-22T06:00:00Z', dir = dataDir, from = store } = {}) =>
  runRelease(from, {
    toWeek,
    policy: releasePolicy(),
    overrides: { teams: [], people: [] },
    noise: undefined,
    analyticsPath: path.join(dir, 'analytics.duckdb'),
    releasedAt,
  });

/** A fresh data directory whose private store holds teams "small" and "large" and everyone's features of `week` only. */
async function seed(): Promise<{ dataDir: string; store: PrivateStore }> {
  const dataDir = tempDir('store');
  const store = await openPrivateStore(dataDir);
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
  return { dataDir, store };
}

beforeAll(async () => {
  ({ dataDir, store } = await seed());
  await release('2024-01-22');
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
  // (a donor needs an atom of k), so "small" counts 4; the week of 2024-01-15 has no data yet, so
  // it waits for its data instead of being finalised as suppressed.
  it('marks small cells suppressed, without saying which rule, and NULLs, never zeros; releases no week without data', async () => {
    const rows = await analyticsRows(
      `SELECT team, strftime(week_start, '%Y-%m-%d') AS week, status, count(*) AS n,
         count(contributors) + count(mean) + count(median) + count(p25) + count(p75) + count(share_beyond_threshold) AS values
       FROM team_week_metrics GROUP BY ALL ORDER BY week, team`,
    );
    const metrics = String(releasedMetrics.length);
    expect(rows).toEqual([
      { team: 'slack:large', week, status: 'released', n: metrics, values: String(releasedMetrics.length * 2) },
      { team: 'slack:small', week, status: 'suppressed', n: metrics, values: '0' },
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
        weeks_to: '2024-01-15',
        cells_released: releasedMetrics.length,
        cells_suppressed: releasedMetrics.length,
        suppressed_min_contributors: releasedMetrics.length,
        suppressed_overlap: 0,
        epsilon_max_per_person: null,
      },
    ]);
  });

  it('never rewrites a released week: a later release (after an opt-out) adds only new weeks', async () => {
    await store.run(optOutStatements(pseudonymOf('l2'), true, '2024-01-23T00:00:00Z'));
    await store.run(weekLike(week, '2024-01-22'));
    const again = await release('2024-01-29');
    expect(again.weeks).toEqual({ from: '2024-01-22', to: '2024-01-29' });
    const cells = await analyticsRows(`SELECT contributors FROM team_week_metrics WHERE team = 'slack:large' AND week_start = DATE '${week}'`);
    expect(cells.map((c) => c.contributors)).toEqual(releasedMetrics.map(() => 6));
    expect(await analyticsRows('SELECT count(*) AS n FROM release_ledger')).toEqual([{ n: '2' }]);
    expect((await release('2024-01-29')).plan).toBeNull();
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

describe('late data (issue 10, finding 7)', () => {
  it('releases weeks imported after the first run, older and newer, and leaves the week released between them alone', async () => {
    const late = await seed();
    try {
      const first = await release('2024-01-29', { dir: late.dataDir, from: late.store });
      expect(first.weeks).toEqual({ from: week, to: '2024-01-15' });
      // A Slack export imported afterwards brings the week before and the week after.
      await late.store.run([...weekLike(week, '2024-01-01'), ...weekLike(week, '2024-01-15')]);
      const next = await release('2024-01-29', { dir: late.dataDir, from: late.store, releasedAt: '2024-01-29T06:00:00Z' });
      expect(next.weeks).toEqual({ from: '2024-01-01', to: '2024-01-22' });
      expect(next.plan?.cells.map((c) => c.week)).not.toContain(week);
      const rows = await analyticsRows(
        `SELECT strftime(week_start, '%Y-%m-%d') AS week, status, contributors, release_id FROM team_week_metrics
         WHERE team = 'slack:large' AND metric = 'after_hours_minutes' ORDER BY week`,
        late.dataDir,
      );
      expect(rows.map((r) => [r.week, r.status, r.contributors])).toEqual([
        ['2024-01-01', 'released', 6],
        [week, 'released', 6],
        ['2024-01-15', 'released', 6],
      ]);
      expect(rows[1]?.release_id).toBe(first.plan && `${week}..2024-01-15@2024-01-22T06:00:00Z`);
      expect(await analyticsRows('SELECT count(*) AS n FROM release_ledger', late.dataDir)).toEqual([{ n: '2' }]);
      expect((await release('2024-01-29', { dir: late.dataDir, from: late.store })).plan).toBeNull();
    } finally {
      await late.store.close();
    }
  });

  it('releases a week only once it has settled: ATTUNE_RELEASE_SETTLE_DAYS after it ended everywhere', async () => {
    const late = await seed();
    try {
      const deps = {
        store: late.store,
        analyticsPath: path.join(late.dataDir, 'analytics.duckdb'),
        progress: () => undefined,
        releaseK: 5,
        release: { epsilon: null, overrides: { teams: [], people: [] }, settleDays: 3 },
        vaultKey: new Uint8Array(32),
      } as unknown as StoreDeps;
      // The week of 2024-01-08 ends on Monday 2024-01-15 (in UTC−12, at noon UTC): settled from Thursday noon on.
      const run = (end: string) => releaseAggregates(deps)({ window: { start: '2024-01-01T00:00:00Z', end } });
      expect(settledWeeksBefore('2024-01-18T11:59:00Z', 3)).toBe(week);
      expect(await run('2024-01-18T11:59:00Z')).toMatchObject({ released: 0, suppressed: 0 });
      expect(await run('2024-01-18T12:00:00Z')).toMatchObject({ weeks: { from: week, to: '2024-01-15' }, released: releasedMetrics.length });
      const pseudonymize = createPseudonymizer(new Uint8Array(32));
      expect((await loadReleaseSettings({}))(pseudonymize)).toMatchObject({ settleDays: 3, epsilon: null, epsilonCap: 10 });
      expect((await loadReleaseSettings({ ATTUNE_RELEASE_EPSILON: '1', ATTUNE_RELEASE_EPSILON_CAP: '4' }))(pseudonymize).epsilonCap).toBe(4);
      expect((await loadReleaseSettings({ ATTUNE_RELEASE_SETTLE_DAYS: ' 7 ' }))(pseudonymize).settleDays).toBe(7);
      await expect(loadReleaseSettings({ ATTUNE_RELEASE_SETTLE_DAYS: '1.5' })).rejects.toThrow(/ATTUNE_RELEASE_SETTLE_DAYS: .*whole number of days/);
    } finally {
      await late.store.close();
    }
  });

  it("releases a metric only from the first week every kind of source it draws on read in full: a first run's partial week shows no drop", async () => {
    const partial = await seed();
    try {
      // Chat was first read on Wednesday 2024-01-03 (its week read in part), the calendar on Wednesday 2024-01-10.
      const event = (kind: string, id: string, at: string) => ({
        sql: `INSERT INTO events (source, kind, source_event_id, actor, counterparts, start_at, end_at, is_thread)
              VALUES ('slack', $kind, $id, $actor, [], $at::TIMESTAMPTZ, $at::TIMESTAMPTZ, false)`,
        params: { kind, id, actor: pseudonymOf('s1'), at },
      });
      await partial.store.run([event('message', 'm1', '2024-01-03T09:00:00Z'), event('meeting', 'c1', '2024-01-10T09:00:00Z')]);
      await partial.store.run([...weekLike(week, '2024-01-01'), ...weekLike(week, '2024-01-15')]);
      await release('2024-01-22', { dir: partial.dataDir, from: partial.store });
      const weeksOf = async (metric: string) =>
        (await analyticsRows(
          `SELECT DISTINCT strftime(week_start, '%Y-%m-%d') AS w FROM team_week_metrics WHERE metric = '${metric}' AND team = 'slack:large' ORDER BY w`,
          partial.dataDir,
        )).map((r) => r.w);
      expect(await weeksOf('messages_sent')).toEqual(['2024-01-08', '2024-01-15']);
      expect(await weeksOf('meeting_minutes')).toEqual(['2024-01-15']);
      // Drawing on both chat and the calendar, after-hours minutes wait for the later of the two.
      expect(await weeksOf('after_hours_minutes')).toEqual(['2024-01-15']);
      // The week of 2024-01-01 is final all the same: a later release doesn't go back to it.
      const released = await partial.store.select({ sql: "SELECT strftime(week_start, '%Y-%m-%d') AS w FROM released_weeks ORDER BY w" });
      expect(released.map((r) => r.w)).toEqual(['2024-01-01', week, '2024-01-15']);
    } finally {
      await partial.store.close();
    }
  });
});
