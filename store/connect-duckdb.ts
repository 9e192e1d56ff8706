import { resolve } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { DuckDBInstance } from '@duckdb/node-api';
import { ConfigError } from '../models/errors.ts';

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

/** The database files this process has open now, by absolute path (in-memory databases are not listed). */
const openFiles = new Map<string, DuckDBInstance>();

/**
 * The DuckDB instance this process has open on the database file `path`, if any: a benchmark opens
 * a connection of its own on it to read DuckDB's memory accounting (duckdb_memory()) while attune works.
 * Such a connection keeps the database open after its handle's close(), until it is closed too.
 */
export function openDuckDbInstance(path: string): DuckDBInstance | undefined {
  return openFiles.get(resolve(path));
}

/** What DuckDB says of a file that is not (or no longer) a whole database: wrong header, failed block checksum, cut short, unreadable WAL. */
const damagedFileMessage = /not a valid DuckDB database file|Corrupt database file|Could not read enough bytes from file|replaying WAL/i;

/**
 * DuckDB's error on a damaged database file, said for an admin: which file, what DuckDB found,
 * and what to do; attune never repairs or replaces such a file itself, so nothing is silently
 * started anew. `setting` is the variable that points at the file's folder. Any other error is
 * returned as it was.
 */
export function damagedFileError(path: string, setting: string, error: unknown): unknown {
  const message = error instanceof Error ? error.message : '';
  if (!damagedFileMessage.test(message)) return error;
  return new ConfigError(
    `the database file ${path} is damaged (${message.split('\n')[0]?.replace(/^IO Error: /, '')}), so nothing was done: ` +
      'restore it (and its .wal file, if there is one) from a backup, or move both aside and run attune run to start it afresh',
    setting,
  );
}

/**
 * Opens a DuckDB database (a file path or ':memory:') within `resources`, with one connection
 * whose session time zone is UTC, so nothing depends on the host's zone; local times are always
 * taken explicitly. A damaged file is refused with damagedFileError, `setting` naming its folder's variable.
 */
export async function connectDuckDb(
  path: string,
  options: Record<string, string> = {},
  resources: DuckDbResources = defaultDuckDbResources,
  setting = 'ATTUNE_DATA_DIR',
): Promise<DuckDbHandle> {
  const instance = await DuckDBInstance.create(path, {
    ...options,
    memory_limit: resources.memory,
    ...(resources.threads === undefined ? {} : { threads: String(resources.threads) }),
    ...(resources.spillDirectory === undefined ? {} : { temp_directory: resources.spillDirectory }),
  }).catch((error: unknown) => {
    throw damagedFileError(path, setting, error);
  });
  const connection = await instance.connect();
  await connection.run("SET TimeZone = 'UTC'");
  const file = path === ':memory:' ? null : resolve(path);
  if (file !== null) openFiles.set(file, instance);
  return {
    instance,
    connection,
    close() {
      if (file !== null && openFiles.get(file) === instance) openFiles.delete(file);
      connection.closeSync();
      instance.closeSync();
    },
  };
}
