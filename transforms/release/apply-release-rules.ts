import { memberOfToken, sourceOfToken } from './contributor-token.ts';
import type { OrgGroup } from './org-group.ts';
import type { ReleasedHistory } from './released-history.ts';
import type { ReleasePolicy, ReleaseRule } from './release-policy.ts';

/** Appends `value` to the list under `key`. */
function pushTo<K>(map: Map<K, number[]>, key: K, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** One candidate cell of a layer (one week, one metric): its group and its distinct contributors (tokens, see contributor-token.ts). */
export interface LayerCell extends OrgGroup {
  contributors: readonly string[];
}

/**
 * Decides, for one layer (one week × one metric), which cells may be released: the rule that
 * suppressed each cell, or null for a released cell. `previous` holds each group's contributors
 * at its last release of this metric; `history`, every contributor set released for the metric in
 * earlier weeks (already public, so the audit counts them in but cannot withdraw them).
 * The rules, in order, then repeated until none changes anything:
 * - min_contributors: fewer than k contributors (a cell without contributors is always suppressed);
 * - time_differencing: the contributors differ from those of the group's last release by 1..k−1
 *   people (symmetric difference), so the two releases would reveal them; the cell is suppressed (no carry-forward);
 * - segment_cut: a category of a segment dimension with contributors is suppressed, so all its categories are;
 * - overlap: two released cells sharing people where the people in one but not the other number 1..k−1:
 *   the smaller cell (fewer contributors, then group id) is suppressed;
 * - secondary: a released team whose contributors not covered by its released sub-teams number
 *   1..k−1 (a suppressed child, or a few direct members): its smallest released sub-team is suppressed, until that holds;
 * - linear_audit (once, after the others settle): this week's cells with a new contributor set are
 *   decided one at a time, largest first; one is suppressed when, with the earlier sets and this
 *   week's cells released or admitted before it, some linear combination involves the values of
 *   fewer than k people (one person's, a pair's sum or difference, any combination) that the
 *   earlier sets alone did not give, treating each person's value as the same in every week (the
 *   worst case for differencing across weeks) and counting each contributor as whose value they
 *   enter with (`sourceOf` this week, the token's for earlier sets: a donor lending to one colleague
 *   counts twice); see ReleasedSpan.decide. A set the audit cannot decide is suppressed too.
 */
export function applyReleaseRules(
  cells: readonly LayerCell[],
  policy: ReleasePolicy,
  {
    previous,
    history,
    sourceOf = sourceOfToken,
  }: { previous: ReadonlyMap<string, readonly string[]>; history: ReleasedHistory; sourceOf?: (token: string) => string },
): Map<string, ReleaseRule | null> {
  const { k, rules } = policy;
  const index = new Map<string, number>();
  const indexOf = (p: string) => index.get(p) ?? index.set(p, index.size).get(p)!;
  const sets = cells.map((cell) => [...new Set(cell.contributors)].map(indexOf));
  // Who each cell counts, whoever's value they enter with: what every rule but the audit compares (the audit sees the values).
  const memberSets = cells.map((cell) => [...new Set(cell.contributors.map(memberOfToken))].map(indexOf));
  // What the audit solves over: whose values each cell sums, a value lent to a colleague as often as it enters.
  const valueSets = cells.map((cell) => [...new Set(cell.contributors)].map((t) => history.indexOfSource(sourceOf(t))));
  const size = sets.map((s) => s.length);
  const reason: (ReleaseRule | null)[] = cells.map(() => null);
  const released = (i: number) => reason[i] === null;
  const smaller = (a: number, b: number) => (size[a]! !== size[b]! ? size[a]! < size[b]! : cells[a]!.group < cells[b]!.group);
  const suppress = (i: number, rule: ReleaseRule) => {
    if (!released(i)) return false;
    reason[i] = rule;
    return true;
  };
  const inRange = (n: number) => n > 0 && n < k;

  cells.forEach((cell, i) => {
    if (size[i] === 0 || (rules.min_contributors && size[i]! < k)) suppress(i, 'min_contributors');
    const before = previous.get(cell.group);
    if (rules.time_differencing && before) {
      const now = new Set(cell.contributors.map(memberOfToken));
      const was = new Set(before.map(memberOfToken));
      const changed = [...now].filter((p) => !was.has(p)).length + [...was].filter((p) => !now.has(p)).length;
      if (inRange(changed)) suppress(i, 'time_differencing');
    }
  });

  const segmentCut = () => {
    let changed = false;
    const byDimension = new Map<string, number[]>();
    cells.forEach((cell, i) => {
      if (cell.kind === 'segment' && cell.dimension !== null && size[i]! > 0) pushTo(byDimension, cell.dimension, i);
    });
    for (const categories of byDimension.values()) {
      if (categories.some((i) => !released(i))) for (const i of categories) changed = suppress(i, 'segment_cut') || changed;
    }
    return changed;
  };

  const overlap = () => {
    const cellsOf = new Map<number, number[]>();
    memberSets.forEach((set, i) => {
      if (released(i)) for (const p of set) pushTo(cellsOf, p, i);
    });
    const shared = new Map<number, number>();
    for (const list of cellsOf.values()) {
      for (let a = 0; a < list.length; a++) for (let b = a + 1; b < list.length; b++) {
        const key = list[a]! * cells.length + list[b]!;
        shared.set(key, (shared.get(key) ?? 0) + 1);
      }
    }
    const conflicts = [...shared]
      .map(([key, common]) => [Math.floor(key / cells.length), key % cells.length, common] as const)
      .filter(([a, b, common]) => inRange(size[a]! - common) || inRange(size[b]! - common))
      .map(([a, b]) => (smaller(a, b) ? [a, b] : [b, a]))
      .sort(([a1, b1], [a2, b2]) => (a1 !== a2 ? (smaller(a1!, a2!) ? -1 : 1) : b1! - b2!));
    let changed = false;
    for (const [small, large] of conflicts) if (released(small!) && released(large!)) changed = suppress(small!, 'overlap') || changed;
    return changed;
  };

  const secondary = () => {
    let changed = false;
    const children = new Map<string, number[]>();
    cells.forEach((cell, i) => {
      if (cell.kind === 'team' && cell.parent !== null) pushTo(children, cell.parent, i);
    });
    cells.forEach((cell, parent) => {
      const kids = children.get(cell.group);
      if (!kids) return;
      for (;;) {
        if (!released(parent)) return;
        const visible = kids.filter(released);
        const covered = new Set(visible.flatMap((i) => memberSets[i]!));
        const residual = memberSets[parent]!.filter((p) => !covered.has(p)).length;
        if (!inRange(residual) || visible.length === 0) return;
        const smallest = visible.reduce((a, b) => (smaller(a, b) ? a : b));
        changed = suppress(smallest, 'secondary') || changed;
      }
    });
    return changed;
  };

  // A cell whose contributors were released before (this group's last release, as held rosters
  // keep it) adds nothing an analyst can combine: only the cells with a new set are audited.
  // The audit decides every new set of the layer at once, so it runs once: the rules after it only
  // withhold more cells, and what is left of the sets it admitted combines into nothing new.
  let audited = false;
  const audit = () => {
    if (audited) return false;
    audited = true;
    const visible = sets.map((_, i) => i).filter(released);
    const fresh = visible
      .filter((i) => !history.has(cells[i]!.contributors))
      // Larger cells first: of two new sets that reveal something together, the smaller is withheld.
      .sort((a, b) => (smaller(a, b) ? 1 : smaller(b, a) ? -1 : 0));
    if (fresh.length === 0) return false;
    // The released sets' span, with this layer's cells whose sets were released (as counted now) in it too.
    const span = history.spanAt(k);
    const isFresh = new Set(fresh);
    for (const i of visible) if (!isFresh.has(i)) span.release(valueSets[i]!);
    return fresh.map((i) => span.decide(valueSets[i]!, policy.auditEffort) !== null && suppress(i, 'linear_audit')).some(Boolean);
  };

  for (;;) {
    const changed =
      (rules.segment_cut && segmentCut()) || (rules.overlap && overlap()) || (rules.secondary && secondary()) || (rules.linear_audit && audit());
    if (!changed) break;
  }
  return new Map(cells.map((cell, i) => [cell.group, reason[i] ?? null]));
}
