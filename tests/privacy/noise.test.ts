import { describe, expect, it } from 'vitest';
import { keyedDiscreteLaplace } from '../../transforms/release/discrete-laplace.ts';
import { releasePolicy } from '../../transforms/release/release-policy.ts';
import { insiderKnowledge } from './adversary.ts';
import { adversaryWorld, presenceWorld } from './adversary-world.ts';
import { releaseWorld, type AnalystCell, type WorldWeek } from './release-world.ts';

/**
 * The ε each person's values were used with, per week, over every released cell and metric they
 * are a member of (a member absent or opted out still counts: their cells count them), worked out
 * from the released cells and the memberships alone.
 */
function epsilonPerPersonWeek(cells: readonly AnalystCell[], world: readonly WorldWeek[]): Map<string, number> {
  const members = insiderKnowledge(world, { everyMember: true });
  const spent = new Map<string, number>();
  for (const c of cells.filter((c) => c.status === 'released' && c.noiseEpsilon !== null)) {
    for (const p of members.get(c.week)?.get(c.group) ?? []) spent.set(`${c.week} ${p}`, (spent.get(`${c.week} ${p}`) ?? 0) + c.noiseEpsilon!);
  }
  return spent;
}

describe('discrete Laplace noise', () => {
  it('is an integer, the same for the same key and label, different across labels and keys', () => {
    const noise = keyedDiscreteLaplace(new Uint8Array(32).fill(1));
    const draws = Array.from({ length: 200 }, (_, i) => noise(`cell-${i}`, 10, 1));
    expect(draws.every(Number.isInteger)).toBe(true);
    expect(draws).toEqual(Array.from({ length: 200 }, (_, i) => keyedDiscreteLaplace(new Uint8Array(32).fill(1))(`cell-${i}`, 10, 1)));
    expect(new Set(draws).size).toBeGreaterThan(20);
    const other = Array.from({ length: 200 }, (_, i) => keyedDiscreteLaplace(new Uint8Array(32).fill(2))(`cell-${i}`, 10, 1));
    expect(other).not.toEqual(draws);
  });

  it('has mean about 0 and the discrete Laplace spread: E|X| = 2α/(1−α²) with α = exp(−ε/Δ)', () => {
    const noise = keyedDiscreteLaplace(new Uint8Array(32).fill(3));
    const draws = Array.from({ length: 20_000 }, (_, i) => noise(`d${i}`, 4, 1));
    const alpha = Math.exp(-1 / 4);
    const mean = draws.reduce((s, x) => s + x, 0) / draws.length;
    const meanAbs = draws.reduce((s, x) => s + Math.abs(x), 0) / draws.length;
    expect(Math.abs(mean)).toBeLessThan(0.15);
    expect(meanAbs).toBeGreaterThan(0.95 * ((2 * alpha) / (1 - alpha * alpha)));
    expect(meanAbs).toBeLessThan(1.05 * ((2 * alpha) / (1 - alpha * alpha)));
  });

  it('with ε, releases noisy means without quartiles, the same on a repeated release, and records ε in the ledger', async () => {
    const world = adversaryWorld().slice(0, 2);
    const noise = keyedDiscreteLaplace(new Uint8Array(32).fill(4));
    const [first, second] = [await releaseWorld(world, releasePolicy({ epsilon: 1 }), { noise }), await releaseWorld(world, releasePolicy({ epsilon: 1 }), { noise })];
    const exact = await releaseWorld(world, releasePolicy());
    expect(second.cells).toEqual(first.cells);
    const released = first.cells.filter((c) => c.status === 'released' && c.metric === 'after_hours_minutes');
    expect(released.length).toBeGreaterThan(0);
    const exactMean = (group: string, week: string) => exact.cells.find((c) => c.group === group && c.week === week && c.metric === 'after_hours_minutes')?.mean;
    expect(released.some((c) => c.mean !== exactMean(c.group, c.week))).toBe(true);
    expect(first.ledger.map((l) => [l.epsilon, l.rules])).toEqual(world.map(() => [1, expect.stringContaining('discrete_laplace')]));
    expect(Number(first.ledger[0]?.epsilon_max_per_person)).toBeGreaterThanOrEqual(1);
  });

  it('with a cap per person-week, spends at most the cap on anyone over all their cells and metrics, and records it in the ledger', async () => {
    const world = adversaryWorld().slice(0, 2);
    const noise = keyedDiscreteLaplace(new Uint8Array(32).fill(5));
    const uncapped = await releaseWorld(world, releasePolicy({ epsilon: 1 }), { noise });
    const most = (cells: readonly AnalystCell[]) => Math.max(...epsilonPerPersonWeek(cells, world).values());
    // Without the cap a person's values are in up to 20 released cells a week (cells × metrics with data), each spending ε = 1.
    expect(most(uncapped.cells)).toBe(20);
    const capped = await releaseWorld(world, releasePolicy({ epsilon: 1, epsilonCap: 5 }), { noise });
    expect(most(capped.cells)).toBeLessThanOrEqual(5 + 1e-9);
    expect(most(capped.cells)).toBeGreaterThan(4);
    expect(capped.cells.filter((c) => c.status === 'released').length).toBe(uncapped.cells.filter((c) => c.status === 'released').length);
    for (const l of capped.ledger) {
      expect(Number(l.epsilon_cap_per_person)).toBe(5);
      expect(Number(l.epsilon_max_per_person)).toBeLessThanOrEqual(5 + 1e-9);
      expect(String(l.rules)).toContain('epsilon_cap_per_person_week');
    }
  });

  it('scales the noise of a cell holding a donor’s value twice to both uses', async () => {
    const world = presenceWorld();
    const draws: { label: string; sensitivity: number }[] = [];
    const inner = keyedDiscreteLaplace(new Uint8Array(32).fill(6));
    await releaseWorld(world, releasePolicy({ epsilon: 1 }), {
      noise: (label, sensitivity, epsilon) => {
        draws.push({ label, sensitivity });
        return inner(label, sensitivity, epsilon);
      },
    });
    const sensitivity = (label: string) => draws.find((d) => d.label === label)?.sensitivity;
    // d2 opted out in the third week: a colleague of team D lends a value to d2's place.
    expect(sensitivity('D|2024-01-08|after_hours_minutes|sum')).toBe(3001);
    expect(sensitivity('D|2024-01-15|after_hours_minutes|sum')).toBe(2 * 3001);
    expect(sensitivity('R1|2024-01-15|after_hours_minutes|sum')).toBe(3001);
  });
});
