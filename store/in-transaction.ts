import type { DuckDBConnection } from '@duckdb/node-api';

/**
 * Runs `work` inside one transaction on `connection`: committed if it resolves, rolled back if it
 * throws. The error thrown is always the one that failed the work or the commit: a ROLLBACK that
 * fails too (DuckDB has often ended the transaction itself, e.g. on a read-only or full disk) never
 * replaces it.
 */
export async function inTransaction<T>(connection: DuckDBConnection, work: () => Promise<T>): Promise<T> {
  await connection.run('BEGIN TRANSACTION');
  try {
    const result = await work();
    await connection.run('COMMIT');
    return result;
  } catch (error) {
    await connection.run('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
