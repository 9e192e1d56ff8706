/**
 * The linear audit: would releasing a new contributor set make some linear combination of released
 * sums equal a combination of the values of fewer than k people that was not given away already?
 * Exact, in integer arithmetic.
 *
 * People in exactly the same cells, with the same weight in each (a person listed twice in a
 * cell, a donor whose value a borrower also enters with, weighs 2 there), form an atom; every
 * combination of cells is a combination of atom totals, so what it reveals is a vector over atoms,
 * and it involves the people of the atoms where that vector is not zero. The atoms are those of
 * the cells given so far, split as each arrives (see ReleasedSpan); atoms finer than some cells
 * need change no combination's people, so they hold for any subset of those cells.
 *
 * The released cells' row space V is kept in reduced form (Gauss-Jordan, integer rows kept
 * primitive): each row has a pivot column no other row has, and a row whose pivot is a small atom
 * (fewer than k people) has no entry on a large one. A combination using a row whose pivot is large
 * involves that atom, so k people or more: only the small-pivot rows can take part in a small one.
 *
 * The new sets are decided one at a time, each against V as it stands (what was released, then
 * the new sets admitted before it), with the invariant that V holds no small combination that the
 * released cells alone did not. A new set f, reduced against V's rows to f', adds exactly the
 * combinations c·f' + (a combination of V) with c ≠ 0, and every one of them is new. So:
 * - f' is zero: f adds nothing, it is admitted;
 * - f' has an entry on a large atom: no small-pivot row has that atom to cancel it, so every
 *   combination f adds involves k people or more: admitted;
 * - else a search over connected sets of small-pivot rows that contain f' (the anchor), within a
 *   budget of k − 1 people, finds such a combination or shows there is none (`searchAnchored`).
 * An admitted set joins V as a new reduced row; a revealing one does not, and the sets after it are
 * decided without it. Past its effort bound for one set, or past exact integers, that set is
 * 'undecided' and withheld like a revealing one (always safe).
 */

/** A combination of cells revealing something about fewer than k people. */
export interface RevealingCombination {
  /** The people whose values it involves (fewer than k). */
  people: number[];
  /** Indices of the cells with a non-zero coefficient in it. */
  cells: number[];
}

/** A sparse integer row: entries by column. */
type IntRow = Map<number, number>;

/** Past this, integers are no longer exact in a double; the audit then treats the row as revealing (suppression is always safe). */
const exactLimit = 2 ** 52;

const gcd = (a: number, b: number): number => {
  let [x, y] = [Math.abs(a), Math.abs(b)];
  while (y) [x, y] = [y, x % y];
  return x;
};

/** One reduced row: its entries over atoms and the cells it combines (left empty when the cells are not traced). */
interface ReducedRow {
  entries: IntRow;
  origin: IntRow;
}

/** The search could not decide: it ran out of budget, or its integers outgrew exact arithmetic. */
class Undecided extends Error {
  constructor(why: string) {
    super(`linear audit undecided: ${why}`);
  }
}

/**
 * `row ← a·row − b·source` in place, entry by entry in `source`'s order; `onColumn` hears of each
 * column that appears or vanishes. Throws Undecided at the first entry past exact integers.
 */
function subtractEntries(row: IntRow, a: number, b: number, source: IntRow, onColumn: ((column: number, present: boolean) => void) | null): void {
  if (a !== 1) for (const [c, v] of row) row.set(c, a * v);
  for (const [c, v] of source) {
    const was = row.get(c);
    const next = (was ?? 0) - b * v;
    if (!Number.isSafeInteger(next) || Math.abs(next) > exactLimit) throw new Undecided('coefficients outgrew exact integers');
    if (next === 0) {
      row.delete(c);
      onColumn?.(c, false);
    } else {
      if (was === undefined) onColumn?.(c, true);
      row.set(c, next);
    }
  }
}

/** The gcd of `g` and every value of `row`, stopping at 1 (nothing left to divide). */
function contentOf(row: IntRow, g: number): number {
  for (const v of row.values()) {
    if (g === 1) return 1;
    g = gcd(g, v);
  }
  return g;
}

/** `target ← a·target − b·source` (entries and origins), then divided by the gcd of all its integers. */
function subtractRow(target: ReducedRow, a: number, b: number, source: ReducedRow, onColumn: ((column: number, present: boolean) => void) | null): void {
  subtractEntries(target.entries, a, b, source.entries, onColumn);
  // Untraced rows have empty origins: nothing to scale or subtract.
  if (target.origin.size > 0 || source.origin.size > 0) subtractEntries(target.origin, a, b, source.origin, null);
  const g = contentOf(target.origin, contentOf(target.entries, 0));
  if (g > 1) for (const part of [target.entries, target.origin]) for (const [c, v] of part) part.set(c, v / g);
}

/**
 * A basis of the integer vectors c with c·rows = 0 on every column of `columns` (the left null
 * space of the rows restricted to those columns): empty when the restricted rows are independent,
 * 'inexact' when the integers outgrew exact arithmetic.
 */
function leftNullSpace(rows: readonly IntRow[], columns: readonly number[]): number[][] | 'inexact' {
  const m = rows.map((row, i) => ({ values: columns.map((c) => row.get(c) ?? 0), combo: rows.map((_, j): number => (i === j ? 1 : 0)) }));
  let rank = 0;
  for (let col = 0; col < columns.length && rank < m.length; col++) {
    const p = m.findIndex((r, i) => i >= rank && r.values[col] !== 0);
    if (p < 0) continue;
    [m[rank], m[p]] = [m[p]!, m[rank]!];
    const pivot = m[rank]!;
    for (let i = 0; i < m.length; i++) {
      const b = m[i]!.values[col]!;
      if (i === rank || b === 0) continue;
      const a = pivot.values[col]!;
      const g = gcd(a, b);
      const next = (xs: number[], ys: number[]) => xs.map((x, j) => (a / g) * x - (b / g) * ys[j]!);
      m[i] = { values: next(m[i]!.values, pivot.values), combo: next(m[i]!.combo, pivot.combo) };
      const all = [...m[i]!.values, ...m[i]!.combo];
      if (all.some((v) => Math.abs(v) > exactLimit)) return 'inexact';
      const h = all.reduce(gcd, 0);
      if (h > 1) m[i] = { values: m[i]!.values.map((v) => v / h), combo: m[i]!.combo.map((v) => v / h) };
    }
    rank++;
  }
  return m.slice(rank).map((r) => r.combo);
}

/** A cell's people ascending, each as often as it lists them (a person listed m times weighs m). */
const sortedCell = (cell: readonly number[]) => Float64Array.from(cell).sort();

/** A combination the search found: the rows (the anchor first) and their coefficients. */
interface Combination {
  rows: ReducedRow[];
  coefficients: number[];
}

/** One new cell's verdict: admitted (null), a combination of fewer than k people it adds, or 'undecided'. */
type Verdict = Combination | null | 'undecided';

/**
 * The reduced row space of released cells over their atoms, grown one cell at a time (see the
 * module comment). Each row is keyed by its pivot column; `holders` lists, for every column, the
 * rows with an entry there (a pivot column only its own row); `size` is each atom's people, and a
 * column is small under k.
 *
 * The atoms are those of the cells given so far. A cell splits an atom it lists only some people
 * of, or lists with different weights: the people it takes form a new column, and every row with
 * an entry on the old column gets the same entry on the new one (the rows did not tell them apart),
 * so the rows stay reduced; a pivot atom that falls under k is pivoted again on a large column of
 * its row if it has one, keeping small-pivot rows free of large entries. Finer atoms change no
 * combination's people, so a cell is decided alike whatever cells came before it.
 *
 * `fork` gives a copy to extend (one audit's known and new cells) while this one stays as it is:
 * rows and holder lists are shared and copied by whichever span changes them first.
 */
export class ReleasedSpan {
  private rowsByPivot = new Map<number, ReducedRow>();
  private holdersOf = new Map<number, Set<number>>();
  /** Each person's column, or −1 in no cell yet. */
  private atomOf: number[] = [];
  private size: number[] = [];
  private keys = new Set<string>();
  /** Rows and holder lists this span alone refers to, changed in place; others are copied first. */
  private owned = new WeakSet<object>();
  /** Past exact integers while changing its rows: nothing more can be decided against it. */
  private broken = false;
  /** Cells given so far (released or decided), the next one's index in origins. */
  private cells = 0;

  constructor(
    readonly k: number,
    /** Whether rows carry their cells' coefficients (origin), for `revealingCombination`. */
    private readonly traced = false,
  ) {}

  get rows(): ReadonlyMap<number, ReducedRow> {
    return this.rowsByPivot;
  }

  get holders(): ReadonlyMap<number, ReadonlySet<number>> {
    return this.holdersOf;
  }

  weight(column: number): number {
    return this.size[column]!;
  }

  isSmall(column: number): boolean {
    return this.size[column]! < this.k;
  }

  /** A copy to extend; neither span's changes reach the other. */
  fork(): ReleasedSpan {
    const copy = new ReleasedSpan(this.k, this.traced);
    copy.rowsByPivot = new Map(this.rowsByPivot);
    copy.holdersOf = new Map(this.holdersOf);
    copy.atomOf = this.atomOf.slice();
    copy.size = this.size.slice();
    copy.keys = new Set(this.keys);
    copy.broken = this.broken;
    copy.cells = this.cells;
    // Everything is shared now: both copy before changing.
    this.owned = new WeakSet();
    return copy;
  }

  /** Adds a released cell (a list of person indices): it is public already, so it joins whatever it adds. */
  release(cell: readonly number[]): void {
    const index = this.cells++;
    const sorted = sortedCell(cell);
    // Equal keys, equal cells: one listing exactly whom an earlier one lists adds nothing.
    const key = sorted.join(',');
    if (this.broken || this.keys.has(key)) return;
    this.keys.add(key);
    this.guarded(() => {
      const row = this.rowOf(sorted, index);
      this.reduce(row);
      this.add(row);
    });
  }

  /**
   * Decides a new cell against the span: admitted (null) when it adds no combination of fewer than
   * k people, and then it joins the span; else the combination found, or 'undecided' past
   * `effort` sets of rows or exact integers (after the span itself outgrew them, every cell).
   */
  decide(cell: readonly number[], effort: number): Verdict {
    const index = this.cells++;
    const sorted = sortedCell(cell);
    const key = sorted.join(',');
    if (this.broken) return 'undecided';
    // Listed already: it reduces to zero.
    if (this.keys.has(key)) return null;
    let row: ReducedRow | undefined;
    this.guarded(() => {
      row = this.rowOf(sorted, index);
    });
    if (!row) return 'undecided';
    let verdict: Verdict;
    try {
      this.reduce(row);
      const large = [...row.entries.keys()].some((column) => !this.isSmall(column));
      verdict = row.entries.size === 0 || large ? null : searchAnchored(this, row, effort);
    } catch (error) {
      if (!(error instanceof Undecided)) throw error;
      return 'undecided';
    }
    if (verdict !== null) return verdict;
    const admitted = row;
    this.guarded(() => this.add(admitted));
    if (this.broken) return 'undecided';
    this.keys.add(key);
    return null;
  }

  /** The people of the columns where `combination` is not zero, ascending. */
  peopleOf(combination: Combination): number[] {
    const total = new Map<number, number>();
    combination.rows.forEach((row, j) => {
      for (const [column, v] of row.entries) total.set(column, (total.get(column) ?? 0) + combination.coefficients[j]! * v);
    });
    const involved = new Set([...total].filter(([, v]) => v !== 0).map(([column]) => column));
    return this.atomOf.flatMap((column, person) => (involved.has(column) ? [person] : []));
  }

  /** Runs a change of the span's rows; past exact integers the span is left part-way, so it is marked broken. */
  private guarded(change: () => void): void {
    try {
      change();
    } catch (error) {
      if (!(error instanceof Undecided)) throw error;
      this.broken = true;
    }
  }

  /**
   * Splits the atoms by a cell (its people ascending, see sortedCell), then gives its row: an entry
   * per atom it lists, every person of which it now lists equally often.
   */
  private rowOf(sorted: Float64Array, index: number): ReducedRow {
    // One part per (atom before, weight): weights run 1..sorted.length, and atom −1 is "in no cell yet".
    const parts = new Map<number, { from: number; weight: number; people: number[] }>();
    for (let i = 0; i < sorted.length; ) {
      const person = sorted[i]!;
      const first = i;
      while (i < sorted.length && sorted[i] === person) i++;
      const atom = this.atomOf[person] ?? -1;
      const key = atom * (sorted.length + 1) + (i - first);
      (parts.get(key) ?? parts.set(key, { from: atom, weight: i - first, people: [] }).get(key)!).people.push(person);
    }
    const entries = new Map<number, number>();
    const shrunk = new Set<number>();
    for (const part of parts.values()) entries.set(this.split(part.from, part.people, shrunk), part.weight);
    // A pivot atom now under k with a large entry in its row: that row is pivoted again on one.
    for (const pivot of shrunk) {
      const row = this.rowsByPivot.get(pivot)!;
      if (!this.isSmall(pivot) || ![...row.entries.keys()].some((column) => !this.isSmall(column))) continue;
      this.rowsByPivot.delete(pivot);
      for (const column of row.entries.keys()) this.hold(column, pivot, false);
      this.add(row);
    }
    const row = { entries, origin: this.traced ? new Map([[index, 1]]) : new Map<number, number>() };
    this.owned.add(row);
    return row;
  }

  /**
   * The column of `people`, who were all in atom `from` (−1: in no cell yet): `from` itself when
   * they are all of it, else a new column split from it, which every row with an entry on `from`
   * gets too. Adds `from` to `shrunk` when it is a pivot that lost people.
   */
  private split(from: number, people: readonly number[], shrunk: Set<number>): number {
    if (from >= 0 && people.length === this.size[from]) return from;
    const column = this.size.push(people.length) - 1;
    for (const person of people) this.atomOf[person] = column;
    if (from < 0) return column;
    this.size[from] = this.size[from]! - people.length;
    for (const key of [...(this.holdersOf.get(from) ?? [])]) {
      const row = this.writableRow(key);
      row.entries.set(column, row.entries.get(from)!);
      this.hold(column, key, true);
    }
    if (this.rowsByPivot.has(from)) shrunk.add(from);
    return column;
  }

  /** `row` reduced in place against every row (zero on every pivot column afterwards). */
  private reduce(row: ReducedRow): void {
    for (const column of [...row.entries.keys()]) {
      const pivot = this.rowsByPivot.get(column);
      const b = row.entries.get(column);
      if (!pivot || b === undefined) continue;
      const a = pivot.entries.get(column)!;
      const g = gcd(a, b);
      // A pivot row has no other pivot column: this clears `column` and adds none.
      subtractRow(row, a / g, b / g, pivot, null);
    }
  }

  /**
   * Adds a row of this span's own, already reduced against it, unless it is zero. Its pivot is one
   * of its large columns if it has any (so a small-pivot row never has a large entry), else one of
   * its small ones; of those, the column fewest rows hold (cheapest to clear from them), then the lowest.
   */
  private add(row: ReducedRow): void {
    if (row.entries.size === 0) return;
    const columns = [...row.entries.keys()];
    const large = columns.filter((column) => !this.isSmall(column));
    const holdersOf = (column: number) => this.holdersOf.get(column)?.size ?? 0;
    const pivot = (large.length > 0 ? large : columns).reduce((best, column) =>
      holdersOf(column) < holdersOf(best) || (holdersOf(column) === holdersOf(best) && column < best) ? column : best,
    );
    const a = row.entries.get(pivot)!;
    for (const key of [...(this.holdersOf.get(pivot) ?? [])]) {
      const other = this.writableRow(key);
      const b = other.entries.get(pivot)!;
      const g = gcd(a, b);
      subtractRow(other, a / g, b / g, row, (column, present) => this.hold(column, key, present));
    }
    this.rowsByPivot.set(pivot, row);
    for (const column of columns) this.hold(column, pivot, true);
  }

  /** The row keyed `key`, this span's own to change. */
  private writableRow(key: number): ReducedRow {
    const row = this.rowsByPivot.get(key)!;
    if (this.owned.has(row)) return row;
    const copy = { entries: new Map(row.entries), origin: new Map(row.origin) };
    this.owned.add(copy);
    this.rowsByPivot.set(key, copy);
    return copy;
  }

  private hold(column: number, key: number, present: boolean): void {
    let holders = this.holdersOf.get(column);
    if (!present && !holders) return;
    if (!holders || !this.owned.has(holders)) {
      holders = new Set(holders);
      this.owned.add(holders);
      this.holdersOf.set(column, holders);
    }
    if (present) holders.add(key);
    else holders.delete(key);
  }
}

/**
 * Searches for a combination c·anchor + (a combination of the span's small-pivot rows), c ≠ 0,
 * involving atoms of fewer than k people in all. Such a combination, taken over a set Q of rows with
 * every coefficient non-zero and as few rows as possible, involves the pivots of Q and every column
 * where its rows do not cancel, and Q is connected (rows apart from the anchor's part could be left
 * out). The search branches from {anchor} over states (Q, K): K are columns granted to stay non-zero,
 * and the budget is k − 1 people less Q's pivots and K. Each state is tested exactly: the columns
 * only one row of Q has ("private", they cannot cancel) stay, any shared columns up to the budget may
 * stay, the rest must cancel (a left null vector with a non-zero anchor coefficient). Else a private
 * column c (the one fewest rows outside Q hold) must end up non-zero or be cancelled by a row holding
 * it: the branches are (Q, K + c) and (Q + r, K) for each such row r. With no private column left,
 * Q must grow by a row sharing any of its columns. Every branch spends a person or more of the
 * budget, and a state whose private columns weigh more than the budget is cut unless at most
 * `budget` more rows can cover the excess. Returns the rows and their coefficients (the anchor
 * first), or null; throws Undecided past `effort` states.
 */
function searchAnchored(span: ReleasedSpan, anchor: ReducedRow, effort: number): Combination | null {
  const { k } = span;
  const weight = (column: number) => span.weight(column);
  const anchorKey = -1;
  const rowOf = (key: number) => (key === anchorKey ? anchor : span.rows.get(key)!);
  const freeColumns = (key: number) => [...rowOf(key).entries.keys()].filter((column) => column !== key);
  /** The small-pivot rows outside Q holding `column`. */
  const holdersOutside = (column: number, inQ: ReadonlySet<number>) => [...(span.holders.get(column) ?? [])].filter((key) => !inQ.has(key) && span.isSmall(key));
  const seen = new Set<string>();
  let tried = 0;
  /** Coefficients of a combination over Q with a non-zero anchor coefficient, keeping its private columns and at most `spare` people of its shared ones. */
  const test = (q: readonly number[], shared: readonly number[], spare: number): number[] | null => {
    const rows = q.map((key) => rowOf(key).entries);
    const choose = (from: number, left: number, kept: readonly number[]): number[] | null => {
      const basis = leftNullSpace(
        rows,
        shared.filter((column) => !kept.includes(column)),
      );
      if (basis === 'inexact') throw new Undecided('coefficients outgrew exact integers');
      // Some null vector has a non-zero anchor coefficient exactly when one of a basis does.
      const found = basis.find((c) => c[0] !== 0);
      if (found) return found;
      for (let s = from; s < shared.length; s++) {
        const w = weight(shared[s]!);
        const deeper = w <= left ? choose(s + 1, left - w, [...kept, shared[s]!]) : null;
        if (deeper) return deeper;
      }
      return null;
    };
    return choose(0, spare, []);
  };
  const visit = (q: readonly number[], kept: readonly number[], budget: number): Combination | null => {
    if (budget < 0) return null;
    const key = `${[...q].sort((a, b) => a - b).join(',')}|${[...kept].sort((a, b) => a - b).join(',')}`;
    if (seen.has(key)) return null;
    seen.add(key);
    if (++tried > effort) throw new Undecided(`more than ${effort} sets of rows to try`);
    const isKept = new Set(kept);
    const holding = new Map<number, number>();
    for (const i of q) for (const column of freeColumns(i)) if (!isKept.has(column)) holding.set(column, (holding.get(column) ?? 0) + 1);
    const privateColumns = [...holding.keys()].filter((column) => holding.get(column) === 1);
    const shared = [...holding.keys()].filter((column) => holding.get(column)! > 1);
    const privateWeight = privateColumns.reduce((sum, column) => sum + weight(column), 0);
    if (privateWeight <= budget) {
      const found = test(q, shared, budget - privateWeight);
      if (found) return { rows: q.map(rowOf), coefficients: found };
    }
    if (budget === 0) return null;
    const inQ = new Set(q);
    if (privateColumns.length === 0) {
      // Q must grow, by a row sharing one of its columns (kept ones included).
      const next = new Set<number>();
      for (const i of q) for (const column of freeColumns(i)) for (const other of holdersOutside(column, inQ)) next.add(other);
      for (const other of [...next].sort((a, b) => a - b)) {
        const result = visit([...q, other], kept, budget - weight(other));
        if (result) return result;
      }
      return null;
    }
    const holdersOf = new Map(privateColumns.map((column) => [column, holdersOutside(column, inQ)]));
    if (privateWeight > budget) {
      // At most `budget` more rows (each adds a pivot of one person or more) must together cover the excess.
      const coverage = new Map<number, number>();
      for (const [column, rows] of holdersOf) for (const other of rows) coverage.set(other, (coverage.get(other) ?? 0) + weight(column));
      const best = [...coverage.values()].sort((a, b) => b - a).slice(0, budget);
      if (best.reduce((sum, w) => sum + w, 0) < privateWeight - budget) return null;
    }
    const column = privateColumns.reduce((best, c) => (holdersOf.get(c)!.length < holdersOf.get(best)!.length ? c : best));
    const staying = visit(q, [...kept, column], budget - weight(column));
    if (staying) return staying;
    for (const other of holdersOf.get(column)!.sort((a, b) => a - b)) {
      const result = visit([...q, other], kept, budget - weight(other));
      if (result) return result;
    }
    return null;
  };
  return visit([anchorKey], [], k - 1);
}

/**
 * Which of the cells from index `fixed` on may be released together with those before it (released
 * already: they can't be withdrawn, and the audit answers only for what the new ones add), deciding
 * them in order: true for an admitted cell, false for one that would add a combination involving
 * fewer than `k` people to the cells admitted before it, or that the audit could not decide within
 * `effort` sets of rows or exact integers. No combination of the released and admitted cells then
 * involves fewer than k people unless the released ones alone gave it.
 */
export function admittedCells(cells: readonly (readonly number[])[], k: number, { fixed = 0, effort = 30_000 }: { fixed?: number; effort?: number } = {}): boolean[] {
  const span = new ReleasedSpan(k);
  for (const cell of cells.slice(0, fixed)) span.release(cell);
  return cells.slice(fixed).map((cell) => span.decide(cell, effort) === null);
}

/**
 * One combination of `cells` (lists of person indices, a person listed m times entering with
 * weight m) whose value involves fewer than `k` people and was not already given away by the
 * cells before index `fixed`, or null when there is none; 'undecided' when the audit could not
 * decide a cell (more than `effort` sets of rows, or past exact integers) before finding one.
 */
export function revealingCombination(
  cells: readonly (readonly number[])[],
  k: number,
  { fixed = 0, effort = 30_000 }: { fixed?: number; effort?: number } = {},
): RevealingCombination | null | 'undecided' {
  const span = new ReleasedSpan(k, true);
  for (const cell of cells.slice(0, fixed)) span.release(cell);
  for (const cell of cells.slice(fixed)) {
    const verdict = span.decide(cell, effort);
    if (verdict === null) continue;
    if (verdict === 'undecided') return 'undecided';
    const origin = new Map<number, number>();
    verdict.rows.forEach((row, j) => {
      for (const [index, v] of row.origin) origin.set(index, (origin.get(index) ?? 0) + verdict.coefficients[j]! * v);
    });
    const used = [...origin].filter(([, v]) => v !== 0).map(([index]) => index).sort((a, b) => a - b);
    return { people: span.peopleOf(verdict), cells: used };
  }
  return null;
}
