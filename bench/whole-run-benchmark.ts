import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Activities } from '../activities/create-activities.ts';
import { loadConfig } from '../cli/config.ts';
import { runCommand } from '../cli/run-command.ts';
import { createRunProgress } from '../cli/run-progress.ts';
import type { SourceSettings } from '../cli/source-settings.ts';
import type { Source } from '../models/source.ts';
import { defaultRetention, minimumRetentionDays } from '../transforms/retention-statements.ts';
import { sampleMemoryBySteps } from './memory-by-step.ts';
import type { SimulatedWorkspaceReady, SimulatedWorkspaceRequest } from './simulated-workspace-process.ts';

/** The size of the simulated workspace a whole run reads, and where to keep the run if it is to outlive one invocation. */
export interface WholeRunBenchmarkOptions {
  people: number;
  weeks: number;
  /**
   * A folder that keeps the run (its store, installation key, moment and the figures of each invocation), so that a
   * run stopped part way (Ctrl-C, kill, the end of a working session) goes on from where it stopped when started
   * again with the same folder, and the figures add up over the invocations; undefined for a throwaway folder.
   */
  keepIn?: string;
  /** The sources the run reads (the others' simulators serve unread, their nudge channels unused); undefined for all four. */
  sources?: readonly Source[];
}

/** One invocation's figures, as a kept run records them. */
interface Invocation {
  /** The run's exit code (1 when it failed with an error), or null when a signal stopped the invocation before the run ended. */
  exitCode: number | null;
  wallSeconds: number;
  cpuSeconds: number;
  peakRssGiB: number;
  /** Busy wall time per step, ms. */
  busyMs: Record<string, number>;
  /** Events fetched per source's fetch step. */
  events: Record<string, number>;
}

/**
 * What a kept run's folder records in `whole-run.json`: its size, the demo organisation's seed (null until the first
 * invocation has read its configuration), its moment (the simulators' and the run's now), every invocation so far.
 */
interface KeptRun {
  people: number;
  weeks: number;
  /** The sources it reads (`--sources`); null, or absent in a file written before they were recorded, for all four. */
  sources?: readonly Source[] | null;
  seed: number | null;
  now: string;
  invocations: Invocation[];
}

const keptRunFile = 'whole-run.json';

/**
 * The kept run in `folder`, a new one if the folder is missing or empty. Refused: a folder holding other files
 * (it may be a real data folder), a run of another size or of other sources, a run that already ended with exit code 0.
 */
function openKeptRun(folder: string, { people, weeks, sources }: WholeRunBenchmarkOptions): KeptRun {
  const named = (list: readonly Source[] | null | undefined) => (list ? [...list].sort().join(',') : 'all');
  const file = join(folder, keptRunFile);
  if (!existsSync(file)) {
    if (existsSync(folder) && readdirSync(folder).length > 0) {
      throw new Error(`${folder} holds files but no ${keptRunFile}: give an empty or new folder to keep a run in`);
    }
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    return { people, weeks, sources: sources ?? null, seed: null, now: new Date().toISOString(), invocations: [] };
  }
  const run = JSON.parse(readFileSync(file, 'utf8')) as KeptRun;
  if (run.people !== people || run.weeks !== weeks) {
    throw new Error(`${folder} keeps a run of ${run.people} people × ${run.weeks} weeks: give those sizes to go on with it, or another folder for a new run`);
  }
  if (named(run.sources) !== named(sources)) {
    throw new Error(`${folder} keeps a run of ${named(run.sources) === 'all' ? 'every source' : `--sources ${named(run.sources)}`}: give the same sources to go on with it, or another folder for a new run`);
  }
  if (run.invocations.some((i) => i.exitCode === 0)) throw new Error(`${folder} keeps a run that has ended: give another folder for a new run`);
  return run;
}

/** Writes the kept run's file whole or not at all (a second Ctrl-C during the write leaves the last version). */
function saveKeptRun(folder: string, run: KeptRun): void {
  const file = join(folder, keptRunFile);
  writeFileSync(`${file}.next`, JSON.stringify(run, null, 2));
  renameSync(`${file}.next`, file);
}

/**
 * Wall time per step during which at least one call of the step was running: streams are read
 * four at a time and their loads queue on the one DuckDB connection, so summing the calls would
 * count the same second several times.
 */
function stepClock() {
  const steps = new Map<string, { running: number; since: number; busyMs: number; first: number; last: number }>();
  return {
    start(step: string) {
      const now = performance.now();
      const s = steps.get(step) ?? steps.set(step, { running: 0, since: now, busyMs: 0, first: now, last: now }).get(step)!;
      if (s.running++ === 0) s.since = now;
    },
    stop(step: string) {
      const now = performance.now();
      const s = steps.get(step)!;
      if (--s.running === 0) s.busyMs += now - s.since;
      s.last = now;
    },
    /** The steps with a call running now. */
    running: () => [...steps].filter(([, s]) => s.running > 0).map(([step]) => step),
    steps,
  };
}

/** The step an activity call belongs to: a source's reads (directory, streams, cursors, fetches) or its loads, else the activity itself. */
function stepOf(activity: string, input: unknown): string {
  const source = (input as { source?: unknown } | undefined)?.source;
  if (typeof source !== 'string') return activity;
  return `${source} ${activity === 'loadBatches' ? 'load' : 'fetch'}`;
}

/** The activities, each call timed on `clock`, and the events each source's fetches returned counted in `events`. */
function timedActivities(activities: Activities, clock: ReturnType<typeof stepClock>, events: Map<string, number>): Activities {
  const timed = Object.entries(activities).map(([name, activity]) => {
    const call = async (input: unknown) => {
      const step = stepOf(name, input);
      clock.start(step);
      try {
        const result = await (activity as (input: unknown) => Promise<unknown>)(input);
        if (name === 'fetchStream') events.set(step, (events.get(step) ?? 0) + (result as { events: number }).events);
        return result;
      } finally {
        clock.stop(step);
      }
    };
    return [name, call];
  });
  return Object.fromEntries(timed) as Activities;
}

/** The settings of the sources listed (all when undefined): a source without settings is not read. */
function onlySources(settings: SourceSettings, sources: readonly Source[] | undefined): SourceSettings {
  if (sources === undefined) return settings;
  const { slack, google, microsoft, jira, ...common } = settings;
  const listed = { slack, google, microsoft, jira };
  return { ...common, ...Object.fromEntries(sources.map((source) => [source, listed[source]])) };
}

/** Starts the simulated workspace in a child process; resolves with the child and the sources' settings once it serves. */
function startSimulatorProcess(request: SimulatedWorkspaceRequest): Promise<{ child: ChildProcess; ready: SimulatedWorkspaceReady }> {
  // The simulators hold the whole history in memory (about 2 KB an event): at 2,000 people × 13 weeks more than
  // Node's default heap of about 4 GiB, where the process spends its time collecting garbage. So it may use 3/4 of the machine.
  const heapMiB = Math.floor((totalmem() / 2 ** 20) * 0.75);
  const child = fork(new URL('./simulated-workspace-process.ts', import.meta.url), [JSON.stringify(request)], {
    stdio: 'inherit',
    execArgv: [...process.execArgv, `--max-old-space-size=${heapMiB}`],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (ready) => resolve({ child, ready: ready as SimulatedWorkspaceReady }));
    child.once('exit', (code) => reject(new Error(`the simulated workspace's process ended (exit code ${code}) before serving: see its output above`)));
  });
}

/** The peak resident memory of another process (Linux's VmHWM), in GiB; null where /proc can't tell. */
async function peakRssOf(pid: number | undefined): Promise<string | null> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kib = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
  return kib === undefined ? null : (Number(kib) / 1024 / 1024).toFixed(2);
}

const seconds = (ms: number) => (ms / 1000).toFixed(1).padStart(8);
const perSecond = (events: number, ms: number) => `${Math.round(events / (ms / 1000)).toLocaleString('en')} events/s`;

/**
 * The whole-run benchmark: the demo organisation's four simulators (Slack, Google, Microsoft 365,
 * Jira) at `people` × `weeks`, in a child process, and in this one a whole `attune run` over them
 * (every source, or those `sources` lists; load, retention, features, nudges, release), with the
 * run's own progress lines and summary. Then per step its busy time, each source's events per
 * second, and the peak RSS of this process: attune's, the simulators' not included. A source left
 * out is not configured at all, so its nudge channel (Slack's DMs, Microsoft's or Gmail's mail) is
 * missing too and the nudges step differs from a whole run's.
 */
export async function runWholeRunBenchmark(options: WholeRunBenchmarkOptions): Promise<void> {
  const { people, weeks, keepIn } = options;
  const kept = keepIn === undefined ? null : openKeptRun(keepIn, options);
  const dataDir = keepIn ?? mkdtempSync(join(tmpdir(), 'attune-bench-run-'));
  const removeDataDir = () => (kept ? Promise.resolve() : rm(dataDir, { recursive: true, force: true }));
  const now = kept?.now ?? new Date().toISOString();
  const config = loadConfig({
    ...process.env,
    ATTUNE_DATA_DIR: dataDir,
    // A kept run's key is the data folder's own key file, made by its first invocation.
    ATTUNE_PSEUDONYM_KEY: kept ? undefined : randomBytes(32).toString('hex'),
    ATTUNE_KEY_FILE: undefined,
    ATTUNE_RUN_AT: now,
    ATTUNE_BACKFILL_DAYS: String(weeks * 7),
    ATTUNE_RETENTION_DAYS: String(Math.max(defaultRetention.retentionDays, minimumRetentionDays(weeks * 7))),
  });
  if (kept && keepIn) {
    if (kept.seed !== null && kept.seed !== config.demo.seed) {
      throw new Error(`${keepIn} keeps a run of the organisation of seed ${kept.seed}, not ${config.demo.seed}: set ATTUNE_DEMO_SEED=${kept.seed} to go on with it`);
    }
    kept.seed = config.demo.seed;
    saveKeptRun(keepIn, kept);
  }
  const going = kept && kept.invocations.length > 0 ? `, going on with ${keepIn} (invocation ${kept.invocations.length + 1})` : '';
  console.log(`whole run: ${people.toLocaleString('en')} people × ${weeks} weeks, the simulators in a child process${going}`);
  const simulatorStart = performance.now();
  const simulators = await startSimulatorProcess({ people, weeks, seed: config.demo.seed, now }).catch(async (error: unknown) => {
    await removeDataDir();
    throw error;
  });
  const { child, ready } = simulators;
  console.log(`  simulators serving after ${seconds(performance.now() - simulatorStart).trim()} s (not counted below)`);
  const clock = stepClock();
  const events = new Map<string, number>();
  const progress = createRunProgress({ write: (text) => process.stderr.write(text) });
  const memory = sampleMemoryBySteps(join(dataDir, 'attune.duckdb'), clock.running, progress.line);
  const started = performance.now();
  /** This invocation's figures so far, added to the kept run's file. */
  const record = (exitCode: number | null) => {
    if (!kept || !keepIn) return;
    const usage = process.resourceUsage();
    kept.invocations.push({
      exitCode,
      wallSeconds: (performance.now() - started) / 1000,
      cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
      peakRssGiB: usage.maxRSS / 1024 / 1024,
      busyMs: Object.fromEntries([...clock.steps].map(([step, s]) => [step, s.busyMs + (s.running > 0 ? performance.now() - s.since : 0)])),
      events: Object.fromEntries(events),
    });
    saveKeptRun(keepIn, kept);
  };
  // A kept run stopped by a signal records how far this invocation got; the next one goes on from the store.
  const onSignal = (signal: NodeJS.Signals) => {
    record(null);
    console.log(`whole run stopped by ${signal}; figures so far kept in ${join(dataDir, keptRunFile)}: run again with the same folder to go on`);
    process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
  };
  if (kept) for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, onSignal);
  try {
    const code = await runCommand(
      config,
      {
        out: (text) => process.stdout.write(text),
        progress: progress.line,
        streams: { track: (activities) => timedActivities(progress.track(activities), clock, events), stop: progress.stop },
      },
      async () => ({ settings: { ...onlySources(ready.settings, options.sources), retry: config.retry }, simulated: true, close: async () => undefined }),
    );
    const wholeMs = performance.now() - started;
    await memory.stop();
    console.log(`  step (busy wall time: at least one call running)        s`);
    for (const [step, s] of clock.steps) {
      const fetched = events.get(step);
      const rate = fetched === undefined ? '' : `  ${fetched.toLocaleString('en')} events, ${perSecond(fetched, s.busyMs)}`;
      console.log(`  ${step.padEnd(48)}${seconds(s.busyMs)}${rate}`);
      const source = step.endsWith(' load') ? step.slice(0, -' load'.length) : null;
      const reads = source === null ? undefined : clock.steps.get(`${source} fetch`);
      if (reads) {
        const wallMs = s.last - reads.first;
        console.log(`  ${`${source} sync (first read to last load)`.padEnd(48)}${seconds(wallMs)}  ${perSecond(events.get(`${source} fetch`) ?? 0, wallMs)}`);
      }
    }
    const total = [...events.values()].reduce((sum, n) => sum + n, 0);
    console.log(`  whole run (exit code ${code})${' '.repeat(28)}${seconds(wholeMs)}  ${total.toLocaleString('en')} events, ${perSecond(total, wholeMs)}`);
    const usage = process.resourceUsage();
    // On a shared machine the wall times above include waiting for a core; the CPU time does not.
    console.log(`  CPU time of the attune process: ${((usage.userCPUTime + usage.systemCPUTime) / 1e6).toFixed(1)} s (user and system, DuckDB's threads included)`);
    console.log(`  peak RSS of the attune process: ${(usage.maxRSS / 1024 / 1024).toFixed(2)} GiB`);
    for (const line of memory.lines()) console.log(line);
    const simulatorPeak = await peakRssOf(child.pid);
    if (simulatorPeak) console.log(`  (the simulators' process, not counted: ${simulatorPeak} GiB peak RSS)`);
    record(code);
    if (kept && kept.invocations.length > 1) printKeptTotals(kept);
  } catch (error) {
    // A run that fails (a step out of memory, say) keeps its figures too: they show how far it got and at what cost.
    record(1);
    if (kept) console.log(`whole run failed; figures so far kept in ${join(dataDir, keptRunFile)}: run again with the same folder to go on`);
    throw error;
  } finally {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.off(signal, onSignal);
    await memory.stop();
    child.disconnect();
    await removeDataDir();
  }
}

/** The figures of a kept run over all its invocations: times and events added up, the highest peak. */
function printKeptTotals({ invocations }: KeptRun): void {
  const sum = (values: number[]) => values.reduce((total, n) => total + n, 0);
  const steps = [...new Set(invocations.flatMap((i) => Object.keys(i.busyMs)))];
  console.log(`  all ${invocations.length} invocations (${invocations.filter((i) => i.exitCode === null).length} stopped part way), added up:`);
  for (const step of steps) {
    const fetched = invocations.some((i) => step in i.events) ? sum(invocations.map((i) => i.events[step] ?? 0)) : undefined;
    const busyMs = sum(invocations.map((i) => i.busyMs[step] ?? 0));
    const rate = fetched === undefined ? '' : `  ${fetched.toLocaleString('en')} events, ${perSecond(fetched, busyMs)}`;
    console.log(`  ${step.padEnd(48)}${seconds(busyMs)}${rate}`);
  }
  console.log(`  wall time ${sum(invocations.map((i) => i.wallSeconds)).toFixed(1)} s, CPU time ${sum(invocations.map((i) => i.cpuSeconds)).toFixed(1)} s,` +
    ` highest peak RSS ${Math.max(...invocations.map((i) => i.peakRssGiB)).toFixed(2)} GiB`);
}
