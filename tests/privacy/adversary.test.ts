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
  // b2's opt-out changes no contributor set while cells count members (b2's place takes a donor's
  // value from b2's atom of six), so time differencing only shows against "has data" contributors.
  it.each<[ReleaseRule[], string, 'members' | 'with_data']>([
    [['min_contributors', 'linear_audit'], 'single-person cell: solo', 'members'],
    [['overlap', 'linear_audit'], 'nested difference: b7', 'members'],
    [['secondary', 'linear_audit'], 'parent minus children: solo', 'members'],
    [['segment_cut', 'linear_audit'], 'segment complement: b13', 'members'],
    [['linear_audit'], 'combination of cells: solo', 'members'],
    [['time_differencing', 'linear_audit'], 'week-over-week difference: newbie', 'members'],
    [['time_differencing', 'linear_audit'], 'week-over-week difference: a7', 'members'],
    [['time_differencing', 'linear_audit'], 'week-over-week difference: b2', 'with_data'],
  ])('with %j off, the attack "%s" succeeds (contributors: %s)', async (off, attack, contributors) => {
    // Held rosters are time differencing's other half: with them a changed group keeps its last release's contributors.
    const rosters = off.includes('time_differencing') ? 'current' : 'held';
    const { cells } = await releaseWorld(world, releasePolicy({ off, contributors, rosters }));
    expect(found(allAttacks(cells, world))).toContain(attack);
  });

  it('with time differencing off but members counted, still does not learn b2’s value from the opt-out', async () => {
    const { cells } = await releaseWorld(world, releasePolicy({ off: ['time_differencing', 'linear_audit'], rosters: 'current' }));
    expect(found(allAttacks(cells, world)).filter((f) => f.endsWith(': b2'))).toEqual([]);
  });

  it('with time differencing off but rosters held, learns neither the newcomer nor a7 week over week, and a7’s division stays released', async () => {
    const { cells } = await releaseWorld(world, releasePolicy({ off: ['time_differencing', 'linear_audit'] }));
    expect(found(allAttacks(cells, world)).filter((f) => f.startsWith('week-over-week'))).toEqual([]);
    // Every rule on: held, division A keeps its 14 contributors (a7 with their latest value) in every
    // week; counted as it stands, A changes by one person when a7 leaves and goes dark from then on.
    const divisionA = (c: typeof cells) => c.filter((cell) => cell.group === 'A' && cell.metric === 'after_hours_minutes').map((cell) => [cell.week, cell.status, cell.contributors]);
    const held = await releaseWorld(world, releasePolicy());
    expect(divisionA(held.cells)).toEqual(world.map((w) => [w.week, 'released', 14]));
    const current = await releaseWorld(world, releasePolicy({ rosters: 'current' }));
    expect(divisionA(current.cells).map(([, status]) => status)).toEqual(['released', 'released', 'suppressed', 'suppressed']);
  });
});
