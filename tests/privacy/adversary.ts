import type { AnalystCell, WorldWeek } from './release-world.ts';

/** A person's value an attack claims to have found, in a week (or over the weeks, for values stable across weeks). */
export interface Recovery {
  attack: string;
  person: string;
  value: number;
}

/** What the adversary knows besides the released cells: who contributes to every group each week (worst case: all of it). */
export type Knowledge = Map<string, Map<string, Set<string>>>;

/**
 * The contributors of every group and week, worked out from the world as an insider with the org
 * chart would: the members with a value who did not opt out, or with `everyMember` every member.
 */
export function insiderKnowledge(world: readonly WorldWeek[], { everyMember = false }: { everyMember?: boolean } = {}): Knowledge {
  const byWeek: Knowledge = new Map();
  for (const w of world) {
    const parent = new Map(w.teams.map((t) => [t.team, t.parent]));
    const groups = new Map<string, Set<string>>();
    const add = (group: string, person: string) => (groups.get(group) ?? groups.set(group, new Set()).get(group)!).add(person);
    const counted = (person: string) => everyMember || (w.values[person] !== undefined && !w.optedOut.includes(person));
    for (const m of w.members) {
      if (!counted(m.person)) continue;
      for (let team: string | null | undefined = m.team; team; team = parent.get(team)) add(team, m.person);
    }
    for (const s of w.segments) if (counted(s.person)) add(`segment:${s.dimension}=${s.value}`, s.person);
    byWeek.set(w.week, groups);
  }
  return byWeek;
}

interface Row {
  week: string;
  group: string;
  people: Set<string>;
  sum: number;
}

/** The released after-hours cells, with the contributors the adversary knows and the sum the mean gives away. */
function releasedRows(cells: readonly AnalystCell[], knowledge: Knowledge): Row[] {
  return cells
    .filter((c) => c.status === 'released' && c.metric === 'after_hours_minutes')
    .map((c) => ({ week: c.week, group: c.group, people: knowledge.get(c.week)?.get(c.group) ?? new Set(), sum: (c.mean ?? 0) * (c.contributors ?? 0) }));
}

const minus = (a: Set<string>, b: Set<string>) => [...a].filter((p) => !b.has(p));

/** Attack: a released cell of one contributor is that person's value. */
export function singlePersonCell(cells: readonly AnalystCell[], knowledge: Knowledge): Recovery[] {
  return releasedRows(cells, knowledge)
    .filter((r) => r.people.size === 1)
    .map((r) => ({ attack: 'single-person cell', person: [...r.people][0]!, value: r.sum }));
}

/** Attack: two released cells of a week, one inside the other, that differ by one person. */
export function nestedDifference(cells: readonly AnalystCell[], knowledge: Knowledge): Recovery[] {
  const rows = releasedRows(cells, knowledge);
  return rows.flatMap((big) =>
    rows
      .filter((small) => small.week === big.week && minus(small.people, big.people).length === 0 && minus(big.people, small.people).length === 1)
      .map((small) => ({ attack: 'nested difference', person: minus(big.people, small.people)[0]!, value: big.sum - small.sum })),
  );
}

/** Attack: a released team minus its released, disjoint sub-teams leaves one person. */
export function parentMinusChildren(cells: readonly AnalystCell[], knowledge: Knowledge, world: readonly WorldWeek[]): Recovery[] {
  const rows = releasedRows(cells, knowledge);
  return rows.flatMap((parent) => {
    const tree = world.find((w) => w.week === parent.week)?.teams ?? [];
    const children = rows.filter((r) => r.week === parent.week && tree.some((t) => t.team === r.group && t.parent === parent.group));
    const covered = new Set(children.flatMap((c) => [...c.people]));
    const disjoint = covered.size === children.reduce((n, c) => n + c.people.size, 0);
    const rest = minus(parent.people, covered);
    if (children.length === 0 || !disjoint || rest.length !== 1) return [];
    return [{ attack: 'parent minus children', person: rest[0]!, value: parent.sum - children.reduce((s, c) => s + c.sum, 0) }];
  });
}

/** Attack: a released cell covering a whole segment dimension minus its released categories leaves one person. */
export function segmentComplement(cells: readonly AnalystCell[], knowledge: Knowledge): Recovery[] {
  const rows = releasedRows(cells, knowledge);
  return rows.flatMap((total) => {
    const dimensions = new Set([...(knowledge.get(total.week)?.keys() ?? [])].filter((g) => g.startsWith('segment:')).map((g) => g.split('=')[0]));
    return [...dimensions].flatMap((dimension) => {
      const categories = [...(knowledge.get(total.week) ?? [])].filter(([g]) => g.split('=')[0] === dimension);
      const everyone = new Set(categories.flatMap(([, people]) => [...people]));
      if (minus(everyone, total.people).length > 0 || minus(total.people, everyone).length > 0) return [];
      const shown = rows.filter((r) => r.week === total.week && r.group.split('=')[0] === dimension);
      const rest = minus(total.people, new Set(shown.flatMap((r) => [...r.people])));
      return rest.length === 1 ? [{ attack: 'segment complement', person: rest[0]!, value: total.sum - shown.reduce((s, r) => s + r.sum, 0) }] : [];
    });
  });
}

/** Attack: one group released in two weeks whose contributors differ by one person (joiner, leaver, opt-out); values are stable. */
export function weekOverWeek(cells: readonly AnalystCell[], knowledge: Knowledge): Recovery[] {
  const rows = releasedRows(cells, knowledge);
  return rows.flatMap((later) =>
    rows
      .filter((earlier) => earlier.group === later.group && earlier.week < later.week)
      .flatMap((earlier) => {
        const joined = minus(later.people, earlier.people);
        const left = minus(earlier.people, later.people);
        if (joined.length + left.length !== 1) return [];
        return joined.length === 1
          ? [{ attack: 'week-over-week difference', person: joined[0]!, value: later.sum - earlier.sum }]
          : [{ attack: 'week-over-week difference', person: left[0]!, value: earlier.sum - later.sum }];
      }),
  );
}

/**
 * Reduced row echelon form of an augmented matrix (`columns` unknowns, then the right-hand side),
 * by Gauss-Jordan elimination with partial pivoting; a row with one unknown left determines it.
 */
export function reducedRows(matrix: readonly (readonly number[])[], columns: number): number[][] {
  const m = matrix.map((r) => [...r]);
  let row = 0;
  for (let col = 0; col < columns && row < m.length; col++) {
    const pivot = m.slice(row).reduce((best, r, i) => (Math.abs(r[col]!) > Math.abs(m[best]![col]!) ? row + i : best), row);
    if (Math.abs(m[pivot]![col]!) < 1e-9) continue;
    [m[row], m[pivot]] = [m[pivot]!, m[row]!];
    const scale = m[row]![col]!;
    m[row] = m[row]!.map((v) => v / scale);
    for (let r = 0; r < m.length; r++) {
      const factor = m[r]![col]!;
      if (r !== row && Math.abs(factor) > 1e-12) m[r] = m[r]!.map((v, c) => v - factor * m[row]![c]!);
    }
    row++;
  }
  return m;
}

/** The unknowns a reduced system pins down: column index → value. */
export function determined(reduced: readonly (readonly number[])[], columns: number): Map<number, number> {
  const found = new Map<number, number>();
  for (const r of reduced) {
    const left = Array.from({ length: columns }, (_, c) => c).filter((c) => Math.abs(r[c]!) > 1e-9);
    if (left.length === 1) found.set(left[0]!, r[columns]! / r[left[0]!]!);
  }
  return found;
}

/**
 * Attack: any linear combination of released cells equal to one person's value. Gaussian
 * elimination over people of [cells | sums]; a reduced row with a single person left gives them away.
 * Per week, or over all weeks at once treating each person's value as the same every week.
 * With `sourceOf`, a member enters a cell with the value of the person it names (a donor's, for
 * someone whose own values are left out): the worst case of an adversary who knows the donors too.
 */
export function linearCombination(
  cells: readonly AnalystCell[],
  knowledge: Knowledge,
  { acrossWeeks, sourceOf = (_week, person) => person }: { acrossWeeks: boolean; sourceOf?: (week: string, person: string) => string },
): Recovery[] {
  const rows = releasedRows(cells, knowledge).map((r) => {
    const weights = new Map<string, number>();
    for (const p of r.people) weights.set(sourceOf(r.week, p), (weights.get(sourceOf(r.week, p)) ?? 0) + 1);
    return { ...r, weights };
  });
  const batches = acrossWeeks ? [rows] : [...new Set(rows.map((r) => r.week))].map((w) => rows.filter((r) => r.week === w));
  return batches.flatMap((batch) => {
    const people = [...new Set(batch.flatMap((r) => [...r.weights.keys()]))].sort();
    const m = batch.map((r) => [...people.map((p) => r.weights.get(p) ?? 0), r.sum]);
    return [...determined(reducedRows(m, people.length), people.length)].map(([c, value]) => ({
      attack: acrossWeeks ? 'combination across weeks' : 'combination of cells',
      person: people[c]!,
      value,
    }));
  });
}

/** Every attack the adversary knows, run on everything released. */
export function allAttacks(cells: readonly AnalystCell[], world: readonly WorldWeek[]): Recovery[] {
  const knowledge = insiderKnowledge(world);
  return [
    ...singlePersonCell(cells, knowledge),
    ...nestedDifference(cells, knowledge),
    ...parentMinusChildren(cells, knowledge, world),
    ...segmentComplement(cells, knowledge),
    ...weekOverWeek(cells, knowledge),
    ...linearCombination(cells, knowledge, { acrossWeeks: false }),
    ...linearCombination(cells, knowledge, { acrossWeeks: true }),
  ];
}
