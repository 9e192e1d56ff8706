import type { DuckDBConnection } from '@duckdb/node-api';
import { DuckDBInstance } from '@duckdb/node-api';

/** An open DuckDB database and the one connection attune uses on it. */
export interface DuckDbHandle {
  instance: DuckDBInstance;
  connection: DuckDBConnection;
  close(): void;
}

/**
 * Opens a DuckDB database (a file path or ':memory:') with one connection whose session time
 * zone is UTC, so nothing depends on the host's zone; local times are always taken explicitly.
 */
export async function connectDuckDb(path: string, options: Record<string, string> = {}): Promise<DuckDbHandle> {
  const instance = await DuckDBInstance.create(path, options);
  const connection = await instance.connect();
  await connection.run("SET TimeZone = 'UTC'");
  return {
    instance,
    connection,
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
