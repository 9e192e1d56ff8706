/**
 * `npm run bench`: the benchmarks, kept out of `npm test`. Run:
 * node --import tsx bench/run-benchmarks.ts [features|nudges|release|run|load|pace|all] [--people N --weeks N] [--keep-in FOLDER] [--sources LIST]   (default all)
 * Sizes: BENCH_PEOPLE, BENCH_DAYS (features; 2000, 90), BENCH_NUDGE_SEEDS, BENCH_NUDGE_PEOPLE, BENCH_NUDGE_WEEKS (nudges; 5, 150, 10),
 * BENCH_RELEASE_PEOPLE, BENCH_RELEASE_WEEKS (release; 3000, 26), --people/BENCH_RUN_PEOPLE, --weeks/BENCH_RUN_WEEKS (the whole run; 300, 6),
 * --keep-in FOLDER (the whole run kept there: stopped, it goes on from where it stopped when started again with the folder),
 * --sources LIST (the whole run over these sources only, comma-separated, e.g. `google`, to measure one source's sync; all),
 * BENCH_LOAD_PEOPLE, BENCH_LOAD_WEEKS (load: the demo run whose staged batches are loaded; 150, 6),
 * BENCH_PACE_PEOPLE, BENCH_PACE_WEEKS, BENCH_PACE_SECONDS (pace: the workspace at the vendors' limits, seconds of stream starts per source; 80, 2, 90),
 * BENCH_PACE_SOURCES (pace: the sources to read, comma-separated; all).
 */
import { parseArgs } from 'node:util';
import { runFeaturesBenchmark } from './features-benchmark.ts';
import { runLoadBenchmark } from './load-benchmark.ts';
import { runNudgesBenchmark } from './nudges-benchmark.ts';
import { runPaceBenchmark } from './pace-benchmark.ts';
import { runReleaseBenchmark } from './release-benchmark.ts';
import { runWholeRunBenchmark } from './whole-run-benchmark.ts';
import { Source } from '../models/source.ts';
import { setUpAttuneProcess } from '../cli/attune-process.ts';

// The benchmarks run attune's work in this process: set up as the `attune` command sets up its own.
setUpAttuneProcess();
const { positionals, values: flags } = parseArgs({ allowPositionals: true, options: { people: { type: 'string' }, weeks: { type: 'string' }, 'keep-in': { type: 'string' }, sources: { type: 'string' } } });
/** Sources named in a comma-separated list (each checked), or undefined for every source. */
const sourcesIn = (list: string | undefined) => list?.split(',').map((name) => Source.parse(name.trim()));
const which = positionals[0] ?? 'all';
if (!['features', 'nudges', 'release', 'run', 'load', 'pace', 'all'].includes(which)) throw new Error(`no benchmark named ${which}: use features, nudges, release, run, load, pace or all`);
const size = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
/** A size of the whole run from its flag, else its variable, else `fallback`; a whole number in [min, max] or the benchmark stops saying so. */
const runSize = (flag: 'people' | 'weeks', name: string, fallback: number, min: number, max: number) => {
  const value = Number(flags[flag] ?? process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`--${flag} (or ${name}) must be a whole number from ${min} to ${max}, not ${flags[flag] ?? process.env[name]}`);
  }
  return value;
};
if (which === 'nudges' || which === 'all') {
  await runNudgesBenchmark({ seeds: size('BENCH_NUDGE_SEEDS', 5), people: size('BENCH_NUDGE_PEOPLE', 150), weeks: size('BENCH_NUDGE_WEEKS', 10) });
}
if (which === 'release' || which === 'all') {
  await runReleaseBenchmark({ people: size('BENCH_RELEASE_PEOPLE', 3000), weeks: size('BENCH_RELEASE_WEEKS', 26), churn: 0.01, absence: 0.03 });
}
if (which === 'features' || which === 'all') await runFeaturesBenchmark({ people: size('BENCH_PEOPLE', 2000), days: size('BENCH_DAYS', 90) });
if (which === 'run' || which === 'all') {
  await runWholeRunBenchmark({
    people: runSize('people', 'BENCH_RUN_PEOPLE', 300, 24, 100_000),
    weeks: runSize('weeks', 'BENCH_RUN_WEEKS', 6, 1, 26),
    keepIn: flags['keep-in'],
    sources: sourcesIn(flags.sources),
  });
}
if (which === 'load' || which === 'all') await runLoadBenchmark({ people: size('BENCH_LOAD_PEOPLE', 150), weeks: size('BENCH_LOAD_WEEKS', 6) });
if (which === 'pace' || which === 'all') {
  const sources = sourcesIn(process.env.BENCH_PACE_SOURCES);
  await runPaceBenchmark({ people: size('BENCH_PACE_PEOPLE', 80), weeks: size('BENCH_PACE_WEEKS', 2), seconds: size('BENCH_PACE_SECONDS', 90), streamConcurrency: size('ATTUNE_STREAM_CONCURRENCY', 4), sources });
}
// Peak resident memory of the whole benchmark process (DuckDB included): what ATTUNE_DUCKDB_MEMORY bounds.
console.log(`peak RSS of the benchmark process: ${(process.resourceUsage().maxRSS / 1024 / 1024).toFixed(2)} GiB`);
