import { afterEach, describe, expect, it } from 'vitest';
import { connectDuckDb, type DuckDbHandle } from '../../store/connect-duckdb.ts';
import { inTransaction } from '../../store/in-transaction.ts';

const open: DuckDbHandle[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

async function memoryDb(): Promise<DuckDbHandle> {
  const db = await connectDuckDb(':memory:');
  open.push(db);
  await db.connection.run('CREATE TABLE t (n INTEGER)');
  return db;
}

// Tests run as root here, where a read-only folder does not stop writes: the failure a read-only data
// folder causes (a statement fails, DuckDB ends the transaction, the ROLLBACK then fails) is made directly.
describe('inTransaction', () => {
  it('throws the error that failed the work, not the failed ROLLBACK after it', async () => {
    const { connection } = await memoryDb();
    const work = async () => {
      await connection.run('INSERT INTO t VALUES (1)');
      await connection.run('COMMIT'); // the transaction ends before the failure, so the ROLLBACK fails
      throw new Error('IO Error: Cannot open file "attune.duckdb.wal": Read-only file system');
    };
    await expect(inTransaction(connection, work)).rejects.toThrow(/Read-only file system/);
  });

  it('rolls back what the work wrote when it fails', async () => {
    const { connection } = await memoryDb();
    const work = async () => {
      await connection.run('INSERT INTO t VALUES (1)');
      await connection.run('INSERT INTO t VALUES (1, 2)');
    };
    await expect(inTransaction(connection, work)).rejects.toThrow(/column/i);
    expect((await connection.runAndReadAll('SELECT count(*)::INTEGER FROM t')).getRowsJson()).toEqual([[0]]);
  });
});
