import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPrivateStore } from '../../store/open-private-store.ts';
import type { PrivateStore } from '../../store/private-store.ts';
import { erasureStatements } from '../../transforms/erasure-statements.ts';
import { keyedTables, tablesNamingPeople, tablesWithoutKeyedValues } from '../../transforms/keyed-columns.ts';
import { tempDir } from '../helpers/temp-dir.ts';

describe('the erasure statements', () => {
  let store: PrivateStore;
  beforeAll(async () => {
    store = await openPrivateStore(tempDir('erasure-statements'));
  });
  afterAll(() => store.close());

  it('cover every table of the private store classified as naming a person, and every table is classified (keyed-columns.ts)', async () => {
    const tables = (await store.select({ sql: "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'" })).map((r) => String(r.table_name));
    const classified = [...Object.keys(keyedTables), ...Object.keys(tablesWithoutKeyedValues)];
    expect(tables.filter((t) => !classified.includes(t))).toEqual([]);
    expect(classified.filter((t) => !tables.includes(t))).toEqual([]);
    const erased = erasureStatements('p', 'erased:00').map((s) => s.statement.sql);
    expect(tablesNamingPeople().filter((t) => !erased.some((sql) => new RegExp(`\\b(FROM|UPDATE|INTO) ${t}\\b`).test(sql)))).toEqual([]);
  });

  it('classify only columns the tables have', async () => {
    const columns = await store.select({ sql: "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'main'" });
    const has = new Set(columns.map((c) => `${String(c.table_name)}.${String(c.column_name)}`));
    const named = Object.entries(keyedTables).flatMap(([table, { columns: keyed }]) => Object.keys(keyed).map((column) => `${table}.${column}`));
    expect(named.filter((c) => !has.has(c))).toEqual([]);
  });

  it('put the tombstone in a released set wherever the person is named: as a member, as a borrower, as a donor', async () => {
    // p lends to b in g's set, borrows from c in h's; k's set does not name p.
    await store.run([
      { sql: "INSERT INTO released_sets VALUES ('m', 'g', DATE '2026-11-02', ['a', 'b<p', 'p']), ('m', 'h', DATE '2026-11-02', ['a', 'c', 'p<c'])" },
      { sql: "INSERT INTO released_sets VALUES ('m', 'k', DATE '2026-11-02', ['a', 'c', 'pp', 'q<pp'])" },
    ]);
    const releasedSets = erasureStatements('p', 'erased:00').filter((s) => s.kind === 'releasedSets');
    expect(await store.runCounted(releasedSets.map((s) => s.statement))).toEqual([2]);
    const rows = await store.select({ sql: 'SELECT group_id, contributors FROM released_sets ORDER BY group_id' });
    expect(rows.map((r) => r.contributors)).toEqual([
      ['a', 'b<erased:00', 'erased:00'],
      ['a', 'c', 'erased:00'],
      ['a', 'c', 'pp', 'q<pp'],
    ]);
    await store.run([{ sql: 'DELETE FROM released_sets' }]);
  });

  it('run on an empty store, each with only the parameters it names', async () => {
    const steps = erasureStatements('p', 'erased:00');
    expect(await store.runCounted(steps.map((s) => s.statement))).toEqual(steps.map(() => 0));
  });
});
