/**
 * The linear audit: would releasing a new contributor set make some linear combination of released
 * sums equal a combination of the values of fewer than k people that was not given away already?
 * Exact, in integer arithmetic.
 *
 * People in exactly the same cells, with the same weight in each (a person listed twice in a
 * cell, a donor whose value a borrower also enters with, weighs 2 there), form an atom; every
 * combination of cells is a combination of atom totals, so what it reveals is a vector over atoms,
 * and it involves the people of the atoms where that vector is not zero. The atoms are those of
 * every cell the audit is given, released or new, so they hold for any subset of the cells.
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

/**
 * The reduced row space of the released cells, grown one row at a time. Each row is keyed by its
 * pivot column; `holders` lists, for every column, the rows with an entry there (a pivot column
 * only its own row). `weight` of a column is its atom's people; a column is small under k.
 */
class ReleasedSpan {
  readonly rows = new Map<number, ReducedRow>();
  readonly holders = new Map<number, Set<number>>();

  constructor(
    readonly weight: (column: number) => number,
    readonly k: number,
  ) {}

  isSmall(column: number): boolean {
    return this.weight(column) < this.k;
  }

  /** `row` reduced in place against every row (zero on every pivot column afterwards). */
  reduce(row: ReducedRow): void {
    for (const column of [...row.entries.keys()]) {
      const pivot = this.rows.get(column);
      const b = row.entries.get(column);
      if (!pivot || b === undefined) continue;
      const a = pivot.entries.get(column)!;
      const g = gcd(a, b);
      // A pivot row has no other pivot column: this clears `column` and adds none.
      subtractRow(row, a / g, b / g, pivot, null);
    }
  }

  /**
   * Adds a row already reduced against this span, unless it is zero. Its pivot is one of its large
   * columns if it has any (so a small-pivot row never has a large entry), else one of its small ones;
   * of those, the column fewest rows hold (cheapest to clear from them), then the lowest.
   */
  add(row: ReducedRow): void {
    if (row.entries.size === 0) return;
    const columns = [...row.entries.keys()];
    const large = columns.filter((column) => !this.isSmall(column));
    const holdersOf = (column: number) => this.holders.get(column)?.size ?? 0;
    const pivot = (large.length > 0 ? large : columns).reduce((best, column) =>
      holdersOf(column) < holdersOf(best) || (holdersOf(column) === holdersOf(best) && column < best) ? column : best,
    );
    const a = row.entries.get(pivot)!;
    for (const key of [...(this.holders.get(pivot) ?? [])]) {
      const other = this.rows.get(key)!;
      const b = other.entries.get(pivot)!;
      const g = gcd(a, b);
      subtractRow(other, a / g, b / g, row, (column, present) => this.hold(column, key, present));
    }
    this.rows.set(pivot, row);
    for (const column of columns) this.hold(column, pivot, true);
  }

  private hold(column: number, key: number, present: boolean): void {
    if (present) (this.holders.get(column) ?? this.holders.set(column, new Set()).get(column)!).add(key);
    else this.holders.get(column)?.delete(key);
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
function searchAnchored(span: ReleasedSpan, anchor: ReducedRow, effort: number): { rows: ReducedRow[]; coefficients: number[] } | null {
  const { weight, k } = span;
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
  const visit = (q: readonly number[], kept: readonly number[], budget: number): { rows: ReducedRow[]; coefficients: number[] } | null => {
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
 * The atoms of the `kept` cells: people listed in exactly the same cells the same number of times,
 * numbered in order of their first person's first appearance (members in that order too), and
 * each kept cell's entries over them (atom → weight, ascending by atom; null for a cell left out).
 * Classes of people are split cell by cell: two people share a class while every cell so far
 * lists them equally often.
 */
function atomsOf(cells: readonly (readonly number[])[], kept: readonly boolean[]): { members: number[][]; entries: (IntRow | null)[] } {
  const classOf = new Map<number, number>();
  let classes = 0;
  const weightsOf = cells.map((cell, index) => {
    if (!kept[index]) return null;
    const weights = new Map<number, number>();
    for (const person of cell) weights.set(person, (weights.get(person) ?? 0) + 1);
    // One new class per (class before, weight): weights run 1..cell.length, and class −1 is "in no cell yet".
    const split = new Map<number, number>();
    for (const [person, weight] of weights) {
      const key = (classOf.get(person) ?? -1) * (cell.length + 1) + weight;
      const next = split.get(key) ?? split.set(key, classes++).get(key)!;
      classOf.set(person, next);
    }
    return weights;
  });
  const columnOf = new Map<number, number>();
  const members: number[][] = [];
  for (const [person, atom] of classOf) {
    const column = columnOf.get(atom) ?? columnOf.set(atom, members.push([]) - 1).get(atom)!;
    members[column]!.push(person);
  }
  const entries = weightsOf.map((weights) => {
    if (!weights) return null;
    const byColumn = new Map<number, number>();
    for (const [person, weight] of weights) byColumn.set(columnOf.get(classOf.get(person)!)!, weight);
    return new Map([...byColumn].sort(([a], [b]) => a - b));
  });
  return { members, entries };
}

/** One fresh set's verdict: admitted (null), the new combination of fewer than k people it adds, or 'undecided'. */
type Verdict = { people: number[]; origin: IntRow } | null | 'undecided';

/**
 * Decides the cells from index `fixed` on one at a time, in order, each against the cells before
 * `fixed` (released already) and the fresh ones admitted before it (see the module comment).
 * `cells` are lists of person indices, a person listed m times entering with weight m. With
 * `traced`, a combination's `origin` gives each cell's coefficient; else it is empty.
 */
function* freshVerdicts(cells: readonly (readonly number[])[], k: number, fixed: number, effort: number, traced: boolean): Generator<Verdict> {
  // A cell before `fixed` listing exactly whom an earlier one lists (a group released again
  // unchanged, the same set in two groups) adds nothing and splits no atom: it is left out.
  const keyOf = (cell: readonly number[]) => [...cell].sort((a, b) => a - b).join(',');
  const inSpan = new Set<string>();
  const kept = cells.map((cell, index) => {
    if (index >= fixed) return true;
    const key = keyOf(cell);
    if (inSpan.has(key)) return false;
    inSpan.add(key);
    return true;
  });
  const atoms = atomsOf(cells, kept);
  const rows = atoms.entries.map((entries, cell): ReducedRow => ({ entries: entries ?? new Map(), origin: traced ? new Map([[cell, 1]]) : new Map() }));
  const span = new ReleasedSpan((column) => atoms.members[column]!.length, k);
  try {
    for (const [cell, row] of rows.slice(0, fixed).entries()) {
      if (!kept[cell]) continue;
      span.reduce(row);
      span.add(row);
    }
  } catch (error) {
    if (!(error instanceof Undecided)) throw error;
    for (let i = fixed; i < cells.length; i++) yield 'undecided';
    return;
  }
  for (const [offset, row] of rows.slice(fixed).entries()) {
    let verdict: Verdict;
    // Already in the span: it reduces to zero.
    const key = keyOf(cells[fixed + offset]!);
    if (inSpan.has(key)) {
      yield null;
      continue;
    }
    try {
      span.reduce(row);
      const large = [...row.entries.keys()].some((column) => !span.isSmall(column));
      const found = row.entries.size === 0 || large ? null : searchAnchored(span, row, effort);
      if (found) {
        const total = new Map<number, number>();
        const origin = new Map<number, number>();
        found.rows.forEach((r, j) => {
          for (const [column, v] of r.entries) total.set(column, (total.get(column) ?? 0) + found.coefficients[j]! * v);
          for (const [cell, v] of r.origin) origin.set(cell, (origin.get(cell) ?? 0) + found.coefficients[j]! * v);
        });
        const people = [...total].filter(([, v]) => v !== 0).flatMap(([column]) => atoms.members[column]!);
        verdict = { people: people.sort((a, b) => a - b), origin };
      } else {
        verdict = null;
      }
    } catch (error) {
      if (!(error instanceof Undecided)) throw error;
      verdict = 'undecided';
    }
    if (verdict === null) {
      try {
        span.add(row);
      } catch (error) {
        if (!(error instanceof Undecided)) throw error;
        // Adding rewrites the span's rows in place: one that outgrew exact integers part-way leaves
        // a span that is no longer what was released, so nothing after it can be decided.
        for (let i = fixed + offset; i < cells.length; i++) yield 'undecided';
        return;
      }
      inSpan.add(key);
    }
    yield verdict;
  }
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
  return [...freshVerdicts(cells, k, fixed, effort, false)].map((verdict) => verdict === null);
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
  for (const verdict of freshVerdicts(cells, k, fixed, effort, true)) {
    if (verdict === null) continue;
    if (verdict === 'undecided') return 'undecided';
    const used = [...verdict.origin].filter(([, v]) => v !== 0).map(([cell]) => cell).sort((a, b) => a - b);
    return { people: verdict.people, cells: used };
  }
  return null;
}
