import { describe, expect, it } from 'vitest';
import { keyedDiscreteLaplace } from '../../transforms/release/discrete-laplace.ts';
import { releasePolicy } from '../../transforms/release/release-policy.ts';
import { adversaryWorld } from './adversary-world.ts';
import { releaseWorld } from './release-world.ts';

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
});
