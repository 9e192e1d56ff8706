import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../models/errors.ts';
import type { AnalyticsStore } from './analytics-store.ts';
import { connectDuckDb, damagedFileError, defaultDuckDbResources } from './connect-duckdb.ts';

/**
 * Opens `<analyticsDir>/analytics.duckdb` (ATTUNE_ANALYTICS_DIR, by default the data directory) read-only for analysts: nothing is written, not even a WAL.
 * External access (other files, ATTACH, extensions) is switched off and locked, so a query can
 * reach nothing but the released aggregates. A query running longer than `queryTimeoutSeconds`
 * is interrupted and fails saying so. Fails with a clear message when no release has created
 * the file yet.
 */
export async function openAnalyticsStore(analyticsDir: string, { queryTimeoutSeconds }: { queryTimeoutSeconds?: number } = {}): Promise<AnalyticsStore> {
  const path = join(analyticsDir, 'analytics.duckdb');
  if (!existsSync(path)) {
    throw new ConfigError(
      `there is no analytics store at ${path} yet: it is created by the first team release (run \`attune run\`, or point ATTUNE_ANALYTICS_DIR, by default ATTUNE_DATA_DIR, at the folder the runs publish it to)`,
      'ATTUNE_ANALYTICS_DIR',
    );
  }
  const db = await connectDuckDb(path, { access_mode: 'READ_ONLY' }, defaultDuckDbResources, 'ATTUNE_ANALYTICS_DIR');
  await db.connection.run('SET enable_external_access = false');
  await db.connection.run('SET lock_configuration = true');
  return {
    async query(sql) {
      let timedOut = false;
      const timer =
        queryTimeoutSeconds === undefined
          ? undefined
          : setTimeout(() => {
              timedOut = true;
              db.connection.interrupt();
            }, queryTimeoutSeconds * 1000);
      try {
        const result = await db.connection.runAndReadAll(sql);
        return { columns: result.columnNames(), rows: result.getRowsJson() };
      } catch (error) {
        if (!timedOut) throw damagedFileError(path, 'ATTUNE_ANALYTICS_DIR', error);
        throw new Error(`the query ran longer than ${queryTimeoutSeconds} s and was stopped: narrow it (fewer weeks, groups or metrics), or raise ATTUNE_QUERY_TIMEOUT_S`);
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      db.close();
    },
  };
}
