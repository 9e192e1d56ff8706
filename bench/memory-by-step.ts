import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { openDuckDbInstance } from '../store/connect-duckdb.ts';

/** One reading of this process's memory, in bytes: what the kernel counts and how Node and DuckDB account for it. */
interface MemoryReading {
  rss: number;
  /** V8's heap as reserved from the system (used or not). */
  heapTotal: number;
  /** Memory that JS objects hold outside V8's heap (Buffers and ArrayBuffers among it). */
  external: number;
  /** DuckDB's buffer manager (databases it attaches included): the tags of duckdb_memory(); null while it is not open or could not be read. */
  duckdb: { total: number; spilled: number; tags: [string, number][] } | null;
}

/** A step's highest reading of resident memory, and how many readings fell in the step. */
interface StepPeak {
  reading: MemoryReading;
  readings: number;
}

const gib = (bytes: number) => (bytes / 2 ** 30).toFixed(2);
const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20)}`;

/** A reading's parts in MiB, as columns: heap, outside the heap, DuckDB with its three largest tags, spilled, and the rest of RSS. */
function readingColumns(r: MemoryReading): string {
  const duckdb = r.duckdb?.total ?? 0;
  const tags = r.duckdb === null ? 'not read' : `${mib(duckdb)}: ${r.duckdb.tags.slice(0, 3).map(([tag, used]) => `${tag} ${mib(used)}`).join(', ')}`;
  const rest = r.rss - r.heapTotal - r.external - duckdb;
  return `${mib(r.heapTotal).padStart(5)} ${mib(r.external).padStart(8)}  ${tags.padEnd(44)} ${mib(r.duckdb?.spilled ?? 0).padStart(7)} ${mib(rest).padStart(5)}`;
}

/** RSS above the last peak reported while sampling by at least this much is reported again. */
const reportedPeakStep = 64 * 2 ** 20;

/**
 * Samples this process's memory every `intervalMs` while a whole run works, and keeps each step's
 * highest resident memory with what it was made of: Node's heap, memory outside the heap, and
 * DuckDB's own accounting (duckdb_memory(), read on a connection of the sampler's own on the
 * database file `databasePath` while it is open). `runningSteps` says which steps run at a reading;
 * a reading counts for every one of them (fetches and loads overlap), or for "(between steps)".
 * What DuckDB allocates outside its buffer manager, and what allocators keep after freeing, shows
 * as the rest: RSS less the heap, the memory outside it and DuckDB's buffers. Each new peak of
 * the whole process 64 MiB above the last one reported goes to `report` as it happens, so a run
 * that is stopped before its end still tells where its memory went.
 */
export function sampleMemoryBySteps(databasePath: string, runningSteps: () => string[], report: (line: string) => void, intervalMs = 500) {
  const peaks = new Map<string, StepPeak>();
  let reportedPeak = 0;
  /** The sampler's connection on the database open now (a connection keeps its database open), and the database's memory limit. */
  let kept: { instance: DuckDBInstance; connection: DuckDBConnection } | null = null;
  let memoryLimit: string | null = null;
  let reading: Promise<void> | null = null;

  /** A connection on the database open at `databasePath` now; null while none is (one attune has closed is let go). */
  async function connection(): Promise<DuckDBConnection | null> {
    const instance = openDuckDbInstance(databasePath);
    if (kept !== null && kept.instance === instance) return kept.connection;
    kept?.connection.closeSync();
    kept = null;
    if (instance === undefined) return null;
    kept = { instance, connection: await instance.connect() };
    const [[limit]] = (await kept.connection.runAndReadAll("SELECT current_setting('memory_limit')")).getRows() as [[string]];
    memoryLimit = limit;
    return kept.connection;
  }

  async function readDuckDb(): Promise<MemoryReading['duckdb']> {
    const open = await connection();
    if (open === null) return null;
    const rows = (await open.runAndReadAll('SELECT tag, memory_usage_bytes, temporary_storage_bytes FROM duckdb_memory()')).getRows();
    const tags = rows.map(([tag, used]) => [String(tag), Number(used)] as [string, number]).filter(([, used]) => used > 0);
    return {
      total: tags.reduce((sum, [, used]) => sum + used, 0),
      spilled: rows.reduce((sum, row) => sum + Number(row[2]), 0),
      tags: tags.sort((a, b) => b[1] - a[1]),
    };
  }

  async function sample(): Promise<void> {
    const steps = runningSteps();
    // DuckDB at its memory limit may refuse even this query ("failed to allocate"): the reading then goes without
    // DuckDB's part, and the run on (an error here once ended a 10,000-person run as an unhandled rejection).
    const duckdb = await readDuckDb().catch(() => null);
    const { rss, heapTotal, external } = process.memoryUsage();
    const now: MemoryReading = { rss, heapTotal, external, duckdb };
    if (rss >= reportedPeak + reportedPeakStep) {
      reportedPeak = rss;
      report(`memory: peak RSS ${gib(rss)} GiB in ${steps.join(', ') || '(between steps)'}; MiB: heap, outside, DuckDB, spilled, rest: ${readingColumns(now).replace(/\s+/g, ' ').trim()}`);
    }
    for (const step of steps.length === 0 ? ['(between steps)'] : steps) {
      const peak = peaks.get(step);
      if (peak === undefined) peaks.set(step, { reading: now, readings: 1 });
      else {
        peak.readings++;
        if (rss > peak.reading.rss) peak.reading = now;
      }
    }
  }

  const timer = setInterval(() => {
    // A reading waits for a core like everything else: never two at once.
    reading ??= sample().finally(() => {
      reading = null;
    });
  }, intervalMs);

  return {
    /** Stops sampling and closes the sampler's connections (a database closes when its last connection does); again, does nothing. */
    async stop(): Promise<void> {
      clearInterval(timer);
      await reading;
      kept?.connection.closeSync();
      kept = null;
    },
    /** Each step's peak, a line each, in the order the steps first ran. */
    lines(): string[] {
      const header = `  memory by step (sampled every ${intervalMs} ms; GiB, then MiB; DuckDB's memory_limit ${memoryLimit ?? 'not read'})`;
      const columns = `  ${'step'.padEnd(40)} peak RSS  heap  outside  DuckDB (largest tags)                       spilled  rest`;
      const rows = [...peaks].map(([step, { reading, readings }]) => `  ${`${step} (${readings})`.padEnd(40)} ${gib(reading.rss).padStart(8)} ${readingColumns(reading)}`);
      return [header, columns, ...rows];
    },
  };
}
