import type { Knowledge } from './adversary.ts';
import type { AnalystCell } from './release-world.ts';

/**
 * The strongest linear attack, written apart from the release rules' own audit (other arithmetic,
 * other model: people, not atoms; every small set of people tried, not a search): over every
 * released after-hours cell of every week at once (values taken as the same each week, the worst
 * case), does some combination of released sums equal a combination of the values of fewer than
 * k people? One person's value, a pair's sum (which an insider of the pair turns into the other's
 * value), a difference. Exact rational arithmetic in BigInt.
 */

/** A combination of fewer than k people's values the released cells give away. */
export interface SmallCombination {
  /** Each involved person's coefficient, e.g. { p: 1, q: 1 } for v(p) + v(q). */
  coefficients: Record<string, number>;
  value: number;
}

/** An exact rational n/d, d > 0, in lowest terms. */
interface Rational {
  n: bigint;
  d: bigint;
}

const abs = (x: bigint) => (x < 0n ? -x : x);
const gcd = (a: bigint, b: bigint): bigint => {
  let [x, y] = [abs(a), abs(b)];
  while (y) [x, y] = [y, x % y];
  return x;
};
const rational = (n: bigint, d = 1n): Rational => {
  if (n === 0n) return { n: 0n, d: 1n };
  const g = gcd(n, d) * (d < 0n ? -1n : 1n);
  return { n: n / g, d: d / g };
};
const add = (a: Rational, b: Rational) => rational(a.n * b.d + b.n * a.d, a.d * b.d);
const sub = (a: Rational, b: Rational) => rational(a.n * b.d - b.n * a.d, a.d * b.d);
const mul = (a: Rational, b: Rational) => rational(a.n * b.n, a.d * b.d);
const div = (a: Rational, b: Rational) => rational(a.n * b.d, a.d * b.n);
const isZero = (a: Rational) => a.n === 0n;

/** The rank of an integer matrix, exactly. */
export function rankOf(matrix: readonly (readonly number[])[]): number {
  return rref(
    matrix.map((row) => row.map((v) => rational(BigInt(v)))),
    matrix[0]?.length ?? 0,
  ).length;
}

/** Reduced row echelon form of `rows` in place; returns the pivot column of each non-zero row, in order. */
function rref(rows: Rational[][], columns: number): number[] {
  const pivots: number[] = [];
  let r = 0;
  for (let c = 0; c < columns && r < rows.length; c++) {
    const p = rows.findIndex((row, i) => i >= r && !isZero(row[c]!));
    if (p < 0) continue;
    [rows[r], rows[p]] = [rows[p]!, rows[r]!];
    const lead = rows[r]![c]!;
    rows[r] = rows[r]!.map((v) => div(v, lead));
    for (let i = 0; i < rows.length; i++) {
      const f = rows[i]![c]!;
      if (i !== r && !isZero(f)) rows[i] = rows[i]!.map((v, j) => sub(v, mul(f, rows[r]![j]!)));
    }
    pivots.push(c);
    r++;
  }
  return pivots;
}

/** Every subset of 1..`size` elements of `items`. */
function* subsets<T>(items: readonly T[], size: number, from = 0, chosen: T[] = []): Generator<T[]> {
  if (chosen.length > 0) yield chosen;
  if (chosen.length === size) return;
  for (let i = from; i < items.length; i++) yield* subsets(items, size, i + 1, [...chosen, items[i]!]);
}

/**
 * Every combination of fewer than `k` people's values that the released after-hours cells give
 * away, with `sourceOf` mapping a counted person to whose value they enter with (a donor's).
 * For each set S of fewer than k people: the rows of the reduced system whose pivot lies in S
 * are the only ones a combination involving S alone can use; it exists when some non-zero
 * combination of them vanishes on every column outside S.
 */
export function smallCombinations(
  cells: readonly AnalystCell[],
  knowledge: Knowledge,
  { k, sourceOf = (_week, person) => person }: { k: number; sourceOf?: (week: string, person: string) => string },
): SmallCombination[] {
  const released = cells.filter((c) => c.status === 'released' && c.metric === 'after_hours_minutes');
  const weightsOf = released.map((c) => {
    const weights = new Map<string, number>();
    for (const p of knowledge.get(c.week)?.get(c.group) ?? []) weights.set(sourceOf(c.week, p), (weights.get(sourceOf(c.week, p)) ?? 0) + 1);
    return weights;
  });
  const people = [...new Set(weightsOf.flatMap((w) => [...w.keys()]))].sort();
  const rows = released.map((c, i) => [
    ...people.map((p) => rational(BigInt(weightsOf[i]!.get(p) ?? 0))),
    rational(BigInt(Math.round((c.mean ?? 0) * (c.contributors ?? 0)))),
  ]);
  const pivots = rref(rows, people.length);
  const pivotRow = new Map(pivots.map((column, row) => [column, row]));
  const found = new Map<string, SmallCombination>();
  for (const set of subsets(
    people.map((_, i) => i),
    k - 1,
  )) {
    const inSet = new Set(set);
    const usable = set.filter((c) => pivotRow.has(c)).map((c) => rows[pivotRow.get(c)!]!);
    if (usable.length === 0) continue;
    // A left null vector of the usable rows restricted to the columns outside S (and the right-hand side kept along).
    const outside = people.map((_, c) => c).filter((c) => !inSet.has(c));
    const system = usable.map((row, i) => [...outside.map((c) => row[c]!), ...usable.map((_, j) => rational(i === j ? 1n : 0n))]);
    const lead = rref(system, outside.length);
    if (lead.length === usable.length) continue;
    const combo = system[lead.length]!.slice(outside.length);
    const coefficient = (column: number) => usable.reduce((sum, row, i) => add(sum, mul(combo[i]!, row[column]!)), rational(0n));
    const involved = set.map((c) => [people[c]!, coefficient(c)] as const).filter(([, v]) => !isZero(v));
    const rhs = coefficient(people.length);
    // Scaled so the first involved person's coefficient is 1.
    const scale = involved[0]![1];
    const toNumber = (v: Rational) => Number(div(v, scale).n) / Number(div(v, scale).d);
    const entry: SmallCombination = { coefficients: Object.fromEntries(involved.map(([p, v]) => [p, toNumber(v)])), value: toNumber(rhs) };
    found.set(Object.keys(entry.coefficients).join(','), entry);
  }
  return [...found.values()];
}
