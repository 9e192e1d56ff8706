/**
 * `npm run bench`: the benchmarks, kept out of `npm test`. Run:
 * node --import tsx bench/run-benchmarks.ts [features|nudges|release|all]   (default all)
 * Sizes: BENCH_PEOPLE, BENCH_DAYS (features; 2000, 90), BENCH_NUDGE_SEEDS, BENCH_NUDGE_PEOPLE, BENCH_NUDGE_WEEKS (nudges; 5, 150, 10),
 * BENCH_RELEASE_PEOPLE, BENCH_RELEASE_WEEKS (release; 3000, 26).
 */
import { runFeaturesBenchmark } from './features-benchmark.ts';
import { runNudgesBenchmark } from './nudges-benchmark.ts';
import { runReleaseBenchmark } from './release-benchmark.ts';

const which = process.argv[2] ?? 'all';
const size = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
if (which === 'nudges' || which === 'all') {
  await runNudgesBenchmark({ seeds: size('BENCH_NUDGE_SEEDS', 5), people: size('BENCH_NUDGE_PEOPLE', 150), weeks: size('BENCH_NUDGE_WEEKS', 10) });
}
if (which === 'release' || which === 'all') {
  await runReleaseBenchmark({ people: size('BENCH_RELEASE_PEOPLE', 3000), weeks: size('BENCH_RELEASE_WEEKS', 26), churn: 0.01, absence: 0.03 });
}
if (which === 'features' || which === 'all') await runFeaturesBenchmark({ people: size('BENCH_PEOPLE', 2000), days: size('BENCH_DAYS', 90) });
// Peak resident memory of the whole benchmark process (DuckDB included): what ATTUNE_DUCKDB_MEMORY bounds.
console.log(`peak RSS of the benchmark process: ${(process.resourceUsage().maxRSS / 1024 / 1024).toFixed(2)} GiB`);
