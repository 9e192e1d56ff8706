import { describe, expect, it } from 'vitest';
import type { OrgGroup } from '../../transforms/release/org-group.ts';
import { planRelease, type PlannedCell, type ReleasedSet, type ReleaseInputs } from '../../transforms/release/plan-release.ts';
import { releasePolicy } from '../../transforms/release/release-policy.ts';
import { releasedMetrics } from '../../transforms/release/released-metrics.ts';
import type { Knowledge } from './adversary.ts';
import type { AnalystCell } from './release-world.ts';
import { smallCombinations } from './small-combination-attack.ts';

// An erasure and the release audit's contributor sets (`released_sets`): an analyst keeps every
// cell released before an erasure (released aggregates are never rewritten) and reads the cells
// released after it. What the erasure leaves in the sets decides what the next release allows.

const metric = releasedMetrics.find((m) => m.column === 'after_hours_minutes')!;
const team: OrgGroup = { group: 'T', kind: 'team', name: 'T', parent: null, dimension: null };
const stayers = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6'];
/** The worst case the audit assumes: everyone's value the same week after week. */
const value: Record<string, number> = { a1: 60, a2: 75, a3: 90, a4: 120, a5: 45, a6: 30, p: 420 };
const [before, after] = ['2026-11-02', '2026-11-09'] as const;
const tombstone = 'erased:5f0c2a9e7d3b41c6a8e2f19d0b7c4e63';

/** One week's release of team T with `members`, their values, and the sets released before. */
function release(week: string, members: readonly string[], history: readonly ReleasedSet[], carried: readonly string[] = []) {
  const valuesOf = (people: readonly string[]) => new Map(people.map((person) => [person, { [metric.column]: value[person]! }]));
  const inputs: ReleaseInputs = {
    weeks: [week],
    organisation: new Map([[week, { groups: [team], members: new Map([['T', members]]) }]]),
    values: new Map([[week, valuesOf(members)]]),
    carried: valuesOf(carried),
    history: new Map([[metric.column, history]]),
  };
  return planRelease(inputs, releasePolicy(), [metric]);
}

/** The after-hours cells as an analyst reads them from the analytics store. */
const asAnalyst = (cells: readonly PlannedCell[]): AnalystCell[] =>
  cells
    .filter((c) => c.metric === metric.column)
    .map((c) => ({ ...c, noiseEpsilon: c.epsilon }));

/** What the analyst knows from the org chart: who was in T each week (p until the erasure). */
const knowledge: Knowledge = new Map([
  [before, new Map([['T', new Set([...stayers, 'p'])]])],
  [after, new Map([['T', new Set(stayers)]])],
]);

describe('an analyst holding the cells released before and after an erasure', () => {
  const first = release(before, [...stayers, 'p'], []);
  const released = first.newSets.map(({ metric: _, ...set }) => set);

  it('first sees team T released with the person among its seven', () => {
    expect(first.cells.map((c) => [c.status, c.contributors])).toEqual([['released', 7]]);
    expect(released[0]?.contributors).toContain('p');
  });

  it('learns the erased person’s value when erasure deletes them from the released sets (defence off)', () => {
    // Deleted, the set looks as if p had never been counted: the new week's six are "the same set",
    // so the cell is released unaudited, and its difference from last week's is p's value.
    const deleted = released.map((set) => ({ ...set, contributors: set.contributors.filter((c) => c !== 'p') }));
    const next = release(after, stayers, deleted, stayers);
    expect(next.cells.map((c) => c.status)).toEqual(['released']);
    const found = smallCombinations(asAnalyst([...first.cells, ...next.cells]), knowledge, { k: 5 });
    expect(found).toContainEqual({ coefficients: { p: 1 }, value: value.p });
  });

  it('learns nothing with a tombstone in their place, which the release treats exactly as a leaver without a value', () => {
    const tombstoned = released.map((set) => ({ ...set, contributors: set.contributors.map((c) => (c === 'p' ? tombstone : c)) }));
    const next = release(after, stayers, tombstoned, stayers);
    expect(smallCombinations(asAnalyst([...first.cells, ...next.cells]), knowledge, { k: 5 })).toEqual([]);
    // A leaver with no value left (nothing to hold their place with): the set changed by one, time differencing withholds the cell.
    const leaver = release(after, stayers, released, stayers);
    const decisions = (plan: typeof next) => plan.cells.map((c) => [c.status, c.suppressedBy]);
    expect(decisions(next)).toEqual([['suppressed', 'time_differencing']]);
    expect(decisions(next)).toEqual(decisions(leaver));
    expect(next.newSets).toEqual(leaver.newSets);
  });
});
