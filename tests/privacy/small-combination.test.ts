import { describe, expect, it } from 'vitest';
import { releasePolicy } from '../../transforms/release/release-policy.ts';
import { insiderKnowledge } from './adversary.ts';
import { adversaryWorld, pairSumWorld, trueValue } from './adversary-world.ts';
import { releaseWorld } from './release-world.ts';
import { smallCombinations } from './small-combination-attack.ts';
import { memberOfToken, sourceOfToken } from '../../transforms/release/contributor-token.ts';

/** What an insider who is one of a pair learns: the other's value, when the released cells give the pair's sum. */
const learnedByInsider = (found: ReturnType<typeof smallCombinations>) =>
  found.flatMap(({ coefficients, value }) => {
    const people = Object.keys(coefficients);
    if (people.length !== 2) return [];
    return people.map((insider) => {
      const other = people.find((p) => p !== insider)!;
      return { other, value: (value - coefficients[insider]! * trueValue(insider)) / coefficients[other]! };
    });
  });

describe('an adversary solving exactly for any combination of fewer than k people', () => {
  it('with the linear audit off, learns v(p) + v(q) from six overlapping teams, and p learns q’s value', async () => {
    const world = pairSumWorld();
    const { cells } = await releaseWorld(world, releasePolicy({ off: ['linear_audit'] }));
    expect(cells.filter((c) => c.metric === 'after_hours_minutes' && c.status === 'released')).toHaveLength(12);
    const found = smallCombinations(cells, insiderKnowledge(world), { k: 5 });
    const pair = found.find((f) => Object.keys(f.coefficients).sort().join() === 'p,q');
    expect(pair?.value).toBeCloseTo(trueValue('p') + trueValue('q'), 6);
    expect(learnedByInsider(found)).toContainEqual({ other: 'q', value: trueValue('q') });
  });

  it('with every rule on, learns no combination of fewer than k people there, nor in the four-week organisation but the opt-out’s pair difference', async () => {
    const pairs = pairSumWorld();
    const guarded = await releaseWorld(pairs, releasePolicy());
    expect(smallCombinations(guarded.cells, insiderKnowledge(pairs), { k: 5 })).toEqual([]);
    expect(smallCombinations(guarded.cells, guarded.exactSets, { k: 5 })).toEqual([]);
    // One team is withheld; the others still say something.
    expect(guarded.cells.filter((c) => c.metric === 'after_hours_minutes' && c.status === 'released').length).toBeGreaterThanOrEqual(8);

    const world = adversaryWorld();
    // Held rosters count leavers and not yet joiners: the adversary here knows the exact sets, not
    // only the org chart, and every donor (a borrower's token names theirs). b2 opts out in week 4:
    // their cells then sum their donor's value in place of theirs, the difference of two values that
    // no rule withholds, since withholding it would show the opt-out (docs/privacy.md, Donors).
    const { cells, exactSets } = await releaseWorld(world, releasePolicy());
    const found = smallCombinations(cells, exactSets, { k: 5, sourceOf: (_week, token) => sourceOfToken(token) });
    const donor = [...exactSets.get(world.at(-1)!.week)!.values()].flatMap((set) => [...set]).find((t) => memberOfToken(t) === 'b2' && t !== 'b2');
    expect(donor).toBeDefined();
    expect(found.map((f) => Object.keys(f.coefficients).sort())).toEqual([['b2', sourceOfToken(donor!)].sort()]);
    expect(found[0]!.value).toBeCloseTo(found[0]!.coefficients.b2! * (trueValue('b2') - trueValue(sourceOfToken(donor!))), 6);
  });
});
