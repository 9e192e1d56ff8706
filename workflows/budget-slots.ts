import type { BudgetShare, Pacing } from '../models/budget-share.ts';

/** The slots of a sync's vendor budget: a running fetch holds one, and gives it back with the pacing it leaves. */
export interface BudgetSlots {
  /** A free slot and the budget share that goes with it; there is one as long as no more fetches run than there are slots. */
  take(): { slot: number; budget: BudgetShare };
  /** Frees `slot`; `pacing` (none when the fetch failed: the slot's last known pacing stays) is where its next fetch starts. */
  give(slot: number, pacing: Pacing | undefined): void;
  /** Every slot's pacing, for a sync continuing as new. */
  pacings(): Pacing[];
}

/**
 * The vendor's app-wide budgets split into `count` equal shares, one per fetch a sync runs at
 * once, so the fetches in flight never hold more than the whole budget, in however many
 * processes they run. Each slot's pacing passes from one of its fetches to the next, so the
 * sliding window a slot keeps to spans its fetches; a pause the server asked of one fetch (a
 * learned limit) is handed to every fetch started after it. `carried` continues a sync's slots.
 */
export function createBudgetSlots(count: number, carried: readonly Pacing[] = []): BudgetSlots {
  const pacings: Pacing[] = Array.from({ length: count }, (_, slot) => carried[slot] ?? {});
  const free = pacings.map((_, slot) => slot);
  return {
    take() {
      const slot = free.shift();
      if (slot === undefined) throw new Error(`more than ${count} fetches at once: each needs a budget slot`);
      return { slot, budget: { share: 1 / count, pacing: withLearnedPauses(pacings[slot] as Pacing, pacings) } };
    },
    give(slot, pacing) {
      if (pacing) pacings[slot] = pacing;
      free.push(slot);
    },
    pacings: () => pacings,
  };
}

/** `pacing` with every key's server pause stretched to the longest any of `others` knows of. */
function withLearnedPauses(pacing: Pacing, others: readonly Pacing[]): Pacing {
  // Copied by hand: the workflow sandbox need not offer structuredClone.
  const merged: Pacing = Object.fromEntries(Object.entries(pacing).map(([key, state]) => [key, { ...state, leaving: [...state.leaving] }]));
  for (const other of others) {
    for (const [key, state] of Object.entries(other)) {
      const own = (merged[key] ??= { due: 0, pausedUntil: 0, leaving: [] });
      own.pausedUntil = Math.max(own.pausedUntil, state.pausedUntil);
    }
  }
  return merged;
}
