import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ActivityEvent } from '../models/activity-event.ts';
import { appendRows } from './append-rows.ts';
import { connectDuckDb, type DuckDbHandle } from './connect-duckdb.ts';
import { eventRow } from './event-row.ts';
import { sqlStringLiteral } from './sql-string-literal.ts';

/** Events converted and appended at a time. */
const rowsPerAppend = 8192;

/**
 * The in-memory database staging files are written through, opened on first use and kept for the
 * process: opening and closing a database cost about 20 ms of CPU a batch (at 10,000 people, a
 * Microsoft sync writes one for each of 13,000 mailboxes and chats), a connection to it under 1 ms.
 * Concurrent writes share its memory limit (attune's default, 1 GiB). After a failed write the next
 * one opens a database afresh, so a database DuckDB has given up on is not used again.
 */
let stagingDatabase: Promise<DuckDbHandle> | undefined;

/** Tables made in the staging database so far: each write has its own. */
let stagingTables = 0;

/**
 * Writes events to a Parquet staging file, atomically: the file appears complete under `path`
 * or not at all (written under a temporary name, then renamed). An existing file is replaced.
 */
export async function writeStagingBatch(path: string, events: readonly ActivityEvent[]): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${randomUUID()}.tmp`;
  const database = (stagingDatabase ??= connectDuckDb(':memory:'));
  const forget = () => {
    if (stagingDatabase === database) stagingDatabase = undefined;
  };
  const connection = await database.then(({ instance }) => instance.connect()).catch((error: unknown) => {
    forget();
    throw error;
  });
  const table = `staged_${++stagingTables}`;
  try {
    await connection.run("SET TimeZone = 'UTC'");
    await connection.run(`CREATE TABLE ${table} (
      source VARCHAR NOT NULL,
      kind VARCHAR NOT NULL,
      source_event_id VARCHAR NOT NULL,
      actor VARCHAR NOT NULL,
      counterparts VARCHAR[] NOT NULL,
      start_at TIMESTAMPTZ NOT NULL,
      end_at TIMESTAMPTZ NOT NULL,
      conversation VARCHAR,
      is_thread BOOLEAN NOT NULL,
      size INTEGER,
      response VARCHAR,
      online BOOLEAN,
      state VARCHAR
    )`);
    // Converted to DuckDB values a slice at a time: the values of a large channel's events at once weighed more than the events.
    for (let offset = 0; offset < events.length; offset += rowsPerAppend) {
      await appendRows(connection, table, events.slice(offset, offset + rowsPerAppend).map(eventRow));
    }
    await connection.run(`COPY ${table} TO ${sqlStringLiteral(temporary)} (FORMAT parquet)`);
    await rename(temporary, path);
  } catch (error) {
    forget();
    await rm(temporary, { force: true });
    throw error;
  } finally {
    await connection.run(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
    connection.closeSync();
  }
}
