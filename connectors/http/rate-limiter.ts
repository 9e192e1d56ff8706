import { RateLimitedError } from '../../models/errors.ts';

/** Paces calls per key (e.g. per API method) and retries those the server rate-limited. */
export interface RateLimiter {
  /** Waits for a token of `key`, runs `fn`; on `RateLimitedError` pauses `key` for the server's delay and retries. */
  schedule<T>(key: string, fn: () => Promise<T>): Promise<T>;
}

/** Budgets, retry bound and (for tests) the clock of a rate limiter. */
export interface RateLimiterOptions {
  /** Sustained budget of a key, in requests per minute. */
  requestsPerMinute: (key: string) => number;
  /** Requests a key may make back to back before pacing starts. Default 3. */
  burst?: number;
  /** Attempts per call, the first included, before a `RateLimitedError` is rethrown. Default 8. */
  maxAttempts?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

interface KeyState {
  /** Theoretical arrival time of the next request (GCRA form of a token bucket), ms. */
  due: number;
  pausedUntil: number;
  interval: number;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A token bucket per key in its GCRA form: each key keeps the time its next request is due,
 * a request may go up to `burst - 1` intervals early, and every request moves the due time on by
 * one interval. Reserving is synchronous, so concurrent callers get distinct slots.
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const { requestsPerMinute, burst = 3, maxAttempts = 8, now = Date.now, sleep = realSleep } = options;
  const keys = new Map<string, KeyState>();

  const stateOf = (key: string): KeyState => {
    let state = keys.get(key);
    if (!state) {
      const perMinute = requestsPerMinute(key);
      if (!(perMinute > 0)) throw new RangeError(`the budget of ${key} must be a positive number of requests per minute`);
      state = { due: 0, pausedUntil: 0, interval: 60_000 / perMinute };
      keys.set(key, state);
    }
    return state;
  };

  const acquire = async (state: KeyState): Promise<void> => {
    for (;;) {
      const t = now();
      const slot = Math.max(t, state.pausedUntil, state.due - (burst - 1) * state.interval);
      state.due = Math.max(state.due, slot) + state.interval;
      if (slot > t) await sleep(slot - t);
      // A pause that began while this caller slept, and outlasts its slot, sends it behind the pause.
      if (state.pausedUntil <= slot) return;
    }
  };

  const pause = (state: KeyState, ms: number): void => {
    state.pausedUntil = Math.max(state.pausedUntil, now() + ms);
    // Resume at the sustained rate, without a burst.
    state.due = Math.max(state.due, state.pausedUntil + (burst - 1) * state.interval);
  };

  return {
    async schedule(key, fn) {
      const state = stateOf(key);
      for (let attempt = 1; ; attempt++) {
        await acquire(state);
        try {
          return await fn();
        } catch (error) {
          if (!(error instanceof RateLimitedError) || attempt >= maxAttempts) throw error;
          pause(state, error.retryAfterMs);
        }
      }
    },
  };
}
