/** One released cell's claim on the privacy budget: its week and the members whose values it uses. */
export interface BudgetClaim {
  week: string;
  members: readonly string[];
}

/** The ε each released cell may spend, and the most any one person spends in a week over all their cells and metrics. */
export interface EpsilonAllocation {
  perCell: number[];
  maxPerPerson: number;
}

/**
 * Splits the privacy budget of a release: each cell spends at most `epsilon`, and with a `cap`
 * no person's values are used with more than `cap` in one week over all their cells and metrics.
 * A cell gets min(ε, cap / L), where L is the largest number of released cells any of its members
 * is in that week, so every member's total Σ ε over their L' ≤ L cells stays ≤ cap; the loads
 * count memberships only (absent and opted-out members included, as cells count them), so the ε
 * a cell publishes says nothing about who is absent or opted out. A member's value used more
 * than once in a cell (a donor's) is covered by that cell's noise sensitivity, not by its ε.
 */
export function allocateEpsilon(claims: readonly BudgetClaim[], epsilon: number, cap: number | null): EpsilonAllocation {
  const load = new Map<string, number>();
  const key = (week: string, person: string) => `${week}\n${person}`;
  for (const claim of claims) for (const p of new Set(claim.members)) load.set(key(claim.week, p), (load.get(key(claim.week, p)) ?? 0) + 1);
  const perCell = claims.map((claim) => {
    const most = claim.members.reduce((m, p) => Math.max(m, load.get(key(claim.week, p)) ?? 0), 0);
    return cap === null || most === 0 ? epsilon : Math.min(epsilon, cap / most);
  });
  const spent = new Map<string, number>();
  claims.forEach((claim, i) => {
    for (const p of new Set(claim.members)) spent.set(key(claim.week, p), (spent.get(key(claim.week, p)) ?? 0) + perCell[i]!);
  });
  return { perCell, maxPerPerson: [...spent.values()].reduce((a, b) => Math.max(a, b), 0) };
}
