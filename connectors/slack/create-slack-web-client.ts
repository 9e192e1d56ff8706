import { LogLevel, WebAPIHTTPError, WebClient } from '@slack/web-api';
import type { Logger, RetryOptions } from '@slack/web-api';
import { cancellableFetch } from '../http/request-cancellation.ts';
import { parseRetryAfter, type RetryPolicy } from '../http/retry-policy.ts';

const silent = (): void => {};

/** A logger that drops everything: the library must never log requests, responses or ids. */
const silentLogger: Logger = {
  debug: silent,
  info: silent,
  warn: silent,
  error: silent,
  setLevel: silent,
  getLevel: () => LogLevel.ERROR,
  setName: silent,
};

/** How the Web API client is reached and how it retries. */
export interface SlackWebClientOptions {
  token: string;
  apiUrl?: string;
  /** The run's retry policy, which the client's own retries (network failures, 5xx) follow. */
  retry: RetryPolicy;
  /** Per-request timeout; default 30 s. */
  timeoutMs?: number;
}

/**
 * The real `WebClient`, configured for attune: rate-limited calls are rejected at once (attune's
 * rate limiter owns the waiting); the client's own retries handle network failures, timeouts and
 * 5xx with the policy's attempts, backoff and jitter, each retry taken from the run's budget,
 * except a 5xx naming a Retry-After, which the client would not wait for: that one comes back
 * at once for attune's rate limiter to honour. A cancelled activity's requests are aborted
 * (cancellableFetch). Nothing is logged.
 */
export function createSlackWebClient(options: SlackWebClientOptions): WebClient {
  const { retry } = options;
  // The client hands retryConfig to p-retry, whose onFailedAttempt stops the retries by throwing; Slack's type leaves it out.
  const retryConfig: RetryOptions & { onFailedAttempt: (error: Error & { attemptNumber: number }) => void } = {
    retries: retry.attemptsPerRequest - 1,
    factor: 2,
    minTimeout: retry.baseDelayMs,
    maxTimeout: retry.maxDelayMs,
    randomize: true,
    onFailedAttempt: (error) => {
      const namesDelay = error instanceof WebAPIHTTPError && parseRetryAfter(error.headers['retry-after']) !== null;
      if (namesDelay || !retry.allowClientRetry(error.attemptNumber)) throw error;
    },
  };
  return new WebClient(options.token, {
    ...(options.apiUrl === undefined ? {} : { slackApiUrl: options.apiUrl }),
    rejectRateLimitedCalls: true,
    retryConfig,
    timeout: options.timeoutMs ?? 30_000,
    logger: silentLogger,
    fetch: cancellableFetch((url, init) => fetch(url, init)),
  });
}
