import { createHash } from 'node:crypto';

/** One person's values of one week by metric column; a missing column or a NULL is no value. */
export type ValueRow = Readonly<Record<string, number | null>>;

/** Per-person values of one week by metric column; a missing person or a NULL is no value. */
export type WeekValues = ReadonlyMap<string, ValueRow>;

/**
 * What one metric counts in one week: whose value each counted person enters every cell of theirs
 * with, who has a value of their own, and the row holding each person's latest value. A counted
 * person's value of the metric is `latest.get(source.get(person))[metric]`; the same structure
 * serves every metric whose values are present in the same rows (see sameCountingColumns).
 */
export interface CountedWeek {
  /** Whose value each counted person enters with: themselves, or their donor. */
  source: Map<string, string>;
  own: Set<string>;
  /** Everyone's row with their latest value up to this week, members or not: what a group still counting a leaver counts them with. */
  latest: ReadonlyMap<string, ValueRow>;
}

/** Whether `row` holds a value of `metric`. */
const hasValue = (row: ValueRow | undefined, metric: string) => {
  const v = row?.[metric];
  return v !== null && v !== undefined;
};

/** The first of `candidates` in an order no one without the pseudonyms can predict, stable as long as the candidates are. */
function donorOf(person: string, candidates: readonly string[]): string | undefined {
  const rank = (q: string) => createHash('sha256').update(`attune donor v1|${person}|${q}`).digest('hex');
  return candidates.map((q) => [rank(q), q] as const).reduce<readonly [string, string] | undefined>((a, b) => (a === undefined || b[0] < a[0] ? b : a), undefined)?.[1];
}

const noMembers: ReadonlyMap<string, readonly string[]> = new Map();

/**
 * Each week's membership atoms, by the membership map: every metric of a release reads the same
 * ones. Keyed by the map itself, so a caller must not change a membership map it has passed (a
 * changed one would be read as it was); readers build a new map for each release.
 */
const atomsByMembership = new WeakMap<ReadonlyMap<string, readonly string[]>, ReadonlyMap<string, readonly string[]>>();

/**
 * The atom of every member of `members` (group → its members): everyone in exactly the same
 * groups, in order of first appearance, keyed by person in that order as well.
 */
function membershipAtoms(members: ReadonlyMap<string, readonly string[]>): ReadonlyMap<string, readonly string[]> {
  const known = atomsByMembership.get(members);
  if (known) return known;
  const groupsOf = new Map<string, string[]>();
  for (const [group, people] of members) {
    for (const p of people) (groupsOf.get(p) ?? groupsOf.set(p, []).get(p)!).push(group);
  }
  const atomOf = new Map<string, string[]>();
  const atoms = new Map<string, string[]>();
  for (const [p, groups] of groupsOf) {
    const signature = [...groups].sort().join('\n');
    const atom = atoms.get(signature) ?? atoms.set(signature, []).get(signature)!;
    atom.push(p);
    atomOf.set(p, atom);
  }
  atomsByMembership.set(members, atomOf);
  return atomOf;
}

/**
 * The values one metric counts, week by week, when cells are cut by membership (so that who is
 * absent changes no contributor set, count or suppression, and neither does who opted out or
 * withheld a source wherever that can be hidden): every member of a group is counted, with
 * - their own value of the week, when they have one;
 * - else their latest earlier value (absent: sick, on leave, a quiet week), starting from `carried`;
 * - else (opted out, the metric's source withheld, or no value yet) the value of a donor: a
 *   colleague in exactly the same groups that week (the same atom) with a value of their own or
 *   carried, chosen by a hash of both pseudonyms (stable week to week, and nobody without the
 *   pseudonyms can tell who), so the person's own values enter no number. Only in an atom of at
 *   least `k` people with values: every cell holding a borrowed value then holds at least k
 *   people's values, and since a donor shares all the borrower's cells, no linear combination of
 *   cells reaches a value a donor lent without reaching all of the atom (see docs/privacy.md);
 * - else the member is not counted (their choice then shows as a change of the group's contributors).
 * With `byMembership` false, only people with a value of their own that week are counted (the
 * older "has data" contributors, kept for the adversary tests).
 * `values` must already leave out opted-out people and withheld sources, and so must `carried`.
 */
export function countedValues(
  {
    weeks,
    organisation,
    values,
    carried,
  }: {
    weeks: readonly string[];
    organisation: ReadonlyMap<string, { members: ReadonlyMap<string, readonly string[]> }>;
    values: ReadonlyMap<string, WeekValues>;
    /** Latest values before the first week; `values` may hold weeks between the released ones too. */
    carried?: WeekValues;
  },
  metric: string,
  { byMembership, k }: { byMembership: boolean; k: number },
): Map<string, CountedWeek> {
  const latest = new Map<string, ValueRow>();
  for (const [person, row] of carried ?? []) if (hasValue(row, metric)) latest.set(person, row);
  const counted = new Map<string, CountedWeek>();
  const released = new Set(weeks);
  // Weeks between those released here (released before) still carry their values forward.
  const allWeeks = [...new Set([...weeks, ...values.keys()])].sort();
  for (const [position, week] of allWeeks.entries()) {
    const own = new Set<string>();
    for (const [person, row] of values.get(week) ?? []) {
      if (!hasValue(row, metric)) continue;
      own.add(person);
      latest.set(person, row);
    }
    if (!released.has(week)) continue;
    const source = new Map<string, string>();
    // The last week's latest rows change no more: that week keeps the map itself instead of a copy.
    counted.set(week, { source, own, latest: position === allWeeks.length - 1 ? latest : new Map(latest) });
    if (!byMembership) {
      for (const person of own) source.set(person, person);
      continue;
    }
    const atomOf = membershipAtoms(organisation.get(week)?.members ?? noMembers);
    for (const person of atomOf.keys()) {
      if (latest.has(person)) {
        source.set(person, person);
        continue;
      }
      const lenders = atomOf.get(person)!.filter((q) => latest.has(q));
      const donor = lenders.length >= k ? donorOf(person, lenders) : undefined;
      if (donor !== undefined) source.set(person, donor);
    }
  }
  return counted;
}

/**
 * The metric columns grouped by where their values are: columns whose values are present in
 * exactly the same rows (of `carried` and of every week of `values`) are counted alike by
 * countedValues (the same people, donors and latest rows), so one count serves them all.
 * Each group keeps the order of `columns`.
 */
export function sameCountingColumns({ values, carried }: { values: ReadonlyMap<string, WeekValues>; carried?: WeekValues }, columns: readonly string[]): string[][] {
  let groups = columns.length === 0 ? [] : [[...columns]];
  const rowsOf = [carried ?? new Map<string, ValueRow>(), ...values.values()];
  for (const week of rowsOf) {
    for (const row of week.values()) {
      if (groups.length === columns.length) return groups;
      // Split only a group whose columns disagree on this row.
      if (groups.every((group) => group.every((c) => hasValue(row, c) === hasValue(row, group[0]!)))) continue;
      groups = groups.flatMap((group) => [group.filter((c) => hasValue(row, c)), group.filter((c) => !hasValue(row, c))].filter((part) => part.length > 0));
    }
  }
  return groups;
}
