import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ActivityEvent } from '../models/activity-event.ts';
import { appendRows } from './append-rows.ts';
import { connectDuckDb } from './connect-duckdb.ts';
import { eventRow } from './event-row.ts';
import { sqlStringLiteral } from './sql-string-literal.ts';

/** Events converted and appended at a time. */
const rowsPerAppend = 8192;

/**
 * Writes events to a Parquet staging file, atomically: the file appears complete under `path`
 * or not at all (written under a temporary name, then renamed). An existing file is replaced.
 */
export async function writeStagingBatch(path: string, events: readonly ActivityEvent[]): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${randomUUID()}.tmp`;
  const db = await connectDuckDb(':memory:');
  try {
    await db.connection.run(`CREATE TABLE staged (
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
      await appendRows(db.connection, 'staged', events.slice(offset, offset + rowsPerAppend).map(eventRow));
    }
    await db.connection.run(`COPY staged TO ${sqlStringLiteral(temporary)} (FORMAT parquet)`);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  } finally {
    db.close();
  }
}
