/**
 * Where one rate-limiter key's pacing stands, in epoch ms: when its next request is due (the
 * token bucket's theoretical arrival time), until when the server asked it to pause, and when each
 * recent request leaves the sliding window (ascending). Plain numbers, so it can travel in an
 * activity's input and result from one process to the next.
 */
export interface KeyPacing {
  due: number;
  pausedUntil: number;
  leaving: number[];
}

/** The pacing of every apportioned key a budget share has used, by key (e.g. `conversations.history`). */
export type Pacing = Record<string, KeyPacing>;

/**
 * A part of the vendor's app-wide budgets, given to one fetch by the sync that runs it: `share`
 * (0 < share ≤ 1) of every apportioned key's budget, paced on from `pacing`, where the previous
 * fetch of the same slot of the sync left it. The shares a sync has in flight sum to at most 1,
 * so however many processes run its fetches, together they stay within the budget.
 */
export interface BudgetShare {
  share: number;
  pacing: Pacing;
  /**
   * Whether requests the pacing does not show may still be in the vendor's window: the slot's last
   * fetch failed before it could hand its pacing on, or this is a retried attempt of a fetch. Every
   * apportioned key then waits one window before its first request.
   */
  unsettled?: boolean;
}
