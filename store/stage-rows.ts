import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { appendRows } from './append-rows.ts';

/**
 * Bulk-loads rows into a fresh temporary table shaped like `columns` of `table` and returns its
 * name, so one set-based statement can move them on. The caller drops it when done.
 */
export async function stageRows(
  connection: DuckDBConnection,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly DuckDBValue[])[],
): Promise<string> {
  const stage = `staged_${table}`;
  await connection.run(`CREATE OR REPLACE TEMP TABLE ${stage} AS SELECT ${columns.join(', ')} FROM ${table} LIMIT 0`);
  await appendRows(connection, stage, rows);
  return stage;
}
