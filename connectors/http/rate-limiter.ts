import { RateLimitedError, TransientError } from '../../models/errors.ts';
import type { KeyPacing, Pacing } from '../../models/budget-share.ts';
import { currentBudgetShare } from './budget-share-context.ts';
import { recordRateLimitWait, type WaitCause } from './count-rate-limit-waits.ts';
import { joinCancellation } from './request-cancellation.ts';
import { createRetryPolicy, type RetryPolicy } from './retry-policy.ts';

/** Paces calls per key (e.g. per API method) and retries those the server rate-limited or that failed transiently. */
export interface RateLimiter {
  /**
   * Waits for a token of `key`, runs `fn`; on `RateLimitedError` pauses `key` for the server's delay
   * and retries; on a `TransientError` its client did not retry already, retries as the retry policy
   * allows (a `Retry-After` pauses the whole key, as a 503 concerns the endpoint). Once `signal`
   * is aborted, `fn` is not run (again): the call fails with the signal's reason. Each wait for
   * the key's pacing or for a pause the server asked for is recorded (see recordRateLimitWait);
   * backoff after a transient failure is not a rate-limit wait.
   */
  schedule<T>(key: string, fn: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** How many times `fn`s were run, retries included: the requests sent through the limiter. */
  attempts(): number;
}

/** Budgets, retry bound and (for tests) the clock of a rate limiter. */
export interface RateLimiterOptions {
  /**
   * Sustained budget of a key, in requests per minute; Infinity paces nothing. Read again before
   * each attempt, so a budget learnt from the server's answers applies from the next request on.
   */
  requestsPerMinute: (key: string) => number;
  /** Requests a key may make back to back before pacing starts. Default 3. */
  burst?: number;
  /**
   * The sliding window the server counts in, ms: a key never has more than its budget's share of
   * it (requestsPerMinute × windowMs / 60 000) in flight or finished less than a window ago. Default 60 000.
   */
  windowMs?: number;
  /**
   * Whether a key's budget is the whole app's (per app, tenant or method) rather than one stream's
   * (one mailbox's, one channel's). Inside withBudgetShare, an apportioned key is paced at the
   * share's part of its budget, in the share's own state; the others as always. Default: every key.
   */
  apportioned?: (key: string) => boolean;
  /** Attempts per call, the first included, before a `RateLimitedError` is rethrown. Default 8. */
  maxAttempts?: number;
  /** How transient failures are retried; default createRetryPolicy()'s production numbers. */
  retry?: RetryPolicy;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

interface KeyState {
  /** The next request's theoretical arrival time (GCRA form of a token bucket), the server's pause, the window's settled requests. */
  pacing: KeyPacing;
  /** The key's whole budget the state is paced at (requests per minute), and the part of it this state has (its budget share's, else 1). */
  budget: number;
  part: number;
  interval: number;
  /** Requests the window allows. */
  perWindow: number;
  /** Requests sent and not yet settled. */
  inFlight: number;
  /** Callers waiting for a request in flight to settle. */
  waiting: (() => void)[];
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A token bucket per key in its GCRA form, under a sliding-window cap. The bucket spreads
 * requests out: each key keeps the time its next request is due, a request may go up to
 * `burst - 1` intervals early, and every request moves the due time on by one interval; reserving
 * is synchronous, so concurrent callers get distinct slots. The cap makes a strict server window
 * (e.g. Slack's 50 in any 60 s) never overrun, bursts and network delays included: a request holds
 * a place in the window from before it is sent until a window after its answer, so every
 * request the server can count in one window held its place at the same moment. Inside
 * withBudgetShare, apportioned keys are paced at the share's part of their budgets, from and into
 * the share's pacing, so that fetches in several processes together keep to one budget.
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const { requestsPerMinute, burst = 3, windowMs = 60_000, maxAttempts = 8, now = Date.now, sleep = realSleep, retry = createRetryPolicy(), apportioned = () => true } = options;
  const keys = new Map<string, KeyState>();
  /** The states of apportioned keys, by the budget share (its live pacing) they are paced in. */
  const shared = new WeakMap<Pacing, Map<string, KeyState>>();
  let attempts = 0;

  /** Waits for `until` and records how long it took, as a wait of `cause`. */
  const timedWait = async (cause: WaitCause, until: Promise<void>): Promise<void> => {
    const from = now();
    await until;
    recordRateLimitWait(cause, now() - from);
  };

  /** The state `key` is paced in: the budget share's, at its part of the budget, for an apportioned key inside one; else the limiter's own. */
  const stateOf = (key: string): KeyState => {
    const budget = currentBudgetShare();
    const share = budget && apportioned(key) ? budget : undefined;
    let states = keys;
    if (share) {
      states = shared.get(share.pacing) ?? new Map<string, KeyState>();
      shared.set(share.pacing, states);
    }
    const whole = requestsPerMinute(key);
    if (!(whole > 0)) throw new RangeError(`the budget of ${key} must be a positive number of requests per minute`);
    let state = states.get(key);
    if (!state) {
      const pacing = share ? (share.pacing[key] ??= { due: 0, pausedUntil: 0, leaving: [] }) : { due: 0, pausedUntil: 0, leaving: [] };
      // Requests of a failed fetch of the slot may still count in the vendor's window: wait it out.
      if (share?.unsettled) pacing.pausedUntil = Math.max(pacing.pausedUntil, now() + windowMs);
      state = { pacing, budget: Number.NaN, part: share?.share ?? 1, interval: 0, perWindow: 1, inFlight: 0, waiting: [] };
      states.set(key, state);
    }
    if (state.budget !== whole) {
      const perMinute = whole * state.part;
      state.budget = whole;
      state.interval = 60_000 / perMinute;
      // A share below one request a window still sends one: see the README on stream concurrency.
      state.perWindow = Math.max(1, Math.floor((perMinute * windowMs) / 60_000));
    }
    return state;
  };

  /** Waits for a place in the key's window and takes it. */
  const enterWindow = async (state: KeyState): Promise<void> => {
    for (;;) {
      const t = now();
      const gone = state.pacing.leaving.findIndex((at) => at > t);
      state.pacing.leaving.splice(0, gone < 0 ? state.pacing.leaving.length : gone);
      const excess = state.inFlight + state.pacing.leaving.length - state.perWindow;
      if (excess < 0) {
        state.inFlight++;
        return;
      }
      // Wait for the place that frees first: a settled request's, or else one in flight settling.
      if (excess < state.pacing.leaving.length) await timedWait('paced', sleep((state.pacing.leaving[excess] as number) - t));
      else await timedWait('paced', new Promise<void>((resolve) => state.waiting.push(resolve)));
    }
  };

  const leaveWindow = (state: KeyState): void => {
    state.inFlight--;
    state.pacing.leaving.push(now() + windowMs);
    for (const wake of state.waiting.splice(0)) wake();
  };

  const acquire = async (state: KeyState): Promise<void> => {
    for (;;) {
      const t = now();
      const slot = Math.max(t, state.pacing.pausedUntil, state.pacing.due - (burst - 1) * state.interval);
      state.pacing.due = Math.max(state.pacing.due, slot) + state.interval;
      // A wait begun while the server's pause holds the key is the pause's, pacing after it included.
      if (slot > t) await timedWait(state.pacing.pausedUntil > t ? 'throttled' : 'paced', sleep(slot - t));
      // A pause that began while this caller slept, and outlasts its slot, sends it behind the pause.
      if (state.pacing.pausedUntil <= slot) return;
    }
  };

  const pause = (state: KeyState, ms: number): void => {
    state.pacing.pausedUntil = Math.max(state.pacing.pausedUntil, now() + ms);
    // Resume at the sustained rate, without a burst.
    state.pacing.due = Math.max(state.pacing.due, state.pacing.pausedUntil + (burst - 1) * state.interval);
  };

  /** How long to wait before retrying after `error` on `attempt`; rethrows it when it is not to be retried. */
  const waitAfter = (state: KeyState, error: unknown, attempt: number): number => {
    if (error instanceof RateLimitedError && attempt < maxAttempts) {
      pause(state, error.retryAfterMs);
      return 0;
    }
    if (!(error instanceof TransientError) || error.retriedByClient || !retry.allowRetry(attempt)) throw error;
    const delay = retry.delayMs(attempt, error.retryAfterMs);
    if (error.retryAfterMs === null) return delay;
    pause(state, delay);
    return 0;
  };

  return {
    async schedule(key, fn, signal) {
      // A cancelled activity sends nothing more, whichever client the request would go through.
      const stop = joinCancellation(signal);
      for (let attempt = 1; ; attempt++) {
        // The same state each time, paced at the key's budget as it stands now.
        const state = stateOf(key);
        await enterWindow(state);
        let wait: number;
        try {
          await acquire(state);
          stop?.throwIfAborted();
          attempts++;
          return await fn();
        } catch (error) {
          // A request the cancellation ended fails with its reason, however its client worded the abort.
          stop?.throwIfAborted();
          wait = waitAfter(state, error, attempt);
        } finally {
          leaveWindow(state);
        }
        if (wait > 0) await sleep(wait);
      }
    },
    attempts: () => attempts,
  };
}
