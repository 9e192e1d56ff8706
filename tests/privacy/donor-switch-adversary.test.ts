import { describe, expect, it } from 'vitest';
import { sourceOfToken } from '../../transforms/release/contributor-token.ts';
import { countedValues } from '../../transforms/release/member-values.ts';
import type { OrgGroup } from '../../transforms/release/org-group.ts';
import { planRelease, type ReleaseInputs } from '../../transforms/release/plan-release.ts';
import { releasePolicy, type ReleasePolicy } from '../../transforms/release/release-policy.ts';
import { releasedMetrics } from '../../transforms/release/released-metrics.ts';
import type { Knowledge } from './adversary.ts';
import { smallCombinations } from './small-combination-attack.ts';

// A member without a value of their own (opted out, no data yet) counts with a donor's: a
// colleague in exactly the same groups. When the borrower's source of value changes between two
// releases of a group (their first own value, or a new donor after the old one left), the group's
// members are the same, yet its sums move by the difference of two people's values. An analyst who
// knows the donors (the worst case) reads that pair difference from two released cells.

const metric = releasedMetrics.find((m) => m.column === 'after_hours_minutes')!;
const team: OrgGroup = { group: 'T', kind: 'team', name: 'T', parent: null, dimension: null };
/** The worst case the rules assume: everyone's value the same week after week. */
const value: Record<string, number> = { a1: 60, a2: 75, a3: 90, a4: 120, a5: 45, a6: 30, a7: 15, b: 420 };
const weeks = ['2026-11-02', '2026-11-09'] as const;

/**
 * Two weekly releases of team T: `members` each week, with values for those in `withValue`
 * (everyone else of T has none: the borrower), planned as one release would plan them.
 */
function releaseTwoWeeks(members: readonly (readonly string[])[], withValue: readonly (readonly string[])[], policy: ReleasePolicy) {
  const inputs: ReleaseInputs = {
    weeks,
    organisation: new Map(weeks.map((week, w) => [week, { groups: [team], members: new Map([['T', members[w]!]]) }])),
    values: new Map(weeks.map((week, w) => [week, new Map(withValue[w]!.map((p) => [p, { [metric.column]: value[p]! }]))])),
    history: new Map(),
  };
  const plan = planRelease(inputs, policy, [metric]);
  // The adversary knows each released cell's exact contributors and, for every one of them, whose value it enters with.
  const knowledge: Knowledge = new Map(weeks.map((week) => [week, new Map<string, Set<string>>()]));
  for (const cell of plan.cells.filter((c) => c.status === 'released')) {
    const set = plan.newSets.filter((s) => s.group === cell.group && s.week <= cell.week).at(-1);
    knowledge.get(cell.week)!.set(cell.group, new Set(set?.contributors ?? []));
  }
  const counted = countedValues(inputs, metric.column, { byMembership: true, k: policy.k });
  const sourceOf = (week: string, token: string) => (sourceOfToken(token) !== token ? sourceOfToken(token) : (counted.get(week)?.source.get(token) ?? token));
  const cells = plan.cells.map((c) => ({ ...c, noiseEpsilon: c.epsilon }));
  return { plan, found: smallCombinations(cells, knowledge, { k: policy.k, sourceOf }), donor: counted.get(weeks[0])!.source.get('b')! };
}

const stayers = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7'];
/** b is in T both weeks; in the first week b has no value yet and borrows, in the second b has their own. */
const firstOwnValue = [[...stayers, 'b'], [...stayers, 'b']] as const;
const firstOwnValueData = [stayers, [...stayers, 'b']] as const;

describe('an analyst who knows every donor, reading two weeks of one team', () => {
  it('with borrowers named by themselves (defence off), learns v(b) − v(donor) when b first has a value of their own', () => {
    const { plan, found, donor } = releaseTwoWeeks(firstOwnValue, firstOwnValueData, releasePolicy({ borrowers: 'persons' }));
    expect(plan.cells.map((c) => c.status)).toEqual(['released', 'released']);
    const pair = found.find((f) => Object.keys(f.coefficients).sort().join() === ['b', donor].sort().join());
    expect(pair?.coefficients.b).toBe(-pair!.coefficients[donor]!);
    expect(pair!.value).toBe(pair!.coefficients.b! * (value.b! - value[donor]!));
  });

  it('with borrowers named with their donor, sees a changed set: the roster keeps b with the donor’s value, and nothing of fewer than k people leaks', () => {
    const { plan, found, donor } = releaseTwoWeeks(firstOwnValue, firstOwnValueData, releasePolicy());
    expect(plan.cells.map((c) => c.status)).toEqual(['released', 'released']);
    expect(plan.newSets.map((s) => s.contributors)).toEqual([[...stayers, `b<${donor}`].sort()]);
    expect(plan.cells[1]!.mean).toBe(plan.cells[0]!.mean);
    expect(found).toEqual([]);
  });

  it('with borrowers named by themselves (defence off), learns v(new donor) − v(old donor) when b’s donor leaves', () => {
    const first = releaseTwoWeeks(firstOwnValue, [stayers, stayers], releasePolicy({ borrowers: 'persons' }));
    const left = stayers.filter((p) => p !== first.donor);
    const { plan, found } = releaseTwoWeeks([[...stayers, 'b'], [...left, 'b']], [stayers, left], releasePolicy({ borrowers: 'persons' }));
    expect(plan.cells.map((c) => c.status)).toEqual(['released', 'released']);
    expect(found.some((f) => Object.keys(f.coefficients).length === 2 && first.donor in f.coefficients)).toBe(true);
  });

  it('with borrowers named with their donor, learns nothing when b’s donor leaves', () => {
    const first = releaseTwoWeeks(firstOwnValue, [stayers, stayers], releasePolicy());
    const left = stayers.filter((p) => p !== first.donor);
    const { found } = releaseTwoWeeks([[...stayers, 'b'], [...left, 'b']], [stayers, left], releasePolicy());
    expect(found).toEqual([]);
  });
});
