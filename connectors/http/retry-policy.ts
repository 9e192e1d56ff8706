import { joinCancellation } from './request-cancellation.ts';

/** The numbers of the retry policy every source follows; defaults suit the vendors' production APIs. */
export interface RetryPolicyOptions {
  /** Attempts per request, the first included. Default 5. */
  attemptsPerRequest?: number;
  /** The first retry waits about this long when the server names no delay; each further retry doubles it. Default 1 000 ms. */
  baseDelayMs?: number;
  /** No wait is longer, the server's own included. Default 60 000 ms. */
  maxDelayMs?: number;
  /** Retries of transient failures one connector (one run) may make in all; past it, failures are final. Default 500. */
  retriesPerRun?: number;
  /** A float in [0, 1), for the jitter; default Math.random. */
  random?: () => number;
}

/**
 * One source's retry policy for transient failures (5xx, timeouts, reset connections): bounded
 * attempts per request, exponential backoff with jitter, the server's `Retry-After` when it names
 * one, and a budget of retries for the whole run. attune's rate limiter follows it, and so do the
 * vendors' own retry handlers where attune configures them (Graph's RetryHandler, the Slack
 * client's and gaxios' retries), so every retry is bounded and counted in one place.
 */
export interface RetryPolicy {
  readonly attemptsPerRequest: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /**
   * Whether retry number `retry` (1 for the first) of a request may go ahead: within the attempts
   * per request and the run's budget. A true answer spends one retry of the budget.
   */
  allowRetry(retry: number): boolean;
  /** allowRetry for a vendor client's own retry: a request attune's rate limiter never sees, so it is counted here. */
  allowClientRetry(retry: number): boolean;
  /** The wait before retry number `retry`: the server's delay when it named one (capped), else base × 2^(retry−1), half of it jittered. */
  delayMs(retry: number, serverDelayMs: number | null): number;
  /** Retries spent so far, by attune and by the vendors' clients. */
  retries(): number;
  /** Retries the vendors' clients made (see allowClientRetry). */
  clientRetries(): number;
}

/** Builds a retry policy; bad numbers are a RangeError naming the option. */
export function createRetryPolicy(options: RetryPolicyOptions = {}): RetryPolicy {
  const { attemptsPerRequest = 5, baseDelayMs = 1_000, maxDelayMs = 60_000, retriesPerRun = 500, random = Math.random } = options;
  if (!Number.isInteger(attemptsPerRequest) || attemptsPerRequest < 1) throw new RangeError('attemptsPerRequest must be a whole number of at least 1');
  if (!(baseDelayMs >= 0) || !(maxDelayMs >= baseDelayMs)) throw new RangeError('baseDelayMs must be at least 0 and maxDelayMs at least baseDelayMs');
  if (!Number.isInteger(retriesPerRun) || retriesPerRun < 0) throw new RangeError('retriesPerRun must be a whole number of at least 0');
  let spent = 0;
  let byClients = 0;
  const allowRetry = (retry: number): boolean => {
    // Work that was cancelled (see withCancellation) retries nothing.
    if (retry >= attemptsPerRequest || spent >= retriesPerRun || joinCancellation()?.aborted) return false;
    spent++;
    return true;
  };
  return {
    attemptsPerRequest,
    baseDelayMs,
    maxDelayMs,
    allowRetry,
    allowClientRetry(retry) {
      const allowed = allowRetry(retry);
      if (allowed) byClients++;
      return allowed;
    },
    delayMs(retry, serverDelayMs) {
      if (serverDelayMs !== null) return Math.min(maxDelayMs, Math.max(0, serverDelayMs));
      const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, retry - 1));
      return ceiling / 2 + (random() * ceiling) / 2;
    },
    retries: () => spent,
    clientRetries: () => byClients,
  };
}

/** A `Retry-After` header's delay in ms (delta-seconds or an HTTP date, as RFC 9110 allows), or null when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : null;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
