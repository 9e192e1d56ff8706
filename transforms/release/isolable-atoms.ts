/** People who are in exactly the same cells, those cells, and (when isolable) the cells of a combination revealing their total. */
export interface Atom {
  members: number[];
  cells: number[];
  /** Indices of the cells with a non-zero coefficient in a combination equal to the atom's total; empty when not isolable. */
  combination: number[];
}

/** Below this, a reduced entry counts as zero (entries start as 0/1; threshold pivoting keeps them tame). */
const tolerance = 1e-9;

/** A sparse row: its entries by column, and (when tracked) its coefficients over the original cells. */
interface SparseRow {
  entries: Map<number, number>;
  origin: Map<number, number> | null;
}

/** `target -= factor × source`, on entries and origins, keeping the column index up to date. */
function subtract(target: SparseRow, targetIndex: number, source: SparseRow, factor: number, rowsOf: Map<number, Set<number>>): void {
  for (const [column, value] of source.entries) {
    const next = (target.entries.get(column) ?? 0) - factor * value;
    if (Math.abs(next) <= tolerance) {
      target.entries.delete(column);
      rowsOf.get(column)?.delete(targetIndex);
    } else {
      if (!target.entries.has(column)) rowsOf.get(column)?.add(targetIndex);
      target.entries.set(column, next);
    }
  }
  if (target.origin && source.origin) {
    for (const [cell, value] of source.origin) {
      const next = (target.origin.get(cell) ?? 0) - factor * value;
      if (Math.abs(next) <= tolerance) target.origin.delete(cell);
      else target.origin.set(cell, next);
    }
  }
}

/**
 * Reduced row echelon form of the cell × atom incidence matrix, by sparse Gauss-Jordan
 * elimination: columns in order of fewest cells first, and among rows with a large enough entry
 * the sparsest as pivot (threshold pivoting), which keeps fill-in low for hierarchies and
 * partitions. Returns the pivot rows by pivot column.
 */
function reduce(atoms: readonly Atom[], cellCount: number, trackOrigin: boolean): Map<number, SparseRow> {
  const rows: SparseRow[] = Array.from({ length: cellCount }, (_, cell) => ({
    entries: new Map<number, number>(),
    origin: trackOrigin ? new Map([[cell, 1]]) : null,
  }));
  const rowsOf = new Map<number, Set<number>>();
  atoms.forEach((atom, column) => {
    rowsOf.set(column, new Set(atom.cells));
    for (const cell of atom.cells) rows[cell]!.entries.set(column, 1);
  });
  const pivots = new Map<number, SparseRow>();
  const used = new Set<number>();
  const order = atoms.map((atom, column) => [column, atom.cells.length] as const).sort((a, b) => a[1] - b[1] || a[0] - b[0]);
  for (const [column] of order) {
    const candidates = [...(rowsOf.get(column) ?? [])].filter((r) => !used.has(r));
    const largest = candidates.reduce((m, r) => Math.max(m, Math.abs(rows[r]!.entries.get(column) ?? 0)), 0);
    if (largest <= tolerance) continue;
    const pivotIndex = candidates
      .filter((r) => Math.abs(rows[r]!.entries.get(column) ?? 0) >= 0.1 * largest)
      .reduce((a, b) => (rows[b]!.entries.size < rows[a]!.entries.size ? b : a));
    const pivot = rows[pivotIndex]!;
    used.add(pivotIndex);
    const scale = pivot.entries.get(column)!;
    for (const [c, v] of pivot.entries) pivot.entries.set(c, v / scale);
    if (pivot.origin) for (const [c, v] of pivot.origin) pivot.origin.set(c, v / scale);
    for (const r of [...(rowsOf.get(column) ?? [])]) {
      if (r !== pivotIndex) subtract(rows[r]!, r, pivot, rows[r]!.entries.get(column) ?? 0, rowsOf);
    }
    pivots.set(column, pivot);
  }
  return pivots;
}

/**
 * The atoms of fewer than `smallerThan` people whose total some linear combination of the cells
 * reveals. Cells are sets of person indices. People in the same cells form an atom; no
 * combination can tell an atom's members apart, so a person is isolable exactly when their atom
 * is a single person whose indicator lies in the row space of the cell × atom incidence matrix.
 * That holds when, in the reduced row echelon form, the atom's column is a pivot and its row has
 * no other non-zero entry. When some atom is isolable, the elimination is repeated tracking the
 * row operations, which gives the revealing combination.
 */
export function isolableAtoms(cells: readonly (readonly number[])[], smallerThan: number): Atom[] {
  const bySignature = new Map<string, Atom>();
  const cellsOf = new Map<number, number[]>();
  cells.forEach((cell, index) => {
    for (const person of cell) {
      const list = cellsOf.get(person);
      if (list) list.push(index);
      else cellsOf.set(person, [index]);
    }
  });
  for (const [person, list] of cellsOf) {
    const signature = list.join(',');
    const atom = bySignature.get(signature);
    if (atom) atom.members.push(person);
    else bySignature.set(signature, { members: [person], cells: list, combination: [] });
  }
  const atoms = [...bySignature.values()];
  const isolable = (pivots: Map<number, SparseRow>) =>
    [...pivots].filter(([column, row]) => atoms[column]!.members.length < smallerThan && row.entries.size === 1);
  if (!atoms.some((a) => a.members.length < smallerThan) || isolable(reduce(atoms, cells.length, false)).length === 0) return [];
  return isolable(reduce(atoms, cells.length, true)).map(([column, row]) => ({
    ...atoms[column]!,
    combination: [...(row.origin ?? [])].filter(([, v]) => Math.abs(v) > tolerance).map(([cell]) => cell).sort((a, b) => a - b),
  }));
}
