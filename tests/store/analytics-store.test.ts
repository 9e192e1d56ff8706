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
