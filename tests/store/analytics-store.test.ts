import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openAnalyticsStore } from '../../store/open-analytics-store.ts';
import { openPrivateStore } from '../../store/open-private-store.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/** A data dir whose analytics store exists, migrated by one (empty) run through the private store. */
async function dataDirWithAnalytics(): Promise<string> {
  const dataDir = tempDir('store');
  const store = await openPrivateStore(dataDir);
  await store.runWithAnalytics(path.join(dataDir, 'analytics.duckdb'), [
    {
      sql: `INSERT INTO analytics.release_ledger (release_id, released_at, rules, k, epsilon, weeks_from, weeks_to, cells_released, cells_suppressed)
            VALUES ('r0', TIMESTAMPTZ '2024-01-22 06:00:00+00', 'min_contributors', 5, NULL, DATE '2024-01-08', DATE '2024-01-15', 0, 0)`,
    },
  ]);
  await store.close();
  return dataDir;
}

describe('openAnalyticsStore', () => {
  it('says clearly that there is no analytics store before the first release', async () => {
    await expect(openAnalyticsStore(tempDir('store'))).rejects.toThrow(/no analytics store .* first team release/);
  });

  it('is a separate file holding released aggregates and the ledger, which the private store does not', async () => {
    const dataDir = await dataDirWithAnalytics();
    expect(fs.readdirSync(dataDir).filter((f) => f.endsWith('.duckdb')).sort()).toEqual(['analytics.duckdb', 'attune.duckdb']);
    const analytics = await openAnalyticsStore(dataDir);
    const tables = await analytics.query('SELECT table_name FROM information_schema.tables ORDER BY table_name');
    expect(tables).toEqual({ columns: ['table_name'], rows: [['release_ledger'], ['schema_migrations'], ['team_week_metrics']] });
    expect((await analytics.query('SELECT release_id, k FROM release_ledger')).rows).toEqual([['r0', 5]]);
    await analytics.close();
    const store = await openPrivateStore(dataDir);
    const privateTables = await store.select({ sql: 'SELECT table_name FROM information_schema.tables' });
    expect(privateTables.map((t) => t.table_name)).not.toContain('team_week_metrics');
    expect(privateTables.map((t) => t.table_name)).not.toContain('release_ledger');
    await store.close();
  });

  it('is read-only and cannot reach other files, such as the private store', async () => {
    const dataDir = await dataDirWithAnalytics();
    const analytics = await openAnalyticsStore(dataDir);
    await expect(analytics.query("DELETE FROM release_ledger")).rejects.toThrow(/read-only/i);
    await expect(analytics.query(`ATTACH '${path.join(dataDir, 'attune.duckdb')}' AS private`)).rejects.toThrow(/disabled by configuration/);
    await expect(analytics.query(`SELECT * FROM read_parquet('${path.join(dataDir, '*.parquet')}')`)).rejects.toThrow(/disabled by configuration/);
    await expect(analytics.query('SET enable_external_access = true')).rejects.toThrow(/locked/);
    await analytics.close();
  });

  it('writes nothing into the data directory, not even a WAL, whatever the query', async () => {
    const dataDir = await dataDirWithAnalytics();
    const files = () => fs.readdirSync(dataDir, { recursive: true }).map((f) => `${String(f)} ${fs.statSync(path.join(dataDir, String(f))).mtimeMs}`).sort();
    const before = files();
    const analytics = await openAnalyticsStore(dataDir);
    for (const sql of ['SELECT * FROM release_ledger', 'CHECKPOINT', 'CREATE TEMP TABLE scratch AS SELECT range FROM range(1000)', 'SELECT count(*) FROM range(10000000) ORDER BY 1']) {
      await analytics.query(sql);
    }
    await expect(analytics.query("INSERT INTO release_ledger (release_id) VALUES ('x')")).rejects.toThrow(/read-only/i);
    await analytics.close();
    expect(files()).toEqual(before);
  });

  it('stops a query that runs past its time limit, naming ATTUNE_QUERY_TIMEOUT_S', async () => {
    const analytics = await openAnalyticsStore(await dataDirWithAnalytics(), { queryTimeoutSeconds: 1 });
    const started = Date.now();
    await expect(analytics.query('SELECT sum(hash(range)) FROM range(1000000000000)')).rejects.toThrow(
      /the query ran longer than 1 s and was stopped: narrow it .*, or raise ATTUNE_QUERY_TIMEOUT_S/,
    );
    expect(Date.now() - started).toBeLessThan(15_000);
    expect((await analytics.query('SELECT k FROM release_ledger')).rows).toEqual([[5]]);
    await analytics.close();
  });

  it('migrates the analytics schema once across releases', async () => {
    const dataDir = await dataDirWithAnalytics();
    const store = await openPrivateStore(dataDir);
    await store.runWithAnalytics(path.join(dataDir, 'analytics.duckdb'), []);
    await store.close();
    const analytics = await openAnalyticsStore(dataDir);
    expect((await analytics.query('SELECT version FROM schema_migrations ORDER BY version')).rows).toEqual([[1], [2], [3], [4]]);
    await analytics.close();
  });
});
