import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyMigrations } from '../../store/apply-migrations.ts';
import { connectDuckDb } from '../../store/connect-duckdb.ts';
import { privateMigrations } from '../../store/private-migrations.ts';
import { storesClosedAfterEach } from '../helpers/stores-closed-after-each.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const openStore = storesClosedAfterEach();

const keyedRows = "('p1', DATE '2024-01-02', 'p2', 3, 1), ('p2', DATE '2024-01-02', 'p1', 3, 1)";
const constraintsSql = `SELECT constraint_type, constraint_column_names FROM duckdb_constraints()
  WHERE table_name = 'person_day_collaborations' ORDER BY constraint_type, constraint_column_names`;

describe('migration 15: person_day_collaborations without its primary key', () => {
  it('keeps the rows and the NOT NULL columns of a store made before it, and drops only the key', async () => {
    const dataDir = tempDir('collaborations-migration');
    const old = await connectDuckDb(path.join(dataDir, 'attune.duckdb'), {}, { memory: '256MiB' });
    await applyMigrations(old.connection, privateMigrations.filter((m) => m.version < 15));
    await old.connection.run(`INSERT INTO person_day_collaborations VALUES ${keyedRows}`);
    // Before the migration the key refuses a second row for the same (person, day, other).
    await expect(old.connection.run("INSERT INTO person_day_collaborations VALUES ('p1', DATE '2024-01-02', 'p2', 1, 0)")).rejects.toThrow(/constraint/i);
    const before = (await old.connection.runAndReadAll(constraintsSql)).getRowsJson();
    expect(before.map(([type]) => type)).toContain('PRIMARY KEY');
    old.close();

    const store = await openStore(dataDir);
    expect(await store.select({ sql: 'SELECT person, day::VARCHAR AS day, other, interactions, meaningful_interactions FROM person_day_collaborations ORDER BY ALL' })).toEqual([
      { person: 'p1', day: '2024-01-02', other: 'p2', interactions: 3, meaningful_interactions: 1 },
      { person: 'p2', day: '2024-01-02', other: 'p1', interactions: 3, meaningful_interactions: 1 },
    ]);
    const after = await store.select({ sql: constraintsSql });
    expect(after.map((c) => c.constraint_type)).toEqual(['NOT NULL', 'NOT NULL', 'NOT NULL', 'NOT NULL', 'NOT NULL']);
    await expect(store.run([{ sql: "INSERT INTO person_day_collaborations VALUES ('p3', DATE '2024-01-02', NULL, 1, 0)" }])).rejects.toThrow(/NOT NULL/i);
  });
});
