import { mkdirSync, rmdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runRelease } from '../../activities/run-release.ts';
import { openPrivateStore } from '../../store/open-private-store.ts';
import type { PrivateStore } from '../../store/private-store.ts';
import { releasePolicy } from '../../transforms/release/release-policy.ts';
import { rowsOf } from '../helpers/rows-of.ts';
import { holdDuckDbOpen, type DuckDbHolder } from '../helpers/hold-duckdb-open.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { pseudonymOf } from '../transforms/activity-fixtures.ts';

const weeks = ['2024-01-01', '2024-01-08'];
const people = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'];
const holders: DuckDbHolder[] = [];
afterEach(async () => {
  for (const holder of holders.splice(0)) await holder.stop();
});

/** A private store with one 6-person Slack team and its after-hours minutes in both weeks. */
async function storeWithTeam(dataDir: string): Promise<PrivateStore> {
  const store = await openPrivateStore(dataDir);
  await store.replaceDirectory('slack', {
    teams: [],
    memberships: people.map((p) => ({ source: 'slack', team: 'slack:team', teamName: 'team', person: pseudonymOf(p) })),
    segments: [],
  });
  await store.run(
    weeks.flatMap((week) =>
      people.map((name, i) => ({
        sql: `INSERT INTO person_week_features (person, week_start, active_days, messages_sent, after_hours_minutes, non_working_day_minutes,
                mean_workday_span_minutes, distinct_collaborators) VALUES ($person, $week::DATE, 5, 10, $minutes, 0, 500, 4)`,
        params: { person: pseudonymOf(name), week, minutes: 10 * (i + 1) },
      })),
    ),
  );
  return store;
}

const release = (store: PrivateStore, dataDir: string, toWeek: string, releasedAt: string) =>
  runRelease(store, {
    toWeek,
    policy: releasePolicy(),
    overrides: { teams: [], people: [] },
    noise: undefined,
    analyticsPath: path.join(dataDir, 'analytics.duckdb'),
    releasedAt,
  });

describe('publishing a release to the analytics store', () => {
  it('is not blocked by an analyst holding the store open, who keeps reading the snapshot they opened', async () => {
    const dataDir = tempDir('outbox');
    const analytics = path.join(dataDir, 'analytics.duckdb');
    const store = await storeWithTeam(dataDir);
    try {
      expect((await release(store, dataDir, '2024-01-08', '2024-01-09T06:00:00Z')).publication).toEqual({ published: 1, waiting: 0, failure: null });
      const analyst = await holdDuckDbOpen(analytics, { readOnly: true });
      holders.push(analyst);
      const ledgerRows = async () => Number(await analyst.firstValue('SELECT count(*) FROM release_ledger'));
      expect(await ledgerRows()).toBe(1);
      expect((await release(store, dataDir, '2024-01-15', '2024-01-16T06:00:00Z')).publication).toEqual({ published: 1, waiting: 0, failure: null });
      expect(await ledgerRows()).toBe(1);
      expect(await rowsOf(analytics, 'SELECT count(*) AS n FROM release_ledger')).toEqual([{ n: '2' }]);
    } finally {
      await store.close();
    }
  });

  it('that fails is committed with its weeks, published on the next try with its ledger row, exactly once', async () => {
    const dataDir = tempDir('outbox');
    const analytics = path.join(dataDir, 'analytics.duckdb');
    const store = await storeWithTeam(dataDir);
    let perWeek = 0;
    try {
      // A first release reaches the analytics store normally.
      const first = await release(store, dataDir, '2024-01-08', '2024-01-09T06:00:00Z');
      expect(first.publication).toEqual({ published: 1, waiting: 0, failure: null });
      perWeek = first.released;
      expect(perWeek).toBeGreaterThan(0);

      // The copy a publication writes can't be made (a directory stands in its place): the write fails.
      mkdirSync(`${analytics}.next`);
      const blocked = await release(store, dataDir, '2024-01-15', '2024-01-16T06:00:00Z');
      expect(blocked.weeks).toEqual({ from: '2024-01-08', to: '2024-01-15' });
      expect(blocked.released).toBe(perWeek);
      expect(blocked.publication).toMatchObject({ published: 0, waiting: 1 });
      expect(blocked.publication.failure).toMatch(/directory/i);
      // The week is released in the private store, and what it publishes waits with it.
      expect(await store.select({ sql: "SELECT strftime(week_start, '%Y-%m-%d') AS week FROM released_weeks ORDER BY 1" })).toEqual(
        weeks.map((week) => ({ week })),
      );
      expect(await store.select({ sql: 'SELECT count(*) AS n FROM release_outbox WHERE published_at IS NULL' })).toEqual([{ n: '1' }]);

      rmdirSync(`${analytics}.next`);
      // The next try has no new week to plan, and publishes the waiting release.
      const next = await release(store, dataDir, '2024-01-15', '2024-01-17T06:00:00Z');
      expect(next.plan).toBeNull();
      expect(next.publication).toEqual({ published: 1, waiting: 0, failure: null });
      const again = await release(store, dataDir, '2024-01-15', '2024-01-18T06:00:00Z');
      expect(again.publication).toEqual({ published: 0, waiting: 0, failure: null });
    } finally {
      await store.close();
    }
    const ledger = await rowsOf(analytics, "SELECT strftime(weeks_from, '%Y-%m-%d') AS weeks_from, cells_released FROM release_ledger ORDER BY 1");
    expect(ledger).toEqual([
      { weeks_from: '2024-01-01', cells_released: perWeek },
      { weeks_from: '2024-01-08', cells_released: perWeek },
    ]);
    const cells = await rowsOf(
      analytics,
      `SELECT strftime(week_start, '%Y-%m-%d') AS week, count(*) AS n, count(DISTINCT release_id) AS releases FROM team_week_metrics
       WHERE status = 'released' GROUP BY 1 ORDER BY 1`,
    );
    expect(cells).toEqual(weeks.map((week) => ({ week, n: String(perWeek), releases: '1' })));
  });

  it('publishes a release again after a crash before it was marked published, with the same rows once', async () => {
    const dataDir = tempDir('outbox');
    const analytics = path.join(dataDir, 'analytics.duckdb');
    const store = await storeWithTeam(dataDir);
    const snapshot = async () => [
      await rowsOf(analytics, 'SELECT * FROM release_ledger ORDER BY ALL'),
      await rowsOf(analytics, 'SELECT * FROM team_week_metrics ORDER BY ALL'),
    ];
    try {
      await release(store, dataDir, '2024-01-15', '2024-01-16T06:00:00Z');
      await store.close();
      const published = await snapshot();
      const reopened = await openPrivateStore(dataDir);
      await reopened.run([{ sql: 'UPDATE release_outbox SET published_at = NULL' }]);
      expect((await release(reopened, dataDir, '2024-01-15', '2024-01-17T06:00:00Z')).publication).toEqual({ published: 1, waiting: 0, failure: null });
      await reopened.close();
      expect(await snapshot()).toEqual(published);
    } finally {
      await store.close().catch(() => undefined);
    }
  });
});
