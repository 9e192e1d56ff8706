import { rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { connectDuckDb, openDuckDbInstance, type DuckDbHandle } from '../../store/connect-duckdb.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const open: DuckDbHandle[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A database file opened in a fresh folder, closed after the test. */
async function fileDb(): Promise<{ db: DuckDbHandle; path: string }> {
  const dir = tempDir('connect-duckdb');
  dirs.push(dir);
  const path = join(dir, 'store.duckdb');
  const db = await connectDuckDb(path, {}, { memory: '64MiB' });
  open.push(db);
  return { db, path };
}

describe('openDuckDbInstance', () => {
  it('gives the instance open on a file, under any spelling of its path, until its handle is closed', async () => {
    const { db, path } = await fileDb();
    await db.connection.run('CREATE TABLE t AS SELECT range AS n FROM range(1000)');
    expect(openDuckDbInstance(relative(process.cwd(), path))).toBe(db.instance);

    // Another connection on it sees the handle's data and reads DuckDB's memory accounting while the handle works.
    const other = await openDuckDbInstance(path)!.connect();
    try {
      expect((await other.runAndReadAll('SELECT count(*) FROM t')).getRows()).toEqual([[1000n]]);
      expect((await other.runAndReadAll("SELECT current_setting('memory_limit')")).getRows()).toEqual([['64.0 MiB']]);
      expect((await other.runAndReadAll('SELECT count(*) FROM duckdb_memory()')).getRows()[0]![0]).toBeGreaterThan(0n);
    } finally {
      other.closeSync();
    }
    db.close();
    open.splice(open.indexOf(db), 1);
    expect(openDuckDbInstance(path)).toBeUndefined();
  });

  it('lists no in-memory database, and a reopened file under its new instance', async () => {
    const memory = await connectDuckDb(':memory:');
    open.push(memory);
    expect(openDuckDbInstance(':memory:')).toBeUndefined();

    const { db, path } = await fileDb();
    db.close();
    open.splice(open.indexOf(db), 1);
    const again = await connectDuckDb(path);
    open.push(again);
    expect(openDuckDbInstance(path)).toBe(again.instance);
  });
});
