import type { DuckDBConnection } from '@duckdb/node-api';
import { DuckDBInstance } from '@duckdb/node-api';

/** An open DuckDB database and the one connection attune uses on it. */
export interface DuckDbHandle {
  instance: DuckDBInstance;
  connection: DuckDBConnection;
  close(): void;
}

/** What one DuckDB database may use: a memory limit in DuckDB's notation (e.g. '1GiB'), threads, and where it spills. */
export interface DuckDbResources {
  memory: string;
  /** Undefined: DuckDB's default, one per core. */
  threads?: number | undefined;
  /** A folder for what does not fit in memory; undefined: DuckDB's default next to the file (none in memory). */
  spillDirectory?: string | undefined;
}

/** What attune gives DuckDB unless configured otherwise: 1 GiB (DuckDB alone would take 80 % of the machine). */
export const defaultDuckDbResources: DuckDbResources = { memory: '1GiB' };

/**
 * Opens a DuckDB database (a file path or ':memory:') within `resources`, with one connection
 * whose session time zone is UTC, so nothing depends on the host's zone; local times are always
 * taken explicitly.
 */
export async function connectDuckDb(path: string, options: Record<string, string> = {}, resources: DuckDbResources = defaultDuckDbResources): Promise<DuckDbHandle> {
  const instance = await DuckDBInstance.create(path, {
    ...options,
    memory_limit: resources.memory,
    ...(resources.threads === undefined ? {} : { threads: String(resources.threads) }),
    ...(resources.spillDirectory === undefined ? {} : { temp_directory: resources.spillDirectory }),
  });
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
