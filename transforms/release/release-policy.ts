/** The release rules that can be named in the ledger and, for the adversary tests, switched off one at a time. */
export const releaseRules = ['min_contributors', 'time_differencing', 'overlap', 'secondary', 'segment_cut', 'linear_audit'] as const;
/** One release rule. */
export type ReleaseRule = (typeof releaseRules)[number];

/** How a release decides which cells are published: k, the rules in force and optional noise. */
export interface ReleasePolicy {
  /** Minimum distinct contributors per released cell, and the smallest group any rule lets be revealed. */
  k: number;
  /** The rules in force; every rule is on unless a test switches it off. */
  rules: Readonly<Record<ReleaseRule, boolean>>;
  /** Privacy-loss budget per metric per cell-week for discrete Laplace noise, or null for exact values (the default). */
  epsilon: number | null;
}

/** The smallest k attune accepts. */
const lowestK = 3;

/**
 * A checked policy: k defaults to 5 and may not go below 3, ε (when given) must be positive,
 * every rule is on except those named in `off`.
 */
export function releasePolicy({ k = 5, epsilon = null, off = [] }: { k?: number; epsilon?: number | null; off?: readonly ReleaseRule[] } = {}): ReleasePolicy {
  if (!Number.isInteger(k) || k < lowestK) {
    throw new Error(`k (minimum distinct contributors per released cell) must be a whole number of at least ${lowestK}; got ${k}`);
  }
  if (epsilon !== null && !(epsilon > 0 && Number.isFinite(epsilon))) throw new Error(`ε must be a positive number; got ${epsilon}`);
  const rules = Object.fromEntries(releaseRules.map((rule) => [rule, !off.includes(rule)])) as Record<ReleaseRule, boolean>;
  return { k, rules, epsilon };
}
