import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyMigrations } from '../../store/apply-migrations.ts';
import { connectDuckDb } from '../../store/connect-duckdb.ts';
import { privateMigrations } from '../../store/private-migrations.ts';
import { storesClosedAfterEach } from '../helpers/stores-closed-after-each.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const openStore = storesClosedAfterEach();

/** A table whose primary key a migration drops: rows stored before it, a row the key refuses, and the rows as read after. */
interface UnkeyedTable {
  version: number;
  table: string;
  insertBefore: string;
  sameKeyAgain: string;
  readAfter: string;
  expected: Record<string, unknown>[];
  notNullColumns: number;
  nullInKey: string;
}

const constraintsOf = (table: string) => `SELECT constraint_type, constraint_column_names FROM duckdb_constraints()
  WHERE table_name = '${table}' ORDER BY constraint_type, constraint_column_names`;

/** Opens a store made before `version`, stores rows the key holds, then opens it as attune does (migrating it) and checks what was kept. */
async function dropsOnlyTheKey(t: UnkeyedTable) {
  const dataDir = tempDir(`${t.table}-migration`);
  const old = await connectDuckDb(path.join(dataDir, 'attune.duckdb'), {}, { memory: '256MiB' });
  await applyMigrations(old.connection, privateMigrations.filter((m) => m.version < t.version));
  await old.connection.run(t.insertBefore);
  // Before the migration the key refuses a second row with the same key.
  await expect(old.connection.run(t.sameKeyAgain)).rejects.toThrow(/constraint/i);
  expect((await old.connection.runAndReadAll(constraintsOf(t.table))).getRowsJson().map(([type]) => type)).toContain('PRIMARY KEY');
  old.close();

  const store = await openStore(dataDir);
  expect(await store.select({ sql: t.readAfter })).toEqual(t.expected);
  const after = await store.select({ sql: constraintsOf(t.table) });
  expect(after.map((c) => c.constraint_type)).toEqual(Array(t.notNullColumns).fill('NOT NULL'));
  await expect(store.run([{ sql: t.nullInKey }])).rejects.toThrow(/NOT NULL/i);
}

describe('migrations that drop a primary key keep the rows and the NOT NULL columns, and drop only the key', () => {
  it('15: person_day_collaborations', () =>
    dropsOnlyTheKey({
      version: 15,
      table: 'person_day_collaborations',
      insertBefore: "INSERT INTO person_day_collaborations VALUES ('p1', DATE '2024-01-02', 'p2', 3, 1), ('p2', DATE '2024-01-02', 'p1', 3, 1)",
      sameKeyAgain: "INSERT INTO person_day_collaborations VALUES ('p1', DATE '2024-01-02', 'p2', 1, 0)",
      readAfter: 'SELECT person, day::VARCHAR AS day, other, interactions, meaningful_interactions FROM person_day_collaborations ORDER BY ALL',
      expected: [
        { person: 'p1', day: '2024-01-02', other: 'p2', interactions: 3, meaningful_interactions: 1 },
        { person: 'p2', day: '2024-01-02', other: 'p1', interactions: 3, meaningful_interactions: 1 },
      ],
      notNullColumns: 5,
      nullInKey: "INSERT INTO person_day_collaborations VALUES ('p3', DATE '2024-01-02', NULL, 1, 0)",
    }));

  it('16: events, every column kept', () =>
    dropsOnlyTheKey({
      version: 16,
      table: 'events',
      insertBefore: `INSERT INTO events VALUES
        ('slack', 'message', 'C1/1', 'p1', ['p2'], TIMESTAMPTZ '2024-01-02 10:00:00+00', TIMESTAMPTZ '2024-01-02 10:00:00+00', 'c1', true, 12, NULL, NULL, NULL),
        ('google', 'meeting', 'e1', 'p2', ['p1', 'p3'], TIMESTAMPTZ '2024-01-02 11:00:00+00', TIMESTAMPTZ '2024-01-02 11:30:00+00', NULL, false, NULL, 'accepted', true, 'confirmed')`,
      sameKeyAgain: "INSERT INTO events VALUES ('slack', 'reaction', 'C1/1', 'p3', [], TIMESTAMPTZ '2024-01-03 10:00:00+00', TIMESTAMPTZ '2024-01-03 10:00:00+00', 'c1', false, NULL, NULL, NULL, NULL)",
      readAfter: `SELECT source, kind, source_event_id, actor, counterparts, strftime(start_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M') AS start_utc, strftime(end_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M') AS end_utc,
        conversation, is_thread, size, response, online, state FROM events ORDER BY source`,
      expected: [
        { source: 'google', kind: 'meeting', source_event_id: 'e1', actor: 'p2', counterparts: ['p1', 'p3'], start_utc: '2024-01-02T11:00', end_utc: '2024-01-02T11:30', conversation: null, is_thread: false, size: null, response: 'accepted', online: true, state: 'confirmed' },
        { source: 'slack', kind: 'message', source_event_id: 'C1/1', actor: 'p1', counterparts: ['p2'], start_utc: '2024-01-02T10:00', end_utc: '2024-01-02T10:00', conversation: 'c1', is_thread: true, size: 12, response: null, online: null, state: null },
      ],
      notNullColumns: 8,
      nullInKey: "INSERT INTO events VALUES ('slack', 'message', NULL, 'p1', [], TIMESTAMPTZ '2024-01-02 10:00:00+00', TIMESTAMPTZ '2024-01-02 10:00:00+00', NULL, false, NULL, NULL, NULL, NULL)",
    }));
});
