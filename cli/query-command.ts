import { openAnalyticsStore } from '../store/open-analytics-store.ts';
import type { Config } from './config.ts';
import { formatTable } from './format-table.ts';

/**
 * `attune query "SQL"`: runs one query on the analytics store, opened read-only, and prints the
 * rows as a table; a query running longer than ATTUNE_QUERY_TIMEOUT_S is stopped.
 */
export async function queryCommand(config: Config, sql: string, out: (text: string) => void): Promise<number> {
  const analytics = await openAnalyticsStore(config.analyticsDir, { queryTimeoutSeconds: config.queryTimeoutSeconds });
  try {
    const result = await analytics.query(sql);
    out(formatTable(result.columns, result.rows));
    return 0;
  } finally {
    await analytics.close();
  }
}
