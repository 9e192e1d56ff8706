import { HttpException } from 'jira.js';
import { z } from 'zod';
import { AttuneError, AuthError, ConfigError, RateLimitedError, TransientError } from '../../models/errors.ts';
import { RecordGoneError } from '../http/record-gone-error.ts';
import { parseRetryAfter } from '../http/retry-policy.ts';
import type { JiraEndpoint } from './jira-endpoint.ts';

const tokenSetting = 'JIRA_API_TOKEN';
const emailSetting = 'JIRA_EMAIL';
const hostSetting = 'JIRA_HOST';
/** Used when a 429 carries neither Retry-After nor X-RateLimit-Reset. */
const defaultRetryAfterMs = 10_000;
const perIssue = new Set<JiraEndpoint>(['issue', 'changelog', 'worklog', 'comment']);
const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ECONNABORTED', 'EPIPE', 'EAI_AGAIN', 'ERR_NETWORK', 'ERR_SOCKET_CONNECTION_TIMEOUT']);

/** What a 429 says about when to come back: the headers of the response jira.js wraps in `cause`. */
const RateLimitHeaders = z.object({
  'retry-after': z.string().optional().catch(undefined),
  'x-ratelimit-reset': z.string().optional().catch(undefined),
  'x-ratelimit-limit': z.string().optional().catch(undefined),
  'ratelimit-reason': z.string().optional().catch(undefined),
});
/** jira.js keeps the response (its headers an AxiosHeaders instance) on the HttpException's `cause`. */
const Caused = z.object({ cause: z.object({ response: z.object({ headers: RateLimitHeaders }) }) });
const NetworkFailure = z.object({ code: z.string() });

/** The delay a 429 asks for: `Retry-After` seconds, else until `X-RateLimit-Reset` (an ISO time), else a default. */
export function jiraRetryAfterMs(error: unknown, now: number): number {
  const { 'retry-after': header, 'x-ratelimit-reset': reset } = Caused.safeParse(error).data?.cause.response.headers ?? {};
  const retryAfter = parseRetryAfter(header, now);
  if (retryAfter !== null) return retryAfter;
  const resetAt = reset === undefined ? Number.NaN : Date.parse(reset);
  if (!Number.isNaN(resetAt)) return Math.max(1000, resetAt - now);
  return defaultRetryAfterMs;
}

/**
 * The limit a 429 of Jira's burst limiter names, in requests a second, or null when the 429 names
 * none, or no whole number of requests. Atlassian documents the burst limit (`RateLimit-Reason:
 * jira-burst-based`) as per second, for one site, endpoint and HTTP method, and `X-RateLimit-Limit`
 * as the requests allowed in the limit's window; a cost- or quota-based 429 names a budget of
 * another kind, so it teaches nothing.
 */
export function jiraBurstLimitPerSecond(error: unknown): number | null {
  if (!(error instanceof HttpException) || error.status !== 429) return null;
  const headers = Caused.safeParse(error).data?.cause.response.headers;
  if (headers?.['ratelimit-reason'] !== 'jira-burst-based') return null;
  // A count of requests: a fraction or zero is no limit to pace at (0.01 would mean one request every 100 s, for good).
  const limit = Number(headers['x-ratelimit-limit']);
  return Number.isSafeInteger(limit) && limit >= 1 ? limit : null;
}

/**
 * Translates whatever a jira.js call threw into the taxonomy of models/errors.ts, or into the
 * connector-internal `RecordGoneError` (an issue gone between search and fetch). jira.js does not
 * retry: a 429 becomes a `RateLimitedError` with the server's delay, for attune's rate limiter to
 * honour. Messages carry the endpoint and the HTTP status only: never bodies, ids, the email or the token
 * (the raw error holds the Authorization header in its request config, so it is never passed on).
 */
export function classifyJiraError(error: unknown, endpoint: JiraEndpoint, now: () => number = Date.now): Error {
  if (error instanceof AttuneError || error instanceof RecordGoneError) return error;
  if (error instanceof HttpException) return classifyStatus(error, endpoint, now);
  const code = NetworkFailure.safeParse(error).data?.code;
  if (code === 'ENOTFOUND') {
    return new ConfigError(`the Jira host could not be found: check ${hostSetting} (e.g. https://your-site.atlassian.net)`, hostSetting, 'jira');
  }
  if (code !== undefined && networkCodes.has(code)) return new TransientError(`Jira ${endpoint} failed on the network (${code})`, 'jira');
  return new ConfigError(`Jira ${endpoint} answered with something that is not the Jira REST API: check ${hostSetting}`, hostSetting, 'jira');
}

function classifyStatus(error: HttpException, endpoint: JiraEndpoint, now: () => number): Error {
  const status = error.status;
  if (status === 429) return new RateLimitedError(`Jira rate-limited ${endpoint}`, jiraRetryAfterMs(error, now()), 'jira');
  if (status === 401) {
    return new AuthError(
      `Jira refused the credentials (HTTP 401): set ${emailSetting} to the email of an active Atlassian account and ${tokenSetting} to a current API token of that account, then run again`,
      tokenSetting,
      'jira',
    );
  }
  if (status === 403) {
    return new AuthError(
      `Jira denied ${endpoint} (HTTP 403): the account of ${emailSetting} needs the "Browse users and groups" global permission and "Browse projects" on the projects to read; check ${tokenSetting} belongs to it`,
      tokenSetting,
      'jira',
    );
  }
  if (status === 404 && perIssue.has(endpoint)) return new RecordGoneError('a Jira issue');
  if (status === 408 || status >= 500) {
    const retryAfterMs = parseRetryAfter(Caused.safeParse(error).data?.cause.response.headers['retry-after'], now());
    return new TransientError(`Jira ${endpoint} answered HTTP ${status}`, 'jira', { retryAfterMs });
  }
  return new ConfigError(`Jira ${endpoint} answered HTTP ${status}: check ${hostSetting} is the site's address (e.g. https://your-site.atlassian.net)`, hostSetting, 'jira');
}
