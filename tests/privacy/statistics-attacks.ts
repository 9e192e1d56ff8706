import type { Knowledge } from './adversary.ts';
import { determined, reducedRows } from './adversary.ts';
import type { AnalystCell } from './release-world.ts';

/** Someone else's value an insider worked out from one cell: the value at a rank of the cell's sorted values (1 = smallest). */
export interface RankLeak {
  insider: string;
  group: string;
  week: string;
  rank: number;
  value: number;
}

/** A person's side of the nudge threshold, as an attack on shares claims it. */
export interface StatusLeak {
  attack: string;
  person: string;
  beyond: boolean;
}

const releasedAfterHours = (cells: readonly AnalystCell[]) => cells.filter((c) => c.status === 'released' && c.metric === 'after_hours_minutes');

/**
 * Attack on order statistics: in a released cell of n contributors with mean and quartiles, the
 * sorted values v1..vn are unknowns; each quartile is a known combination of one or two of them
 * (linear interpolation at q·(n−1)), the mean gives their sum, and an insider adds their own
 * value at their own rank (the worst case: they know where they stand). A rank in a tail (below
 * every rank a quartile draws on, or above) that the system then pins down is an outlying value
 * the quartiles were never to show: with n = 5 and the insider the smallest, the maximum. (Ranks
 * between the quartiles are left out: an insider next to an interpolated quartile always learns
 * their neighbour's value, unattributed, much as everyone learns the middle value of an odd cell.)
 */
export function orderStatistics(cells: readonly AnalystCell[], knowledge: Knowledge, valueOf: (person: string) => number): RankLeak[] {
  return releasedAfterHours(cells).flatMap((cell) => {
    const n = cell.contributors ?? 0;
    const quartiles = [
      [0.25, cell.p25],
      [0.5, cell.median],
      [0.75, cell.p75],
    ] as const;
    if (n === 0 || cell.mean === null || quartiles.some(([, v]) => v === null)) return [];
    const equations: number[][] = quartiles.map(([q, value]) => {
      const position = q * (n - 1);
      const row = new Array<number>(n + 1).fill(0);
      const low = Math.floor(position);
      row[low] = 1 - (position - low);
      if (position > low) row[low + 1] = position - low;
      row[n] = value!;
      return row;
    });
    const drawnOn = equations.flatMap((row) => row.slice(0, n).flatMap((c, r) => (c === 0 ? [] : [r])));
    const inTail = (r: number) => r < Math.min(...drawnOn) || r > Math.max(...drawnOn);
    const members = [...(knowledge.get(cell.week)?.get(cell.group) ?? [])];
    const sorted = members.map(valueOf).sort((a, b) => a - b);
    const sum = [...new Array<number>(n).fill(1), cell.mean * n];
    return members.flatMap((insider) => {
      const rank = sorted.indexOf(valueOf(insider));
      const own = new Array<number>(n + 1).fill(0);
      own[rank] = 1;
      own[n] = valueOf(insider);
      return [...determined(reducedRows([...equations, sum, own], n), n)]
        .filter(([r]) => r !== rank && inTail(r))
        .map(([r, value]) => ({ insider, group: cell.group, week: cell.week, rank: r + 1, value }));
    });
  });
}

/**
 * Attack on shares (homogeneity): a count beyond the threshold (share × contributors) of 0 or of
 * everyone tells every member's side. Tried on every released share, on the difference of two
 * released cells of a week one inside the other, and on a cell minus the released cells inside it
 * that don't overlap (largest first).
 */
export function homogeneity(cells: readonly AnalystCell[], knowledge: Knowledge): StatusLeak[] {
  const rows = releasedAfterHours(cells)
    .filter((c) => c.shareBeyond !== null)
    .map((c) => ({ week: c.week, people: knowledge.get(c.week)?.get(c.group) ?? new Set<string>(), beyond: Math.round(c.shareBeyond! * (c.contributors ?? 0)) }));
  const inside = (small: Set<string>, big: Set<string>) => small.size < big.size && [...small].every((p) => big.has(p));
  const candidates: { attack: string; people: string[]; beyond: number }[] = rows.map((r) => ({ attack: 'homogeneous cell', people: [...r.people], beyond: r.beyond }));
  for (const big of rows) {
    const within = rows.filter((r) => r.week === big.week && inside(r.people, big.people)).sort((a, b) => b.people.size - a.people.size);
    for (const small of within) {
      candidates.push({ attack: 'homogeneous difference', people: [...big.people].filter((p) => !small.people.has(p)), beyond: big.beyond - small.beyond });
    }
    const disjoint: typeof within = [];
    for (const r of within) if (disjoint.every((d) => [...r.people].every((p) => !d.people.has(p)))) disjoint.push(r);
    const covered = new Set(disjoint.flatMap((d) => [...d.people]));
    const rest = [...big.people].filter((p) => !covered.has(p));
    if (disjoint.length > 1 && rest.length > 0) {
      candidates.push({ attack: 'homogeneous residual', people: rest, beyond: big.beyond - disjoint.reduce((s, d) => s + d.beyond, 0) });
    }
  }
  return candidates
    .filter((c) => c.people.length > 0 && (c.beyond === 0 || c.beyond === c.people.length))
    .flatMap((c) => c.people.map((person) => ({ attack: c.attack, person, beyond: c.beyond > 0 })));
}
