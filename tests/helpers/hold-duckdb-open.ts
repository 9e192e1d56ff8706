import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

/** Another process holding a DuckDB file open, and a way to ask it for the first value of a query. */
export interface DuckDbHolder {
  process: ChildProcess;
  /** The first value of `sql` as the holding process sees it, as text. */
  firstValue(sql: string): Promise<string>;
  /** Ends the process and waits for it. */
  stop(): Promise<void>;
}

/**
 * Starts another process (not this one's DuckDB) that opens the DuckDB file at `file`, read-only
 * as `attune query` does or read-write as a run does, and holds it until stopped.
 */
export async function holdDuckDbOpen(file: string, { readOnly }: { readOnly: boolean }): Promise<DuckDbHolder> {
  const script = `import { DuckDBInstance } from '@duckdb/node-api';
    import { createInterface } from 'node:readline';
    const db = await DuckDBInstance.create(process.argv[1], ${readOnly ? "{ access_mode: 'READ_ONLY' }" : '{}'});
    const connection = await db.connect();
    console.log('holding');
    for await (const sql of createInterface({ input: process.stdin })) {
      console.log(String((await connection.runAndReadAll(sql)).getRows()[0][0]));
    }`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script, file], { cwd: process.cwd(), stdio: ['pipe', 'pipe', 'inherit'] });
  const [ready] = (await once(child.stdout!, 'data')) as [Buffer];
  if (!ready.toString().includes('holding')) throw new Error(`the holding process said ${ready.toString()}`);
  return {
    process: child,
    async firstValue(sql) {
      child.stdin!.write(`${sql.replace(/\s+/g, ' ')}\n`);
      const [answer] = (await once(child.stdout!, 'data')) as [Buffer];
      return answer.toString().trim();
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill();
      await once(child, 'exit');
    },
  };
}
