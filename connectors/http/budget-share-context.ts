import { AsyncLocalStorage } from 'node:async_hooks';
import type { BudgetShare, KeyPacing, Pacing } from '../../models/budget-share.ts';

const current = new AsyncLocalStorage<BudgetShare>();

/**
 * Runs `work` so that every rate limiter it goes through paces its apportioned keys (see
 * RateLimiterOptions.apportioned) at `budget.share` of their budgets, in a state of their own
 * that starts from `budget.pacing` (one window later for an unsettled share); returns the work's result and that state afterwards (requests
 * that left the window dropped), for the next fetch of the slot. A copy is paced: `budget` is
 * left as it was.
 */
export async function withBudgetShare<T>(budget: BudgetShare, work: () => Promise<T>, now: () => number = Date.now): Promise<{ result: T; pacing: Pacing }> {
  if (!(budget.share > 0 && budget.share <= 1)) throw new RangeError(`a budget share must be above 0 and at most 1, not ${budget.share}`);
  const pacing: Pacing = structuredClone(budget.pacing);
  const result = await current.run({ ...budget, pacing }, work);
  const at = now();
  for (const key of Object.keys(pacing)) {
    const state = pacing[key] as KeyPacing;
    state.leaving = state.leaving.filter((leaves) => leaves > at);
  }
  return { result, pacing };
}

/** The budget share of the work this call is part of (see withBudgetShare), if any; its pacing is the live state. */
export function currentBudgetShare(): BudgetShare | undefined {
  return current.getStore();
}

