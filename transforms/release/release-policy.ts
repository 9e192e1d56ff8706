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
  /**
   * With noise, the most ε any one person's values may be used with in one week over all their
   * cells and metrics (cells then spend less than `epsilon`, with more noise); null: no cap.
   */
  epsilonCap: number | null;
  /**
   * Contributors a released cell needs before its exact quartiles and its exact share beyond the
   * nudge threshold are published (2k unless a test switches the safeguard off with k); the shares
   * must also pass the release rules again with this many in place of k.
   */
  quartilesAndSharesFrom: number;
  /**
   * Who a cell counts: 'members' (the default) counts every member of the group, absent members
   * with their latest value and opted-out members (or withheld sources) with a donor's, so presence
   * and choices change no contributor set, count or suppression; 'with_data' counts only members
   * with a value of their own that week (the adversary tests switch the defence off with it).
   */
  contributors: 'members' | 'with_data';
  /**
   * Whom a group counts when its members changed since its last release: 'held' (the default)
   * keeps counting the contributors of that release (leavers with their latest value, joiners
   * not yet) until at least k people have changed, then counts its members, so a group re-baselines
   * in batches of k instead of being suppressed by time differencing; 'current' always counts the members.
   */
  rosters: 'held' | 'current';
  /**
   * How a member counted with a donor's value is named in contributor sets: 'tokens' (the default)
   * as borrower and donor (contributor-token.ts), so a change of whose value they enter with is a
   * change of the set that held rosters, time differencing and the audit see; 'persons' by the
   * borrower alone (the adversary tests switch the defence off with it: a donor switch then moves
   * an unchanged set's sums by the difference of two people's values).
   */
  borrowers: 'tokens' | 'persons';
  /**
   * How many sets of reduced rows the linear audit may try for one new contributor set before it
   * gives up and withholds that set's cell (safe, deterministic, and counted under linear_audit).
   */
  auditEffort: number;
}

/** The smallest k attune accepts. */
const lowestK = 3;

/**
 * A checked policy: k defaults to 5 and may not go below 3, ε and its cap per person-week (when given) must be positive,
 * every rule is on except those named in `off`, quartiles and shares need 2k contributors
 * unless `quartilesAndSharesFrom` says otherwise (never fewer than k), cells count members, groups re-baseline in batches of k
 * and borrowers are named with their donors.
 */
export function releasePolicy({
  k = 5,
  epsilon = null,
  off = [],
  quartilesAndSharesFrom = 2 * k,
  contributors = 'members',
  epsilonCap = null,
  rosters = 'held',
  borrowers = 'tokens',
}: {
  k?: number;
  epsilon?: number | null;
  epsilonCap?: number | null;
  off?: readonly ReleaseRule[];
  quartilesAndSharesFrom?: number;
  contributors?: ReleasePolicy['contributors'];
  rosters?: ReleasePolicy['rosters'];
  borrowers?: ReleasePolicy['borrowers'];
} = {}): ReleasePolicy {
  if (!Number.isInteger(k) || k < lowestK) {
    throw new Error(`k (minimum distinct contributors per released cell) must be a whole number of at least ${lowestK}; got ${k}`);
  }
  if (epsilon !== null && !(epsilon > 0 && Number.isFinite(epsilon))) throw new Error(`ε must be a positive number; got ${epsilon}`);
  if (epsilonCap !== null && !(epsilonCap > 0 && Number.isFinite(epsilonCap))) throw new Error(`the ε cap per person-week must be a positive number; got ${epsilonCap}`);
  if (!Number.isInteger(quartilesAndSharesFrom) || quartilesAndSharesFrom < k) {
    throw new Error(`quartiles and shares need a whole number of contributors of at least k = ${k}; got ${quartilesAndSharesFrom}`);
  }
  const rules = Object.fromEntries(releaseRules.map((rule) => [rule, !off.includes(rule)])) as Record<ReleaseRule, boolean>;
  return { k, rules, epsilon, epsilonCap, quartilesAndSharesFrom, contributors, rosters, borrowers, auditEffort: 30_000 };
}
