import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
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

/** What loading one part did to the store: events new to it, and stored events removed. */
export interface PartLoaded {
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

/** The temporary tables one load makes, dropped at its end. */
const loadTables = ['load_removals', 'load_whole', 'load_files', 'load_latest', 'load_gone', 'load_changes', 'load_cursors'];

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
 * record is kept once. Counts are per part, in order: an event counts as inserted by the last part
 * staging it, as removed by the first part removing it. Loading the same parts again changes nothing.
 */
export async function loadStagedParts(connection: DuckDBConnection, source: Source, parts: readonly StagedPartLoad[]): Promise<PartLoaded[]> {
  const loaded = parts.map(() => ({ inserted: 0, removed: 0 }));
  const table = async (name: string, columns: string, rows: DuckDBValue[][]) => {
    await connection.run(`CREATE OR REPLACE TEMP TABLE ${name} (${columns})`);
    if (rows.length > 0) await appendRows(connection, name, rows);
  };
  const perPart = async (sql: string, count: (part: PartLoaded, n: number) => void) => {
    for (const [seq, n] of (await connection.runAndReadAll(sql, sql.includes('$source') ? { source } : {})).getRowsJson()) count(loaded[Number(seq)] as PartLoaded, Number(n));
  };
  const files = parts.flatMap(({ batchFile }, seq) => (batchFile === null ? [] : [[batchFile, seq]]));
  await table('load_removals', 'seq INTEGER, source_event_id VARCHAR', parts.flatMap(({ deleted = [] }, seq) => deleted.map((id) => [seq, id])));
  // Instants as the connectors gave them (ISO text), cast where the removals compare them.
  await table('load_whole', 'seq INTEGER, actor VARCHAR, conversation VARCHAR, kind VARCHAR, range_from VARCHAR, range_to VARCHAR', wholeRows(parts));
  await table('load_files', 'file VARCHAR, seq INTEGER', files);
  // Each staged event's last copy (the last part's; within a file, the last row), with the part it came from.
  await connection.run(
    files.length === 0
      ? `CREATE OR REPLACE TEMP TABLE load_latest AS SELECT ${eventColumns}, 0 AS seq FROM events LIMIT 0`
      : `CREATE OR REPLACE TEMP TABLE load_latest AS
         SELECT ${eventColumns.split(', ').map((column) => `b.${column}`).join(', ')}, f.seq
         FROM read_parquet([${files.map(([file]) => sqlStringLiteral(String(file))).join(', ')}], filename = true, file_row_number = true) b
         JOIN load_files f ON f.file = b.filename
         QUALIFY row_number() OVER (PARTITION BY b.source, b.source_event_id ORDER BY f.seq DESC, b.file_row_number DESC) = 1`,
  );
  // A later part read whole the range holding a version (the actor's or conversation's match is the join's).
  const covers = 'w.kind = v.kind AND w.seq > v.seq AND v.start_at >= w.range_from::TIMESTAMPTZ AND v.start_at < w.range_to::TIMESTAMPTZ';
  // What is gone at the end, by the first part removing it: a staged event's last copy that a
  // later part removes, and a stored event no part stages that any part removes.
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
     ),
     removing AS (
       SELECT v.source_event_id, r.seq FROM versions v JOIN load_removals r ON r.source_event_id = v.source_event_id AND r.seq > v.seq
       UNION ALL
       SELECT v.source_event_id, w.seq FROM versions v JOIN load_whole w ON w.actor = v.actor AND ${covers}
       UNION ALL
       SELECT v.source_event_id, w.seq FROM versions v JOIN load_whole w ON w.conversation = v.conversation AND ${covers}
     )
     SELECT source_event_id, min(seq) AS seq FROM removing GROUP BY source_event_id`,
    { source },
  );
  await perPart(
    'SELECT g.seq, count(*) FROM load_gone g JOIN events e ON e.source = $source AND e.source_event_id = g.source_event_id GROUP BY g.seq',
    (part, n) => (part.removed = n),
  );
  const gone = 'source = $source AND source_event_id IN (SELECT source_event_id FROM load_gone)';
  await connection.run(`INSERT INTO event_changes SELECT ${changeColumns} FROM events WHERE ${gone}`, { source });
  await connection.run(`DELETE FROM events WHERE ${gone}`, { source });
  // The staged events that stay, new or changed, each changed one with its stored version: an event
  // staged unchanged costs neither a log entry nor a rewrite (a re-read of quiet streams writes nothing).
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE load_changes AS
     SELECT b.*, e.source IS NULL AS is_new, ${changeColumnList.map((column) => `e.${column} AS stored_${column}`).join(', ')}
     FROM load_latest b
     LEFT JOIN events e ON e.source = b.source AND e.source_event_id = b.source_event_id
     WHERE NOT (b.source = $source AND b.source_event_id IN (SELECT source_event_id FROM load_gone))
       AND (e.source IS NULL OR ${changeableEventColumns.map((column) => `b.${column} IS DISTINCT FROM e.${column}`).join(' OR ')})`,
    { source },
  );
  await perPart('SELECT seq, count(*) FILTER (WHERE is_new) FROM load_changes GROUP BY seq', (part, n) => (part.inserted = n));
  // The new and the old version of every event added or changed, for the incremental feature recompute.
  await connection.run(
    `INSERT INTO event_changes
     SELECT ${changeColumns} FROM load_changes
     UNION ALL
     SELECT ${changeColumnList.map((column) => `stored_${column}`).join(', ')} FROM load_changes WHERE NOT is_new`,
  );
  await connection.run(
    `INSERT INTO events (${eventColumns}) SELECT ${eventColumns} FROM load_changes
     ON CONFLICT (source, source_event_id) DO UPDATE SET
       ${changeableEventColumns.map((column) => `${column} = excluded.${column}`).join(', ')}`,
  );
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
  await table('load_cursors', 'stream VARCHAR, position VARCHAR', [...cursors]);
  await connection.run('INSERT OR REPLACE INTO sync_state SELECT $source, stream, position, now() FROM load_cursors', { source });
  for (const name of loadTables) await connection.run(`DROP TABLE ${name}`);
  return loaded;
}
