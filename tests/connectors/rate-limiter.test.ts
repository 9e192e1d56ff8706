import { describe, expect, it } from 'vitest';
import { withBudgetShare } from '../../connectors/http/budget-share-context.ts';
import { withRateLimitWaits } from '../../connectors/http/count-rate-limit-waits.ts';
import { createRateLimiter, type RateLimiter, type RateLimiterOptions } from '../../connectors/http/rate-limiter.ts';
import type { SourceConnector } from '../../connectors/source-connector.ts';
import { createRetryPolicy } from '../../connectors/http/retry-policy.ts';
import type { Pacing } from '../../models/budget-share.ts';
import { AuthError, RateLimitedError, TransientError } from '../../models/errors.ts';
import { noRateLimitWaits } from '../../models/rate-limit-waits.ts';

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

  it('paces nothing at an infinite budget, then paces at the budget a 429 taught it, from the retry on', async () => {
    const clock = virtualClock();
    let budget = Number.POSITIVE_INFINITY;
    const rl = limiter(clock, { requestsPerMinute: () => budget, burst: 1 });
    const starts: number[] = [];
    const call = (refused: boolean) =>
      rl.schedule('a', async () => {
        starts.push(clock.now());
        // The server refuses this one for 1 s and names its limit: 60 a minute.
        if (refused && budget === Number.POSITIVE_INFINITY) {
          budget = 60;
          throw new RateLimitedError('slow down', 1000);
        }
      });
    const first = Array.from({ length: 5 }, (_, i) => call(i === 4));
    const second = clock.sleep(1).then(() => Promise.all([call(false), call(false), call(false)]));
    await clock.run(Promise.all([...first, second]));
    // Five at once while no limit was known; after the pause, the retry and the later three one a second.
    expect(starts).toEqual([0, 0, 0, 0, 0, 1000, 2000, 3000, 4000]);
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

/** A connector whose read of stream `s` sends the requests `reads[s]` through `rl` (key `a`), all at once after `after[s]` ms. */
function connectorOver(rl: RateLimiter, clock: ReturnType<typeof virtualClock>, reads: Record<string, (() => Promise<void>)[]>, after: Record<string, number> = {}): SourceConnector {
  const refuse = () => Promise.reject(new Error('not read in this test'));
  return withRateLimitWaits({
    source: 'jira',
    checkAccess: refuse,
    readDirectory: refuse,
    listStreams: refuse,
    requestsMade: () => rl.attempts(),
    async fetchStream(stream, position) {
      await clock.sleep(after[stream] ?? 0);
      await Promise.all((reads[stream] ?? []).map((request) => rl.schedule('a', request)));
      return { events: [], quarantined: [], deleted: [], position, skipped: null, requests: 0 };
    },
  });
}

const window = { start: '2026-11-01T00:00:00.000Z', end: '2026-11-02T00:00:00.000Z' };

describe("a fetch's budget share", () => {
  /** The most request starts any 60 s window holds. */
  const busiestMinute = (starts: number[]) => Math.max(...starts.map((t) => starts.filter((s) => s >= t && s < t + 60_000).length));

  /** Two fetches of one slot, each in a process of its own (a limiter of its own at the whole budget), the second from `handOn`'s pacing. */
  async function twoFetchesOfOneSlot(handOn: (left: Pacing) => Pacing) {
    const clock = virtualClock();
    const starts: number[] = [];
    const fetch = (pacing: Pacing) => {
      const worker = limiter(clock, { requestsPerMinute: () => 60, apportioned: (key) => key === 'app' });
      const calls = () => Promise.all(Array.from({ length: 10 }, () => worker.schedule('app', async () => void starts.push(clock.now()))));
      return withBudgetShare({ share: 0.25, pacing }, calls, clock.now);
    };
    const first = await clock.run(fetch({}));
    await clock.run(fetch(handOn(first.pacing)));
    return starts;
  }

  it('paces an apportioned key at its share, and the next fetch of the slot, in another process, keeps to the window the last one began', async () => {
    const starts = await twoFetchesOfOneSlot((left) => left);
    expect(starts).toHaveLength(20);
    // A quarter of 60 a minute: 15 in any minute, the second fetch included.
    expect(busiestMinute(starts)).toBe(15);
    // The defence off: the second fetch starts afresh, and the slot overruns its share.
    expect(busiestMinute(await twoFetchesOfOneSlot(() => ({})))).toBeGreaterThan(15);
  });

  /** A fetch of a slot that fails after its requests (handing no pacing on), then the slot's next fetch from the slot's last pacing, `unsettled` or not. */
  async function fetchAfterAFailedOne(unsettled: boolean) {
    const clock = virtualClock();
    const starts: number[] = [];
    const fetch = (budget: { share: number; pacing: Pacing; unsettled?: boolean }, fail: boolean) => {
      const worker = limiter(clock, { requestsPerMinute: () => 60, apportioned: (key) => key === 'app' });
      const calls = async () => {
        await Promise.all(Array.from({ length: 10 }, () => worker.schedule('app', async () => void starts.push(clock.now()))));
        if (fail) throw new Error('the stream failed after its requests');
      };
      return withBudgetShare(budget, calls, clock.now);
    };
    await expect(clock.run(fetch({ share: 0.25, pacing: {} }, true))).rejects.toThrow(/failed/);
    await clock.run(fetch({ share: 0.25, pacing: {}, unsettled }, false));
    return starts;
  }

  it("makes the next fetch of a slot whose last fetch failed wait out the window that fetch's requests may still fill", async () => {
    const starts = await fetchAfterAFailedOne(true);
    expect(starts).toHaveLength(20);
    // A quarter of 60 a minute: at most 15 in any minute, the failed fetch's requests included.
    expect(busiestMinute(starts)).toBeLessThanOrEqual(15);
    // The defence off: the next fetch trusts the pacing from before the failed one, and the slot overruns its share.
    expect(busiestMinute(await fetchAfterAFailedOne(false))).toBeGreaterThan(15);
  });

  it('leaves a key of one stream (not apportioned) its whole budget', async () => {
    const clock = virtualClock();
    const worker = limiter(clock, { requestsPerMinute: () => 60, apportioned: (key) => key === 'app' });
    const starts: number[] = [];
    const { pacing } = await clock.run(withBudgetShare({ share: 0.25, pacing: {} }, () => Promise.all(Array.from({ length: 5 }, () => worker.schedule('mailbox', async () => void starts.push(clock.now())))), clock.now));
    expect(starts).toEqual([0, 0, 0, 1000, 2000]);
    expect(pacing).toEqual({});
  });
});

describe('the rate-limit waits of a stream read', () => {
  it('count each request held back by pacing, with how long, for the read that sent it', async () => {
    const clock = virtualClock();
    const rl = limiter(clock);
    const delays: Record<string, number[]> = { a: [], b: [] };
    const request = (stream: string) => {
      const asked = clock.now();
      return async () => void delays[stream]!.push(clock.now() - asked);
    };
    const connector = connectorOver(rl, clock, { a: Array.from({ length: 4 }, () => request('a')), b: Array.from({ length: 3 }, () => request('b')) });
    const [a, b] = await clock.run(Promise.all(['a', 'b'].map((s) => connector.fetchStream(s, null, window))));
    for (const [batch, stream] of [[a, 'a'], [b, 'b']] as const) {
      const held = delays[stream]!.filter((ms) => ms > 0);
      expect(held.length).toBeGreaterThan(0);
      expect(batch!.rateLimitWaits).toEqual({ ...noRateLimitWaits, paced: held.length, pacedMs: held.reduce((x, y) => x + y, 0) });
    }
  });

  it("count the wait behind a pause the server asked for as throttled, for every read it held back, and not the retry policy's backoff", async () => {
    const clock = virtualClock();
    const rl = limiter(clock, { requestsPerMinute: () => 6000, retry: createRetryPolicy({ baseDelayMs: 700, random: () => 0.5 }) });
    let refused = 0;
    const throttledOnce = async () => {
      if (refused++ === 0) throw new RateLimitedError('slow down', 5000);
    };
    let failed = 0;
    const failingOnce = async () => {
      if (failed++ === 0) throw new TransientError('HTTP 502');
    };
    const connector = connectorOver(rl, clock, { a: [throttledOnce], b: [async () => {}], c: [failingOnce] }, { b: 1000, c: 6000 });
    const [a, b, c] = await clock.run(Promise.all(['a', 'b', 'c'].map((s) => connector.fetchStream(s, null, window))));
    expect(a!.rateLimitWaits).toEqual({ ...noRateLimitWaits, throttled: 1, throttledMs: 5000 });
    expect(b!.rateLimitWaits?.throttled).toBe(1);
    expect(b!.rateLimitWaits?.throttledMs).toBeGreaterThanOrEqual(4000);
    expect(b!.rateLimitWaits?.paced).toBe(0);
    expect(failed).toBe(2);
    expect(c!.rateLimitWaits).toEqual(noRateLimitWaits);
  });

  it('count a Retry-After on a transient failure as throttled', async () => {
    const clock = virtualClock();
    const rl = limiter(clock, { retry: createRetryPolicy({ baseDelayMs: 10 }) });
    let failed = 0;
    const connector = connectorOver(rl, clock, {
      a: [
        async () => {
          if (failed++ === 0) throw new TransientError('HTTP 503', null, { retryAfterMs: 7000 });
        },
      ],
    });
    const batch = await clock.run(connector.fetchStream('a', null, window));
    expect(batch.rateLimitWaits).toEqual({ ...noRateLimitWaits, throttled: 1, throttledMs: 7000 });
  });
});
