import { openAnalyticsStore } from '../store/open-analytics-store.ts';
import { formatTable } from './format-table.ts';

/** `attune query "SQL"`: runs one query on the analytics store, opened read-only, and prints the rows as a table. */
export async function queryCommand(dataDir: string, sql: string, out: (text: string) => void): Promise<number> {
  const analytics = await openAnalyticsStore(dataDir);
  try {
    const result = await analytics.query(sql);
    out(formatTable(result.columns, result.rows));
    return 0;
  } finally {
    await analytics.close();
  }
}
