import { describe, expect, it } from 'vitest';
import { createRateLimiter, type RateLimiterOptions } from '../../connectors/http/rate-limiter.ts';
import { createRetryPolicy } from '../../connectors/http/retry-policy.ts';
import { AuthError, RateLimitedError, TransientError } from '../../models/errors.ts';

/** A clock that moves only when every pending promise has settled and a timer is due. */
function virtualClock() {
  let time = 0;
  const timers: { at: number; wake: () => void }[] = [];
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
  return {
    now: () => time,
    sleep: (ms: number) => new Promise<void>((wake) => void timers.push({ at: time + ms, wake })),
    /** Runs `work` to the end, jumping the clock from timer to timer. */
    async run<T>(work: Promise<T>): Promise<T> {
      let done = false;
      const result = work.finally(() => void (done = true));
      result.catch(() => {});
      for (;;) {
        await settle();
        if (done) return result;
        timers.sort((a, b) => a.at - b.at);
        const next = timers.shift();
        if (!next) throw new Error('deadlock: nothing is due');
        time = Math.max(time, next.at);
        next.wake();
      }
    },
  };
}

function limiter(clock: ReturnType<typeof virtualClock>, options: Partial<RateLimiterOptions> = {}) {
  return createRateLimiter({ requestsPerMinute: () => 60, burst: 3, now: clock.now, sleep: clock.sleep, ...options });
}

describe('createRateLimiter', () => {
  it('lets a burst through, then paces each key at its budget', async () => {
    const clock = virtualClock();
    const rl = limiter(clock);
    const starts: number[] = [];
    await clock.run(Promise.all(Array.from({ length: 6 }, () => rl.schedule('a', async () => void starts.push(clock.now())))));
    expect(starts).toEqual([0, 0, 0, 1000, 2000, 3000]);
  });

  it('never lets more than the budget into any sliding window, however long the calls take and however bursty', async () => {
    const clock = virtualClock();
    const rl = limiter(clock, { requestsPerMinute: () => 6, burst: 3 });
    const calls: { start: number; end: number }[] = [];
    const call = async () => {
      const start = clock.now();
      await clock.sleep(4000);
      calls.push({ start, end: clock.now() });
    };
    await clock.run(Promise.all(Array.from({ length: 30 }, () => rl.schedule('a', call))));
    expect(calls).toHaveLength(30);
    // The server may count a call anywhere from its start to its end: however it does, no 60 s hold more than 6.
    for (const { start: t } of calls) expect(calls.filter((c) => c.start <= t && c.end > t - 60_000).length).toBeLessThanOrEqual(6);
    // Still a burst first, then the sustained rate wherever the window allows it.
    expect(calls.slice(0, 3).map((c) => c.start)).toEqual([0, 0, 0]);
    expect(calls.at(-1)!.start).toBeLessThan(30 * 12_000);
  });

  it('gives every key its own budget', async () => {
    const clock = virtualClock();
    const rl = limiter(clock, { requestsPerMinute: (key) => (key === 'fast' ? 600 : 6), burst: 1 });
    const starts: Record<string, number[]> = { fast: [], slow: [] };
    const calls = ['fast', 'slow', 'fast', 'slow', 'fast'].map((key) => rl.schedule(key, async () => void starts[key]!.push(clock.now())));
    await clock.run(Promise.all(calls));
    expect(starts).toEqual({ fast: [0, 100, 200], slow: [0, 10_000] });
  });

  it("retries a rate-limited call after the server's delay and holds back the key meanwhile", async () => {
    const clock = virtualClock();
    const rl = limiter(clock, { burst: 5 });
    const attempts: number[] = [];
    const others: number[] = [];
    const flaky = rl.schedule('a', async () => {
      attempts.push(clock.now());
      if (attempts.length < 3) throw new RateLimitedError('slow down', 5000);
      return 'done';
    });
    const later = clock.sleep(1).then(() => rl.schedule('a', async () => void others.push(clock.now())));
    const otherKey = clock.sleep(1).then(() => rl.schedule('b', async () => void others.push(clock.now())));
    expect(await clock.run(Promise.all([flaky, later, otherKey]))).toEqual(['done', undefined, undefined]);
    expect(attempts).toEqual([0, 5000, 10_000]);
    // Key b was free at once; the second call of key a waited for the pause, with no burst after it.
    expect(others).toEqual([1, 10_000 + 1000]);
  });

  it('gives up after maxAttempts and rethrows the rate-limit error', async () => {
    const clock = virtualClock();
    const rl = limiter(clock, { maxAttempts: 4 });
    let attempts = 0;
    const call = rl.schedule('a', async () => {
      attempts++;
      throw new RateLimitedError('slow down', 100);
    });
    await expect(clock.run(call)).rejects.toBeInstanceOf(RateLimitedError);
    expect(attempts).toBe(4);
  });

  it('retries a transient failure with growing, jittered waits, up to the attempts per request', async () => {
    const clock = virtualClock();
    const rl = limiter(clock, { retry: createRetryPolicy({ attemptsPerRequest: 4, baseDelayMs: 1000, random: () => 0.5 }) });
    const attempts: number[] = [];
    const call = rl.schedule('a', async () => {
      attempts.push(clock.now());
      throw new TransientError('HTTP 502');
    });
    await expect(clock.run(call)).rejects.toBeInstanceOf(TransientError);
    // Waits of 750, 1 500 and 3 000 ms (half the doubling ceiling plus half of it jittered), then the fourth attempt fails for good.
    expect(attempts).toEqual([0, 750, 2250, 5250]);
  });

  it("waits a 503's Retry-After, holding back the key, and succeeds", async () => {
    const clock = virtualClock();
    const rl = limiter(clock, { burst: 5, retry: createRetryPolicy({ baseDelayMs: 10 }) });
    const attempts: number[] = [];
    const flaky = rl.schedule('a', async () => {
      attempts.push(clock.now());
      if (attempts.length === 1) throw new TransientError('HTTP 503', null, { retryAfterMs: 7000 });
      return 'done';
    });
    expect(await clock.run(flaky)).toBe('done');
    expect(attempts).toEqual([0, 7000]);
  });

  it("stops retrying when the run's retry budget is spent, and never retries what the vendor's client retried", async () => {
    const clock = virtualClock();
    const rl = limiter(clock, { retry: createRetryPolicy({ retriesPerRun: 2, baseDelayMs: 10 }) });
    let attempts = 0;
    const failing = () =>
      rl.schedule('a', async () => {
        attempts++;
        throw new TransientError('HTTP 500');
      });
    await expect(clock.run(failing())).rejects.toBeInstanceOf(TransientError);
    await expect(clock.run(failing())).rejects.toBeInstanceOf(TransientError);
    expect(attempts).toBe(4);
    let clientRetried = 0;
    const done = rl.schedule('b', async () => {
      clientRetried++;
      throw new TransientError('reset', null, { retriedByClient: true });
    });
    await expect(clock.run(done)).rejects.toBeInstanceOf(TransientError);
    expect(clientRetried).toBe(1);
  });

  it('does not retry other errors', async () => {
    const clock = virtualClock();
    const rl = limiter(clock);
    let attempts = 0;
    const call = rl.schedule('a', async () => {
      attempts++;
      throw new AuthError('refused', 'TOKEN');
    });
    await expect(clock.run(call)).rejects.toBeInstanceOf(AuthError);
    expect(attempts).toBe(1);
  });
});
