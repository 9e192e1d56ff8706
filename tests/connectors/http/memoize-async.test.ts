import { describe, expect, it } from 'vitest';
import { memoizeAsync } from '../../../connectors/http/memoize-async.ts';

describe('memoizeAsync', () => {
  /** A load that returns how many times it ran, on a clock the test moves. */
  const counting = (maxAgeMs?: number) => {
    let loads = 0;
    let clock = 0;
    const memo = memoizeAsync(async () => ++loads, { maxAgeMs, now: () => clock });
    return { memo, advance: (ms: number) => (clock += ms) };
  };

  it('shares one read between callers, for ever without a maximum age', async () => {
    const { memo, advance } = counting();
    expect(await Promise.all([memo(), memo()])).toEqual([1, 1]);
    advance(1e12);
    expect(await memo()).toBe(1);
  });

  it('reads again once the last read is as old as the maximum age, and at once when refreshed', async () => {
    const { memo, advance } = counting(1000);
    expect(await memo()).toBe(1);
    advance(999);
    expect(await memo()).toBe(1);
    advance(1);
    expect(await memo()).toBe(2);
    expect(await memo.refresh()).toBe(3);
    expect(await memo()).toBe(3);
  });

  it('forgets a failed read, so the next caller tries again', async () => {
    let calls = 0;
    const memo = memoizeAsync(async () => {
      if (++calls === 1) throw new Error('503');
      return calls;
    });
    await expect(memo()).rejects.toThrow('503');
    expect(await memo()).toBe(2);
    expect(await memo()).toBe(2);
  });
});
