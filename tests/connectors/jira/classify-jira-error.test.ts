import { HttpException } from 'jira.js';
import { describe, expect, it } from 'vitest';
import { classifyJiraError, jiraBurstLimitPerSecond, jiraRetryAfterMs } from '../../../connectors/jira/classify-jira-error.ts';
import { RecordGoneError } from '../../../connectors/http/record-gone-error.ts';
import { AuthError, ConfigError, RateLimitedError, TransientError } from '../../../models/errors.ts';

/** An HttpException as jira.js builds it from an axios error: the response (with headers) on `cause`. */
function httpError(status: number, headers: Record<string, string> = {}): HttpException {
  const response = { status, headers, data: { errorMessages: ['secret summary ATTUNE-CANARY'], errors: {} } };
  return new HttpException({ message: `Request failed with status code ${status}`, status, data: response.data }, status, { cause: { response } });
}

const now = Date.parse('2026-03-02T10:00:20Z');

describe('classifyJiraError', () => {
  it('turns a 429 into a RateLimitedError with the delay of Retry-After, else of X-RateLimit-Reset, else a default', () => {
    const retryAfter = classifyJiraError(httpError(429, { 'retry-after': '7', 'x-ratelimit-reset': '2026-03-02T10:05Z' }), 'search', () => now);
    expect(retryAfter).toBeInstanceOf(RateLimitedError);
    expect((retryAfter as RateLimitedError).retryAfterMs).toBe(7000);
    expect(jiraRetryAfterMs(httpError(429, { 'x-ratelimit-reset': '2026-03-02T10:01Z' }), now)).toBe(40_000);
    expect(jiraRetryAfterMs(httpError(429, { 'x-ratelimit-reset': '2026-03-02T09:59Z' }), now)).toBe(1000);
    expect(jiraRetryAfterMs(httpError(429, { 'retry-after': 'soon' }), now)).toBe(10_000);
    expect(jiraRetryAfterMs(httpError(429), now)).toBe(10_000);
  });

  it("reads the limit a burst-based 429 names, and nothing from other 429s or other statuses", () => {
    const burst = { 'retry-after': '1', 'x-ratelimit-limit': '10', 'ratelimit-reason': 'jira-burst-based' };
    expect(jiraBurstLimitPerSecond(httpError(429, burst))).toBe(10);
    expect(jiraBurstLimitPerSecond(httpError(429, { ...burst, 'ratelimit-reason': 'jira-quota-tenant-based' }))).toBeNull();
    expect(jiraBurstLimitPerSecond(httpError(429, { ...burst, 'x-ratelimit-limit': 'many' }))).toBeNull();
    expect(jiraBurstLimitPerSecond(httpError(429, { ...burst, 'x-ratelimit-limit': '0' }))).toBeNull();
    // A fraction is no count of requests: taken, 0.01 would pace the endpoint at one request every 105 s, for good.
    expect(jiraBurstLimitPerSecond(httpError(429, { ...burst, 'x-ratelimit-limit': '0.01' }))).toBeNull();
    expect(jiraBurstLimitPerSecond(httpError(429, { ...burst, 'x-ratelimit-limit': '2.5' }))).toBeNull();
    expect(jiraBurstLimitPerSecond(httpError(503, burst))).toBeNull();
    expect(jiraBurstLimitPerSecond(new Error('Rate limit exceeded.'))).toBeNull();
  });

  it('names the settings to fix for 401 and 403, and never repeats the body', () => {
    for (const status of [401, 403]) {
      const error = classifyJiraError(httpError(status), 'users');
      expect(error).toBeInstanceOf(AuthError);
      expect((error as AuthError).setting).toBe('JIRA_API_TOKEN');
      expect(error.message).toMatch(/JIRA_EMAIL/);
      expect(error.message).not.toMatch(/CANARY|summary/);
    }
  });

  it('skips an issue gone between search and fetch, retries 5xx and network failures, and points at JIRA_HOST otherwise', () => {
    expect(classifyJiraError(httpError(404), 'changelog')).toBeInstanceOf(RecordGoneError);
    expect(classifyJiraError(httpError(404), 'search')).toBeInstanceOf(ConfigError);
    for (const status of [500, 502, 503, 408]) expect(classifyJiraError(httpError(status), 'worklog')).toBeInstanceOf(TransientError);
    expect(classifyJiraError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1'), { code: 'ECONNREFUSED' }), 'search')).toBeInstanceOf(TransientError);
    const notFound = classifyJiraError(Object.assign(new Error('getaddrinfo ENOTFOUND x'), { code: 'ENOTFOUND' }), 'myself');
    expect(notFound).toBeInstanceOf(ConfigError);
    expect((notFound as ConfigError).setting).toBe('JIRA_HOST');
    expect(classifyJiraError(httpError(410), 'search')).toBeInstanceOf(ConfigError);
    expect(classifyJiraError(new SyntaxError('Unexpected token < in JSON'), 'search')).toBeInstanceOf(ConfigError);
  });
});
