import { Version3Client } from 'jira.js';
import pLimit from 'p-limit';
import type { z } from 'zod';
import { ConfigError, SchemaDriftError } from '../../models/errors.ts';
import { createRateLimiter } from '../http/rate-limiter.ts';
import { joinCancellation } from '../http/request-cancellation.ts';
import type { RetryPolicy } from '../http/retry-policy.ts';
import { classifyJiraError, jiraBurstLimitPerSecond } from './classify-jira-error.ts';
import type { JiraEndpoint } from './jira-endpoint.ts';

/** How the Jira connector reaches the REST API. */
export interface JiraApiOptions {
  /** The site's origin, e.g. https://your-site.atlassian.net (JIRA_HOST). */
  host: string;
  email: string;
  apiToken: string;
  /**
   * Requests per minute per endpoint until the site names its limit. Default none: Atlassian
   * publishes no figure for API-token traffic, so an endpoint goes unpaced (within `concurrency`)
   * until its first burst-based 429, and from then on at learntShare of the limit that 429 named.
   */
  requestsPerMinute?: number;
  /** Requests in flight at once; default 4. */
  concurrency?: number;
  /** Per-request timeout; default 30 s. */
  timeoutMs?: number;
  /** How transient failures are retried (jira.js retries nothing itself); default createRetryPolicy()'s. */
  retry?: RetryPolicy;
}

/** Paced, bounded, error-classified access to Jira Cloud REST v3. */
export interface JiraApi {
  /**
   * One call of `endpoint` made by `send` with the real client, its answer parsed by `schema` (an
   * allow-list). Once `signal` is aborted (its stream failed), or the work the call is part of is
   * cancelled (see withCancellation), the call is not sent (nor retried), and a request in flight is aborted.
   */
  call<T extends z.ZodType>(endpoint: JiraEndpoint, send: (client: Version3Client) => Promise<unknown>, schema: T, signal?: AbortSignal): Promise<z.infer<T>>;
  /** REST requests sent so far, retries included (jira.js retries nothing itself). */
  requestsMade(): number;
}

/**
 * The part of the burst limit a 429 named that an endpoint is paced at afterwards: a twentieth
 * below it leaves room for the site's clock and the connector's to disagree, so once the limit is
 * known no request finds the site's bucket empty.
 */
const learntShare = 0.95;

/**
 * The pace (requests a minute) an endpoint takes after a burst-based 429 naming `namedPerSecond`,
 * for a request sent at `pacedAt` (undefined: unpaced, nothing learnt yet). A request refused
 * although paced below the named limit shows the limit was misread (another window than a
 * second) or the site's bucket runs slower than it says: the pace is halved instead, until the
 * refusals stop, but never below a quarter of the named limit. Refusals at that pace come from
 * other traffic on the site (another worker not yet paced, another app), which each 429's
 * Retry-After already waits out: without the floor they would slow a long-lived worker for good.
 */
export function paceAfterRefusal(pacedAt: number | undefined, namedPerSecond: number): number {
  const named = namedPerSecond * 60 * learntShare;
  return pacedAt === undefined || named < pacedAt ? named : Math.max(pacedAt / 2, named / 4);
}

/**
 * jira.js `Version3Client`s (Basic auth with email and API token) behind a per-endpoint rate
 * limiter and a p-limit bound on requests in flight; failures come out classified by
 * `classifyJiraError`; rate-limited calls are retried after the server's delay, transient ones
 * (5xx, timeouts, resets) under the retry policy. An endpoint's pace is learnt from the site: a
 * burst-based 429 names the endpoint's limit a second (see jiraBurstLimitPerSecond), and the
 * endpoint is paced at learntShare of it from the retry on, whatever budget it had, or slower
 * (see paceAfterRefusal); a pace once learnt never rises. jira.js takes no signal per request, only in the
 * axios settings a client is made with: a call that can be aborted gets a client of its own
 * carrying its signal (about 0.7 ms to make), so aborting closes the socket; the others share one.
 */
export function createJiraApi(options: JiraApiOptions): JiraApi {
  const connect = (signal?: AbortSignal): Version3Client =>
    new Version3Client({
      host: options.host,
      authentication: { basic: { email: options.email, apiToken: options.apiToken } },
      baseRequestConfig: { timeout: options.timeoutMs ?? 30_000, ...(signal ? { signal } : {}) },
    });
  let client: Version3Client;
  try {
    client = connect();
  } catch {
    throw new ConfigError('JIRA_HOST is not a URL: set it to the site address, e.g. https://your-site.atlassian.net', 'JIRA_HOST', 'jira');
  }
  const opening = options.requestsPerMinute ?? Number.POSITIVE_INFINITY;
  /** Requests per minute per endpoint, from the limits the site named. */
  const learnt = new Map<string, number>();
  const limiter = createRateLimiter({ requestsPerMinute: (endpoint) => learnt.get(endpoint) ?? opening, ...(options.retry ? { retry: options.retry } : {}) });
  const inFlight = pLimit(options.concurrency ?? 4);

  return {
    async call(endpoint, send, schema, signal) {
      const body = await inFlight(() =>
        limiter.schedule(
          endpoint,
          async () => {
            const abort = joinCancellation(signal);
            const pacedAt = learnt.get(endpoint);
            try {
              return await send(abort ? connect(abort) : client);
            } catch (error) {
              const named = jiraBurstLimitPerSecond(error);
              // Requests refused together at one pace slow it down once.
              if (named !== null) learnt.set(endpoint, Math.min(learnt.get(endpoint) ?? Number.POSITIVE_INFINITY, paceAfterRefusal(pacedAt, named)));
              throw classifyJiraError(error, endpoint);
            }
          },
          signal,
        ),
      );
      const parsed = schema.safeParse(body);
      if (!parsed.success) throw new SchemaDriftError(`Jira ${endpoint} answered in an unexpected shape`, 'jira');
      return parsed.data;
    },
    requestsMade: () => limiter.attempts(),
  };
}
