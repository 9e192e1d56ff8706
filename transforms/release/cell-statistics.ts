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
function quantile(sorted: readonly number[], q: number): number {
  const position = q * (sorted.length - 1);
  const lower = Math.floor(position);
  const low = sorted[lower]!;
  return low + ((sorted[Math.ceil(position)] ?? low) - low) * (position - lower);
}

/** Exact statistics of a non-empty set of values. */
export function cellStatistics(values: readonly number[], threshold: NudgeThreshold | undefined): CellStatistics {
  if (values.length === 0) throw new RangeError('statistics of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const beyond = threshold ? sorted.filter((v) => (threshold.direction === 'above' ? v > threshold.value : v < threshold.value)).length : 0;
  return {
    mean: sorted.reduce((sum, v) => sum + v, 0) / sorted.length,
    median: quantile(sorted, 0.5),
    p25: quantile(sorted, 0.25),
    p75: quantile(sorted, 0.75),
    shareBeyond: threshold ? beyond / sorted.length : null,
  };
}
