import type { NudgeThreshold } from './released-metrics.ts';

/** The values released for one cell: mean, quartiles and the share of contributors beyond the metric's nudge threshold. */
export interface CellStatistics {
  mean: number;
  median: number;
  p25: number;
  p75: number;
  /** Null when the metric has no nudge threshold. */
  shareBeyond: number | null;
}

/** The q-quantile of ascending values with linear interpolation between closest ranks (DuckDB's quantile_cont). */
function quantile(sorted: Float64Array, q: number): number {
  const position = q * (sorted.length - 1);
  const lower = Math.floor(position);
  const low = sorted[lower]!;
  return low + ((sorted[Math.ceil(position)] ?? low) - low) * (position - lower);
}

/** Exact statistics of a non-empty set of values. */
export function cellStatistics(values: readonly number[], threshold: NudgeThreshold | undefined): CellStatistics {
  if (values.length === 0) throw new RangeError('statistics of no values');
  // A typed array sorts numerically without a comparator: the same order (the values are finite).
  const sorted = new Float64Array(values).sort();
  let beyond = 0;
  if (threshold) for (const v of sorted) if (threshold.direction === 'above' ? v > threshold.value : v < threshold.value) beyond++;
  return {
    mean: sorted.reduce((sum, v) => sum + v, 0) / sorted.length,
    median: quantile(sorted, 0.5),
    p25: quantile(sorted, 0.25),
    p75: quantile(sorted, 0.75),
    shareBeyond: threshold ? beyond / sorted.length : null,
  };
}
