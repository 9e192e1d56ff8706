/**
 * The linear audit: does any linear combination of released sums equal a combination of the
 * values of fewer than k people? Exact, in integer arithmetic.
 *
 * People in exactly the same cells, with the same weight in each (a person listed twice in a
 * cell, a donor whose value a borrower also enters with, weighs 2 there), form an atom; every
 * combination of cells is a combination of atom totals, so what it reveals is a vector over atoms, and it involves the people of the atoms
 * where that vector is not zero. The cells' row space is reduced (Gauss-Jordan, integer rows kept
 * primitive) with the atoms of k or more people first: then the rows whose pivot is a small atom
 * span exactly the combinations that involve small atoms only, the only ones that can involve
 * fewer than k people. Among those, a search over connected sets of rows finds any combination
 * involving fewer than k people (see `searchSmallCombination`).
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

/** One reduced row: its entries over atoms and the cells it combines. */
interface ReducedRow {
  entries: IntRow;
  origin: IntRow;
}

/** `target ← a·target − b·source` (entries and origins), then divided by the gcd of all its integers. */
function subtractRow(target: ReducedRow, a: number, b: number, source: ReducedRow, onColumn: (column: number, present: boolean) => void): void {
  for (const part of ['entries', 'origin'] as const) {
    const row = target[part];
    if (a !== 1) for (const [c, v] of row) row.set(c, a * v);
    for (const [c, v] of source[part]) {
      const next = (row.get(c) ?? 0) - b * v;
      if (!Number.isSafeInteger(next) || Math.abs(next) > exactLimit) throw new Undecided('coefficients outgrew exact integers');
      if (next === 0) {
        row.delete(c);
        if (part === 'entries') onColumn(c, false);
      } else {
        if (part === 'entries' && !row.has(c)) onColumn(c, true);
        row.set(c, next);
      }
    }
  }
  let g = 0;
  for (const part of [target.entries, target.origin]) for (const v of part.values()) g = gcd(g, v);
  if (g > 1) for (const part of [target.entries, target.origin]) for (const [c, v] of part) part.set(c, v / g);
}

/**
 * Gauss-Jordan elimination of the cell × atom weight matrix in integer arithmetic, columns in
 * `order`; among the rows with an entry in a column, the sparsest is its pivot. Returns each pivot
 * row by its pivot column, in pivot order.
 */
function reduce(atomCells: readonly ReadonlyMap<number, number>[], cellCount: number, order: readonly number[]): Map<number, ReducedRow> {
  const rows: ReducedRow[] = Array.from({ length: cellCount }, (_, cell) => ({ entries: new Map(), origin: new Map([[cell, 1]]) }));
  const rowsOf = new Map<number, Set<number>>();
  atomCells.forEach((cells, column) => {
    rowsOf.set(column, new Set(cells.keys()));
    for (const [cell, weight] of cells) rows[cell]!.entries.set(column, weight);
  });
  const pivots = new Map<number, ReducedRow>();
  const used = new Set<number>();
  for (const column of order) {
    const holders = [...(rowsOf.get(column) ?? [])];
    const candidates = holders.filter((r) => !used.has(r));
    if (candidates.length === 0) continue;
    const pivotIndex = candidates.reduce((a, b) => (rows[b]!.entries.size < rows[a]!.entries.size ? b : a));
    const pivot = rows[pivotIndex]!;
    used.add(pivotIndex);
    const a = pivot.entries.get(column)!;
    for (const r of holders) {
      if (r === pivotIndex) continue;
      const b = rows[r]!.entries.get(column)!;
      const g = gcd(a, b);
      subtractRow(rows[r]!, a / g, b / g, pivot, (c, present) => (present ? rowsOf.get(c)?.add(r) : rowsOf.get(c)?.delete(r)));
    }
    pivots.set(column, pivot);
  }
  return pivots;
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

/** The search could not decide: it ran out of budget, or its integers outgrew exact arithmetic. */
class Undecided extends Error {
  constructor(why: string) {
    super(`linear audit undecided: ${why}`);
  }
}

/**
 * Searches the rows whose pivot is a small atom (`rows`, each with its pivot column) for a
 * combination involving atoms of fewer than `k` people in total (`weight` of a column = its
 * atom's people). A combination is c·rows over a set Q of rows with every c ≠ 0 (smaller sets
 * are searched on their own): it involves the pivots of Q and every column where the rows don't
 * cancel. A column that only one row of Q has ("private") can't cancel, so while Q's private
 * columns weigh more than its budget, the next row must share one of them; and a set whose rows
 * share no column falls apart into smaller combinations. So only connected sets are grown, and
 * each is tested exactly: the private columns are kept, any shared columns up to the budget are
 * allowed to stay, and the rest must cancel (a left null vector). Returns the cells' coefficients
 * of the first new combination found (`isNew`, false exactly on a subspace: what was released
 * already); throws Undecided past `effort` sets tried or past exact integers.
 */
function searchSmallCombination(
  rows: readonly { pivot: number; row: ReducedRow }[],
  weight: (column: number) => number,
  k: number,
  isNew: (vector: IntRow) => boolean,
  effort: number,
): Map<number, number> | null {
  // Each row's free columns (all but its pivot, which no other row has), in the row's order, and
  // the rows holding each column; flat arrays, as the search reads them for every set it grows.
  const free = rows.map(({ pivot, row }) => [...row.entries.keys()].filter((column) => column !== pivot));
  const columnCount = 1 + free.reduce((most, columns) => columns.reduce((m, column) => Math.max(m, column), most), -1);
  const holders: number[][] = Array.from({ length: columnCount }, () => []);
  free.forEach((columns, i) => {
    for (const column of columns) holders[column]!.push(i);
  });
  // Scratch marks, left all zero between uses: how many rows of Q hold a column, whether a row is in Q or reached from it, and its coverage.
  const rowsHolding = new Int32Array(columnCount);
  const weights = Int32Array.from({ length: columnCount }, (_, column) => weight(column));
  const inQ = new Uint8Array(rows.length);
  const isReached = new Uint8Array(rows.length);
  const coverage = new Int32Array(rows.length);
  const seen = new Set<string>();
  let tried = 0;
  const sumOf = (q: readonly number[], c: readonly number[], part: 'entries' | 'origin') => {
    const total: IntRow = new Map();
    q.forEach((i, j) => {
      for (const [column, v] of rows[i]!.row[part]) total.set(column, (total.get(column) ?? 0) + c[j]! * v);
    });
    for (const [column, v] of total) if (v === 0) total.delete(column);
    return total;
  };
  const weightOf = (columns: Iterable<number>) => [...columns].reduce((sum, column) => sum + weight(column), 0);
  /** Coefficients of a new combination over Q within the budget, if there is one. */
  const test = (q: readonly number[], privateWeight: number, shared: readonly number[], budget: number): number[] | null => {
    if (privateWeight > budget) return null;
    // Every choice of shared columns (of at most the spare weight in all) allowed to stay non-zero.
    const choose = (from: number, left: number, kept: readonly number[]): number[] | null => {
      // Every c of the null space involves no more than Q's pivots, its private columns and those kept: fewer than k people.
      // Some c gives a new combination exactly when some vector of a basis does.
      const basis = leftNullSpace(
        q.map((i) => rows[i]!.row.entries),
        shared.filter((column) => !kept.includes(column)),
      );
      if (basis === 'inexact') throw new Undecided('coefficients outgrew exact integers');
      const fresh = basis.find((c) => isNew(sumOf(q, c, 'entries')));
      if (fresh) return fresh;
      for (let s = from; s < shared.length; s++) {
        const w = weight(shared[s]!);
        const deeper = w <= left ? choose(s + 1, left - w, [...kept, shared[s]!]) : null;
        if (deeper) return deeper;
      }
      return null;
    };
    return choose(0, budget - privateWeight, []);
  };
  // A row whose vector was released already (isNew is false exactly on a subspace: the released row
  // space), and so is every combination of such rows: a set of them alone needs no test. A row
  // whose check outgrows exact integers counts as new, so its sets are tested as before.
  const renews = rows.map(({ row }) => {
    try {
      return isNew(row.entries);
    } catch (error) {
      if (error instanceof Undecided) return true;
      throw error;
    }
  });
  // What it costs at least (people of the pivots of the rows added) to grow a set holding a row
  // to one holding a renewing row: every row grown by shares a free column with one already in,
  // so it is the cheapest path to a renewing row through rows sharing columns. A set that can't
  // afford it can only grow into sets of old rows, where nothing new is found: it is not visited.
  const toRenewing = rows.map((_, i) => (renews[i] ? 0 : Infinity));
  const queue = rows.map((_, i) => i).filter((i) => renews[i]);
  while (queue.length > 0) {
    const u = queue.shift()!;
    const through = toRenewing[u]! + weight(rows[u]!.pivot);
    for (const column of free[u]!) {
      for (const v of holders[column]!) {
        if (through >= toRenewing[v]!) continue;
        toRenewing[v] = through;
        queue.push(v);
      }
    }
  }
  /** Visits Q (of `budget` people left after its pivots' atoms) once: tests it, then grows it by each connected row that fits the budget, lowest first. */
  const grow = (q: readonly number[], budget: number): Map<number, number> | null => {
    if (++tried > effort) throw new Undecided(`more than ${effort} sets of rows to try`);
    // Q's free columns in the order its rows first have them, split by how many rows of Q have each: one (private) or more (shared).
    const covered: number[] = [];
    for (const i of q) for (const column of free[i]!) if (rowsHolding[column]!++ === 0) covered.push(column);
    const privateColumns = covered.filter((column) => rowsHolding[column] === 1);
    const shared = covered.filter((column) => rowsHolding[column]! > 1);
    for (const column of covered) rowsHolding[column] = 0;
    const privateWeight = weightOf(privateColumns);
    const found = q.some((i) => renews[i]) ? test(q, privateWeight, shared, budget) : null;
    if (found) return sumOf(q, found, 'origin');
    if (budget === 0) return null;
    const excess = privateWeight - budget;
    for (const i of q) inQ[i] = 1;
    // The rows Q can grow by: those sharing a private column with it while they weigh more than
    // the budget (with how much of them each covers), else those sharing any of its columns.
    const reached: number[] = [];
    for (const column of excess > 0 ? privateColumns : covered) {
      for (const i of holders[column]!) {
        if (inQ[i]) continue;
        if (excess > 0) coverage[i]! += weights[column]!;
        if (isReached[i]) continue;
        isReached[i] = 1;
        reached.push(i);
      }
    }
    for (const i of reached) isReached[i] = 0;
    let enough = true;
    if (excess > 0) {
      // At most `budget` more rows (each adds a pivot of one person or more) must together have that much of Q's private columns.
      const best: number[] = []; // the `budget` largest coverages, largest first
      for (const i of reached) {
        const covers = coverage[i]!;
        coverage[i] = 0;
        if (best.length === budget && covers <= best[budget - 1]!) continue;
        let at = best.length;
        while (at > 0 && best[at - 1]! < covers) at--;
        best.splice(at, 0, covers);
        if (best.length > budget) best.pop();
      }
      enough = best.reduce((sum, w) => sum + w, 0) >= excess;
    }
    for (const i of q) inQ[i] = 0;
    if (!enough) return null;
    for (const i of reached.sort((x, y) => x - y)) {
      const result = visit([...q, i], budget - weight(rows[i]!.pivot));
      if (result) return result;
    }
    return null;
  };
  /** Grows Q unless its pivots alone exceed the budget, it can't reach a renewing row within it, or it was visited (in any order of its rows). */
  const visit = (q: readonly number[], budget: number): Map<number, number> | null => {
    const key = [...q].sort((a, b) => a - b).join(',');
    if (budget < 0 || Math.min(...q.map((i) => toRenewing[i]!)) > budget || seen.has(key)) return null;
    seen.add(key);
    return grow(q, budget);
  };
  for (let i = 0; i < rows.length; i++) {
    const result = visit([i], k - 1 - weight(rows[i]!.pivot));
    if (result) return result;
  }
  return null;
}

/** Whether `vector` lies in the row space of the reduced rows `pivots` (by pivot column), exactly. */
function inRowSpace(vector: IntRow, pivots: ReadonlyMap<number, ReducedRow>): boolean {
  const rest: ReducedRow = { entries: new Map(vector), origin: new Map() };
  for (;;) {
    const column = [...rest.entries.keys()].find((c) => pivots.has(c));
    if (column === undefined) return rest.entries.size === 0;
    const pivot = pivots.get(column)!;
    const a = pivot.entries.get(column)!;
    const b = rest.entries.get(column)!;
    const g = gcd(a, b);
    subtractRow(rest, a / g, b / g, pivot, () => {});
  }
}

/**
 * One combination of `cells` (lists of person indices, a person listed m times entering with
 * weight m) whose value involves fewer than `k` people
 * and was not already given away by the cells before index `fixed` (released already: they can't
 * be withdrawn, and the audit answers only for what the new ones add), or null when there is none;
 * 'undecided' when the search tried more than `effort` sets of rows or went past exact integers
 * (the caller then withholds every new cell, which is always safe).
 */
export function revealingCombination(
  cells: readonly (readonly number[])[],
  k: number,
  { fixed = 0, effort = 30_000 }: { fixed?: number; effort?: number } = {},
): RevealingCombination | null | 'undecided' {
  const bySignature = new Map<string, { members: number[]; cells: Map<number, number> }>();
  const cellsOf = new Map<number, Map<number, number>>();
  cells.forEach((cell, index) => {
    for (const person of cell) {
      const weights = cellsOf.get(person) ?? cellsOf.set(person, new Map()).get(person)!;
      weights.set(index, (weights.get(index) ?? 0) + 1);
    }
  });
  for (const [person, weights] of cellsOf) {
    const signature = [...weights].map(([cell, weight]) => `${cell}x${weight}`).join(',');
    const atom = bySignature.get(signature) ?? bySignature.set(signature, { members: [], cells: weights }).get(signature)!;
    atom.members.push(person);
  }
  const atoms = [...bySignature.values()];
  const small = (column: number) => atoms[column]!.members.length < k;
  if (!atoms.some((_, column) => small(column))) return null;
  // Atoms of k or more first, so rows pivoting on a small atom have no entry on any large one; then fewest cells first, for sparsity.
  const order = atoms
    .map((atom, column) => [column, atom.cells.size] as const)
    .sort((a, b) => Number(small(a[0])) - Number(small(b[0])) || a[1] - b[1] || a[0] - b[0])
    .map(([column]) => column);
  let combination: Map<number, number> | null;
  try {
    const pivots = reduce(
      atoms.map((atom) => atom.cells),
      cells.length,
      order,
    );
    const smallRows = [...pivots].filter(([column]) => small(column)).map(([pivot, row]) => ({ pivot, row }));
    const released =
      fixed === 0
        ? null
        : reduce(
            atoms.map((atom) => new Map([...atom.cells].filter(([cell]) => cell < fixed))),
            fixed,
            order,
          );
    combination = searchSmallCombination(smallRows, (column) => atoms[column]!.members.length, k, (vector) => released === null || !inRowSpace(vector, released), effort);
  } catch (error) {
    if (error instanceof Undecided) return 'undecided';
    throw error;
  }
  if (!combination) return null;
  const used = [...combination].filter(([, v]) => v !== 0).map(([cell]) => cell).sort((a, b) => a - b);
  const total = new Map<number, number>();
  for (const cell of used) for (const person of cells[cell]!) total.set(person, (total.get(person) ?? 0) + combination.get(cell)!);
  return { people: [...total].filter(([, v]) => v !== 0).map(([p]) => p).sort((a, b) => a - b), cells: used };
}
