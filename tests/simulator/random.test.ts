import { describe, expect, it } from 'vitest';
import { Random } from '../../simulator/random.ts';

const draws = (r: Random, n: number): number[] => Array.from({ length: n }, () => r.next());

describe('Random', () => {
  it('repeats the same sequence for the same seed and differs for another seed', () => {
    expect(draws(new Random(7), 20)).toEqual(draws(new Random(7), 20));
    expect(draws(new Random(7), 20)).not.toEqual(draws(new Random(8), 20));
  });

  it('derives forks from the seed and label only, not from how much was drawn', () => {
    const fresh = new Random(99);
    const used = new Random(99);
    draws(used, 1000);
    expect(draws(fresh.fork('person:P0001'), 10)).toEqual(draws(used.fork('person:P0001'), 10));
    expect(draws(fresh.fork('a'), 10)).not.toEqual(draws(fresh.fork('b'), 10));
  });

  it('keeps draws inside their ranges and roughly uniform', () => {
    const r = new Random(3);
    const counts = new Map<number, number>();
    for (let i = 0; i < 60_000; i++) {
      const v = r.int(1, 6);
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    for (const c of counts.values()) expect(Math.abs(c - 10_000)).toBeLessThan(600);
    const normals = Array.from({ length: 20_000 }, () => r.normal(10, 2));
    const mean = normals.reduce((a, b) => a + b, 0) / normals.length;
    const sd = Math.sqrt(normals.reduce((a, b) => a + (b - mean) ** 2, 0) / normals.length);
    expect(mean).toBeCloseTo(10, 1);
    expect(sd).toBeGreaterThan(1.8);
    expect(sd).toBeLessThan(2.2);
  });

  it('samples distinct items and makes Slack-style base-36 ids', () => {
    const r = new Random(5);
    const picked = r.sample([1, 2, 3, 4, 5, 6, 7, 8], 5);
    expect(new Set(picked).size).toBe(5);
    expect(r.base36(8)).toMatch(/^[0-9A-Z]{8}$/);
    expect(Array.from({ length: 200 }, () => r.chance(0.25)).filter(Boolean).length).toBeGreaterThan(25);
  });
});
