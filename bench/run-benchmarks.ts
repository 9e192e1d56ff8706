/**
 * `npm run bench`: the performance benchmarks, kept out of `npm test`. Run:
 * node --import tsx bench/run-benchmarks.ts [people] [days]   (defaults: 2000 people, 90 days)
 */
import { runFeaturesBenchmark } from './features-benchmark.ts';

const people = Number(process.argv[2] ?? 2000);
const days = Number(process.argv[3] ?? 90);
await runFeaturesBenchmark({ people, days });
