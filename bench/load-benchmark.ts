import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Activities } from '../activities/create-activities.ts';
import { readStagedParts, streamOf } from '../activities/stream-list.ts';
import { loadConfig } from '../cli/config.ts';
import { dataPaths } from '../cli/data-paths.ts';
import { runCommand } from '../cli/run-command.ts';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Source } from '../models/source.ts';
import { applyMigrations } from '../store/apply-migrations.ts';
import { connectDuckDb, defaultDuckDbResources } from '../store/connect-duckdb.ts';
import { inTransaction } from '../store/in-transaction.ts';
import { loadStagedParts, type StagedPartLoad } from '../store/load-staged-parts.ts';
import { privateMigrations } from '../store/private-migrations.ts';
import { sqlStringLiteral } from '../store/sql-string-literal.ts';

/** One load of a run as it found its streams' staged parts (each stream's in order), their files copied aside. */
interface KeptLoad {
  source: Source;
  parts: StagedPartLoad[];
}

/**
 * The activities of a run, whose loads first copy their streams' staged parts aside (into
 * `keptDir`) and note them in `kept`, in the order the loads were asked for.
 */
function keepingStagedParts(activities: Activities, stagingDir: string, keptDir: string, kept: KeptLoad[]): Activities {
  let copies = 0;
  return {
    ...activities,
    loadBatches: async (input) => {
      const { source, list, indices } = input;
      const copied: StagedPartLoad[] = [];
      for (const index of indices) {
        const stream = await streamOf(stagingDir, source, { list, index });
        for (const { batchFile: staged, ...part } of await readStagedParts(stagingDir, source, { list, index })) {
          // Loads run concurrently: the counter is read and moved on in one step, so no two copies share a name.
          const batchFile = staged === null ? null : join(keptDir, `${copies++}.parquet`);
          if (staged !== null && batchFile !== null) await copyFile(staged, batchFile);
          copied.push({ ...part, batchFile, stream });
        }
      }
      kept.push({ source, parts: copied });
      return activities.loadBatches(input);
    },
  };
}

/** Wall and CPU time of some work, ms. */
interface Time {
  wallMs: number;
  cpuMs: number;
}

const noTime: Time = { wallMs: 0, cpuMs: 0 };
const plus = (a: Time, b: Time): Time => ({ wallMs: a.wallMs + b.wallMs, cpuMs: a.cpuMs + b.cpuMs });

/** The wall time of `work` and the CPU time this process spent meanwhile (user and system, DuckDB's threads included). */
async function timed(work: () => Promise<unknown>): Promise<Time> {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  await work();
  const used = process.cpuUsage(cpu);
  return { wallMs: performance.now() - wall, cpuMs: (used.user + used.system) / 1000 };
}

/** Runs and CPU time of the statements loads ran, by statement (its first 60 characters, spaces folded). */
type StatementProfile = Map<string, { runs: number; cpuMs: number }>;

/** `connection`, its statements' runs and CPU time added to `profile` (statements run one at a time, so each one's CPU is its own). */
function profiling(connection: DuckDBConnection, profile: StatementProfile): DuckDBConnection {
  const counted =
    <A extends unknown[], R>(call: (sql: string, ...rest: A) => Promise<R>) =>
    async (sql: string, ...rest: A): Promise<R> => {
      const cpu = process.cpuUsage();
      try {
        return await call(sql, ...rest);
      } finally {
        const used = process.cpuUsage(cpu);
        const statement = sql.replace(/\s+/g, ' ').trim().slice(0, 60);
        const seen = profile.get(statement) ?? { runs: 0, cpuMs: 0 };
        profile.set(statement, { runs: seen.runs + 1, cpuMs: seen.cpuMs + (used.user + used.system) / 1000 });
      }
    };
  const run = counted(connection.run.bind(connection));
  const runAndReadAll = counted(connection.runAndReadAll.bind(connection));
  return new Proxy(connection, {
    get: (target, key) => (key === 'run' ? run : key === 'runAndReadAll' ? runAndReadAll : (Reflect.get(target, key) as unknown)),
  });
}

/**
 * Loads kept loads with attune's load, in order: each one transaction holding its streams' parts
 * and cursors, as the run's loads did (PrivateStore.loadParts runs the same in the store's transaction).
 */
async function loadAll(connection: DuckDBConnection, loads: readonly KeptLoad[]): Promise<void> {
  for (const { source, parts } of loads) await inTransaction(connection, () => loadStagedParts(connection, source, parts));
}

const seconds = (ms: number) => (ms / 1000).toFixed(2);
const ratio = (ms: number, floorMs: number) => `${(ms / floorMs).toFixed(1)}×`;

/**
 * The load benchmark: one `attune run` of the simulated demo workspace at `people` × `weeks`
 * stages real batches (every source's connector against its simulator), and each load's staged
 * parts are copied aside. Then, per source, the same loads are made again in the run's order
 * into a fresh private store with attune's load (a transaction per load, holding the streams the
 * run's loader took together), and the
 * same files into a fresh database with DuckDB's own `CREATE TABLE … AS SELECT * FROM
 * read_parquet([…])`: the floor. Prints both (wall and CPU time), their ratios and the events
 * stored; then the time of loading every batch again, as a re-read of quiet streams would; then the
 * CPU time of each statement attune's loads ran (the first time), summed over the loads.
 */
export async function runLoadBenchmark({ people, weeks }: { people: number; weeks: number }): Promise<void> {
  const workDir = mkdtempSync(join(tmpdir(), 'attune-bench-load-'));
  const runDir = join(workDir, 'run');
  const keptDir = join(workDir, 'kept');
  await mkdir(keptDir);
  const config = loadConfig({
    ...process.env,
    ATTUNE_DATA_DIR: runDir,
    ATTUNE_PSEUDONYM_KEY: randomBytes(32).toString('hex'),
    ATTUNE_DEMO_PEOPLE: String(people),
    ATTUNE_DEMO_WEEKS: String(weeks),
    ATTUNE_BACKFILL_DAYS: String(weeks * 7),
  });
  try {
    console.log(`load: staging the batches of one attune run of the demo workspace, ${people} people × ${weeks} weeks`);
    const kept: KeptLoad[] = [];
    const { stagingDir } = dataPaths(runDir);
    const code = await runCommand(config, {
      out: () => undefined,
      progress: () => undefined,
      streams: { track: (activities) => keepingStagedParts(activities, stagingDir, keptDir, kept), stop: () => undefined },
    });
    console.log(`  the run ended with exit code ${code}, ${new Set(kept.flatMap((load) => load.parts.map((part) => `${load.source}\0${part.stream}`))).size} streams loaded in ${kept.length} loads`);

    const loadDir = join(workDir, 'load');
    const floorDir = join(workDir, 'floor');
    await mkdir(floorDir);
    await mkdir(loadDir);
    const store = await connectDuckDb(join(loadDir, 'attune.duckdb'), {}, { ...defaultDuckDbResources, spillDirectory: join(loadDir, 'spill') });
    await applyMigrations(store.connection, privateMigrations);
    const profile: StatementProfile = new Map();
    const profiled = profiling(store.connection, profile);
    const stored = async (sql: string, source?: Source) => Number((await store.connection.runAndReadAll(sql, source ? { source } : {})).getRowsJson()[0]?.[0] ?? 0);
    const floor = await connectDuckDb(join(floorDir, 'floor.duckdb'), {}, { memory: '1GiB', spillDirectory: join(floorDir, 'spill') });
    try {
      console.log('  wall s and CPU s (this process, DuckDB included: waiting for a core inflates wall time only)');
      console.log('  source        loads    events   attune load: wall    CPU   floor: wall    CPU   ratio: wall    CPU   reload, nothing new: wall    CPU');
      const totals = { load: noTime, floor: noTime, reload: noTime };
      const sources = [...new Set(kept.map((load) => load.source))];
      for (const source of sources) {
        const loads = kept.filter((load) => load.source === source);
        const files = loads.flatMap((load) => load.parts.flatMap((part) => (part.batchFile === null ? [] : [part.batchFile])));
        const load = await timed(() => loadAll(profiled, loads));
        const floorTime = await timed(async () => {
          if (files.length > 0) await floor.connection.run(`CREATE TABLE "events_${source}" AS SELECT * FROM read_parquet([${files.map(sqlStringLiteral).join(', ')}])`);
        });
        totals.load = plus(totals.load, load);
        totals.floor = plus(totals.floor, floorTime);
        console.log(
          `  ${source.padEnd(10)}${String(loads.length).padStart(9)}${(await stored('SELECT count(*) FROM events WHERE source = $source', source)).toLocaleString('en').padStart(10)}` +
            `${seconds(load.wallMs).padStart(20)}${seconds(load.cpuMs).padStart(7)}${seconds(floorTime.wallMs).padStart(14)}${seconds(floorTime.cpuMs).padStart(7)}` +
            `${ratio(load.wallMs, floorTime.wallMs).padStart(14)}${ratio(load.cpuMs, floorTime.cpuMs).padStart(7)}`,
        );
      }
      // The same batches again, as a re-read of quiet streams loads them: every event already stored, unchanged.
      const loaded = [...profile].sort(([, a], [, b]) => b.cpuMs - a.cpuMs);
      for (const source of sources) totals.reload = plus(totals.reload, await timed(() => loadAll(store.connection, kept.filter((load) => load.source === source))));
      console.log(
        `  all${String(kept.length).padStart(16)}${(await stored('SELECT count(*) FROM events')).toLocaleString('en').padStart(10)}` +
          `${seconds(totals.load.wallMs).padStart(20)}${seconds(totals.load.cpuMs).padStart(7)}${seconds(totals.floor.wallMs).padStart(14)}${seconds(totals.floor.cpuMs).padStart(7)}` +
          `${ratio(totals.load.wallMs, totals.floor.wallMs).padStart(14)}${ratio(totals.load.cpuMs, totals.floor.cpuMs).padStart(7)}` +
          `${seconds(totals.reload.wallMs).padStart(28)}${seconds(totals.reload.cpuMs).padStart(7)}`,
      );
      console.log('  attune load by statement, over every load (not the reload): CPU s, runs, CPU ms a run');
      for (const [statement, { runs, cpuMs }] of loaded) console.log(`  ${seconds(cpuMs).padStart(7)}${String(runs).padStart(6)}${(cpuMs / runs).toFixed(1).padStart(9)}  ${statement}`);
    } finally {
      floor.close();
      store.close();
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
