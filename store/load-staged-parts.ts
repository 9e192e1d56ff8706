import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { listValue } from '@duckdb/node-api';
import type { QuarantineRecord } from '../models/quarantine-record.ts';
import type { Source } from '../models/source.ts';
import type { ReadInFull } from '../models/stream-batch.ts';
import { appendRows } from './append-rows.ts';
import { sqlStringLiteral } from './sql-string-literal.ts';
import { stageRows } from './stage-rows.ts';

/** One staged part of a stream's read, as the load takes it: its events, what the source said is gone, and the stream's position after it. */
export interface StagedPartLoad {
  stream: string;
  /** The staged Parquet file of the part's events, or null when it had none. */
  batchFile: string | null;
  quarantined: readonly QuarantineRecord[];
  /** Source event ids the source says are gone (cancelled, deleted). */
  deleted?: readonly string[];
  /** A part of the source's events the part holds whole: its stored events not in the part are gone too. */
  readInFull?: ReadInFull | null;
  position: string | null;
}

/** What a load did to the store: events new to it, and stored events removed. */
export interface LoadedCounts {
  inserted: number;
  removed: number;
}

/** The columns staged events carry, in the order of the staging Parquet files. */
const eventColumns = 'source, kind, source_event_id, actor, counterparts, start_at, end_at, conversation, is_thread, size, response, online, state';

/** The staged event columns a reload may change: every one but the key (source, source_event_id). */
const changeableEventColumns = eventColumns.split(', ').filter((column) => column !== 'source' && column !== 'source_event_id');

/** The event columns logged in `event_changes` when an event is added, changed or removed. */
const changeColumns = 'kind, actor, counterparts, start_at, end_at, conversation, is_thread';
const changeColumnList = changeColumns.split(', ');

/** One row per (part, range, actor or conversation, kind) that a part read whole, by the part's place. */
function wholeRows(parts: readonly StagedPartLoad[]): DuckDBValue[][] {
  return parts.flatMap(({ readInFull }, seq) => {
    if (!readInFull) return [];
    const owners: [string | null, string | null][] = 'actor' in readInFull ? [[readInFull.actor, null]] : readInFull.conversations.map((c) => [null, c]);
    return readInFull.ranges.flatMap(({ from, to }) => owners.flatMap(([actor, conversation]) => readInFull.kinds.map((kind) => [seq, actor, conversation, kind, from, to])));
  });
}

/**
 * Loads staged parts of one source's streams, in their order, with a fixed number of set-based
 * statements however many parts there are; the caller holds the transaction, so the cursors
 * (each stream's last position) are saved with the data or not at all. The result is the one of
 * loading the parts one after another: an event takes the fields of its last staged copy, unless
 * a later part says it is gone (deleted, or missing from a part read whole that covers it); a part
 * read whole removes the stored events it covers that no part stages. Every event added, changed
 * or removed is logged in `event_changes` (its stored and its new version), each quarantined
 * record is kept once. The counts are the load's net effect on the store (an event deleted and
 * staged again by a later part is changed, not removed and inserted). Loading the same parts again
 * changes nothing.
 */
export async function loadStagedParts(connection: DuckDBConnection, source: Source, parts: readonly StagedPartLoad[]): Promise<LoadedCounts> {
  const counts = { inserted: 0, removed: 0 };
  const table = async (name: string, columns: string, rows: DuckDBValue[][]) => {
    await connection.run(`CREATE OR REPLACE TEMP TABLE ${name} (${columns})`);
    await appendRows(connection, name, rows);
  };
  const files = parts.flatMap(({ batchFile }, seq) => (batchFile === null ? [] : [{ file: sqlStringLiteral(batchFile), seq }]));
  // Each staged event's last copy (the last part's; within a file, the last row), with the part it came from.
  await connection.run(
    files.length === 0
      ? `CREATE OR REPLACE TEMP TABLE load_latest AS SELECT ${eventColumns}, 0 AS seq FROM events LIMIT 0`
      : `CREATE OR REPLACE TEMP TABLE load_latest AS
         SELECT ${eventColumns}, [${files.map(({ seq }) => seq).join(', ')}][list_position([${files.map(({ file }) => file).join(', ')}], filename)] AS seq
         FROM read_parquet([${files.map(({ file }) => file).join(', ')}], filename = true, file_row_number = true)
         QUALIFY row_number() OVER (PARTITION BY source, source_event_id ORDER BY seq DESC, file_row_number DESC) = 1`,
  );
  const removals = parts.flatMap(({ deleted = [] }, seq) => deleted.map((id) => [seq, id]));
  const whole = wholeRows(parts);
  const removes = removals.length > 0 || whole.length > 0;
  if (removes) {
    await table('load_removals', 'seq INTEGER, source_event_id VARCHAR', removals);
    // Instants as the connectors gave them (ISO text), cast where the removals compare them.
    await table('load_whole', 'seq INTEGER, actor VARCHAR, conversation VARCHAR, kind VARCHAR, range_from VARCHAR, range_to VARCHAR', whole);
    // A later part read whole the range holding a version (the actor's or conversation's match is the join's).
    const covers = 'w.kind = v.kind AND w.seq > v.seq AND v.start_at >= w.range_from::TIMESTAMPTZ AND v.start_at < w.range_to::TIMESTAMPTZ';
    // What is gone at the end: a staged event's last copy that a later part removes, and a stored
    // event no part stages that any part removes.
    await connection.run(
      `CREATE OR REPLACE TEMP TABLE load_gone AS
       WITH versions AS (
         SELECT source_event_id, actor, conversation, kind, start_at, seq FROM load_latest WHERE source = $source
         UNION ALL
         SELECT source_event_id, actor, conversation, kind, start_at, -1 FROM events
         WHERE source = $source
           AND (source_event_id IN (SELECT source_event_id FROM load_removals)
             OR actor IN (SELECT actor FROM load_whole) OR conversation IN (SELECT conversation FROM load_whole))
           AND source_event_id NOT IN (SELECT source_event_id FROM load_latest WHERE source = $source)
       )
       SELECT DISTINCT source_event_id FROM (
         SELECT v.source_event_id FROM versions v JOIN load_removals r ON r.source_event_id = v.source_event_id AND r.seq > v.seq
         UNION ALL
         SELECT v.source_event_id FROM versions v JOIN load_whole w ON w.actor = v.actor AND ${covers}
         UNION ALL
         SELECT v.source_event_id FROM versions v JOIN load_whole w ON w.conversation = v.conversation AND ${covers}
       )`,
      { source },
    );
    const gone = 'source = $source AND source_event_id IN (SELECT source_event_id FROM load_gone)';
    await connection.run(`INSERT INTO event_changes SELECT ${changeColumns} FROM events WHERE ${gone}`, { source });
    counts.removed = (await connection.run(`DELETE FROM events WHERE ${gone}`, { source })).rowsChanged;
  }
  // Which staged events are stored, by their row: only the key columns of `events` are read, so a
  // load of new events never reads the stored ones' attendee lists (at 10,000 people the join on every
  // column read all of a source's stored lists, a second or two a load).
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE load_stored AS
     SELECT e.rowid AS stored_row, e.source, e.source_event_id FROM (SELECT rowid, source, source_event_id FROM events) e
     SEMI JOIN load_latest b ON e.source = b.source AND e.source_event_id = b.source_event_id`,
  );
  // The staged events that stay, new or changed, each changed one with its stored version (fetched
  // by row): an event staged unchanged costs neither a log entry nor a rewrite (a re-read of quiet
  // streams writes nothing).
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE load_changes AS
     SELECT b.*, s.stored_row IS NULL AS is_new, ${changeColumnList.map((column) => `e.${column} AS stored_${column}`).join(', ')}
     FROM load_latest b
     LEFT JOIN load_stored s ON s.source = b.source AND s.source_event_id = b.source_event_id
     LEFT JOIN (SELECT rowid AS stored_row, ${changeableEventColumns.join(', ')} FROM events WHERE rowid IN (SELECT stored_row FROM load_stored)) e
       ON e.stored_row = s.stored_row
     WHERE ${removes ? 'NOT (b.source = $source AND b.source_event_id IN (SELECT source_event_id FROM load_gone)) AND ' : ''}
       (s.stored_row IS NULL OR ${changeableEventColumns.map((column) => `b.${column} IS DISTINCT FROM e.${column}`).join(' OR ')})`,
    removes ? { source } : {},
  );
  const [staged, fresh] = ((await connection.runAndReadAll('SELECT count(*), count(*) FILTER (WHERE is_new) FROM load_changes')).getRowsJson()[0] ?? []).map(Number);
  counts.inserted = fresh ?? 0;
  if ((staged ?? 0) > 0) {
    // The new and the old version of every event added or changed, for the incremental feature recompute.
    await connection.run(
      `INSERT INTO event_changes
       SELECT ${changeColumns} FROM load_changes
       UNION ALL
       SELECT ${changeColumnList.map((column) => `stored_${column}`).join(', ')} FROM load_changes WHERE NOT is_new`,
    );
    // New events inserted, changed ones updated in place. `events` has no key: each (source, source_event_id) is
    // written once because `load_latest` keeps one copy of it and the join above tells whether it is stored.
    if (counts.inserted > 0) await connection.run(`INSERT INTO events (${eventColumns}) SELECT ${eventColumns} FROM load_changes WHERE is_new`);
    if ((staged ?? 0) > counts.inserted) {
      await connection.run(
        `UPDATE events e SET ${changeableEventColumns.map((column) => `${column} = c.${column}`).join(', ')}
         FROM load_changes c
         WHERE NOT c.is_new AND e.source = c.source AND e.source_event_id = c.source_event_id`,
      );
    }
  }
  const quarantined = parts.flatMap((part) => part.quarantined.map((q) => [q.source, q.stream, q.recordRef, q.problem]));
  if (quarantined.length > 0) {
    const stage = await stageRows(connection, 'quarantine', ['source', 'stream', 'record_ref', 'problem'], quarantined);
    await connection.run(
      `INSERT INTO quarantine
       SELECT DISTINCT s.*, now() FROM ${stage} s
       WHERE NOT EXISTS (
         SELECT 1 FROM quarantine q
         WHERE q.source = s.source AND q.stream = s.stream AND q.problem = s.problem
           AND q.record_ref IS NOT DISTINCT FROM s.record_ref)`,
    );
    await connection.run(`DROP TABLE ${stage}`);
  }
  // Each stream's cursor moves to its last part's position.
  const cursors = new Map(parts.map(({ stream, position }) => [stream, position]));
  await connection.run('INSERT OR REPLACE INTO sync_state SELECT $source, unnest($streams), unnest($positions), now()', {
    source,
    streams: listValue([...cursors.keys()]),
    positions: listValue([...cursors.values()]),
  });
  for (const name of ['load_latest', 'load_stored', 'load_changes', ...(removes ? ['load_removals', 'load_whole', 'load_gone'] : [])]) await connection.run(`DROP TABLE ${name}`);
  return counts;
}
