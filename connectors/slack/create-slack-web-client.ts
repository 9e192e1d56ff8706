import { LogLevel, WebClient } from '@slack/web-api';
import type { Logger } from '@slack/web-api';

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

/**
 * The real `WebClient`, configured for attune: rate-limited calls are rejected at once (attune's
 * rate limiter owns the waiting), network and 5xx failures get two quick retries, requests time
 * out after 30 s, and nothing is logged.
 */
export function createSlackWebClient(token: string, apiUrl: string | undefined): WebClient {
  return new WebClient(token, {
    ...(apiUrl === undefined ? {} : { slackApiUrl: apiUrl }),
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 2_000, randomize: true },
    timeout: 30_000,
    logger: silentLogger,
  });
}
