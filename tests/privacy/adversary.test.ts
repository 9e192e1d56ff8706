import { describe, expect, it } from 'vitest';
import { releasePolicy, type ReleaseRule } from '../../transforms/release/release-policy.ts';
import { allAttacks, type Recovery } from './adversary.ts';
import { adversaryWorld, trueValue } from './adversary-world.ts';
import { releaseWorld } from './release-world.ts';

const world = adversaryWorld();

/** The recoveries that are right: the person's true value (an attack may also produce wrong guesses). */
const correct = (recoveries: Recovery[]) => recoveries.filter((r) => Math.abs(r.value - trueValue(r.person)) < 1e-6);
const found = (recoveries: Recovery[]) => [...new Set(correct(recoveries).map((r) => `${r.attack}: ${r.person}`))].sort();

describe('an adversary holding everything in the analytics store over four weeks', () => {
  it('with every rule on, recovers nobody, by any attack, within or across weeks, and the store still says something', async () => {
    const { cells } = await releaseWorld(world, releasePolicy());
    expect(found(allAttacks(cells, world))).toEqual([]);
    expect(cells.filter((c) => c.status === 'released').length).toBeGreaterThan(20);
    for (const c of cells.filter((c) => c.status === 'released')) expect(c.contributors).toBeGreaterThanOrEqual(5);
  });

  // The linear audit backs every rule (it finds any combination, within a week or across weeks with
  // stable values), so it is switched off with each rule to let the rule's own attack show.
  it.each<[ReleaseRule[], string]>([
    [['min_contributors', 'linear_audit'], 'single-person cell: solo'],
    [['overlap', 'linear_audit'], 'nested difference: b7'],
    [['secondary', 'linear_audit'], 'parent minus children: solo'],
    [['segment_cut', 'linear_audit'], 'segment complement: b13'],
    [['linear_audit'], 'combination of cells: solo'],
    [['time_differencing', 'linear_audit'], 'week-over-week difference: newbie'],
    [['time_differencing', 'linear_audit'], 'week-over-week difference: a7'],
    [['time_differencing', 'linear_audit'], 'week-over-week difference: b2'],
  ])('with %j off, the attack "%s" succeeds', async (off, attack) => {
    const { cells } = await releaseWorld(world, releasePolicy({ off }));
    expect(found(allAttacks(cells, world))).toContain(attack);
  });
});
