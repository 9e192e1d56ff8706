import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Organisation } from '../organisation/organisation.ts';
import { Random } from '../random.ts';
import { TokenBucket } from '../slack/token-bucket.ts';
import { createJiraRoutes, jiraError, type JiraRequest, type JiraResponse } from './jira-routes.ts';
import { buildJiraSite, type JiraSite } from './jira-site.ts';
import { closeHttpServer } from '../close-http-server.ts';
import { createHttpFaults, type HttpFaultOptions, type HttpFaults } from '../http-faults.ts';
import { readRequestText } from '../read-request-text.ts';

/** How to start the simulated Jira Cloud site. */
export interface JiraSimulatorOptions {
  organisation: Organisation;
  /** The server's clock: issues and records after it are invisible. */
  now: Date;
  /** Multiplies every endpoint's requests per minute (default 1). */
  rateScale?: number;
  /** Requests per minute per endpoint and method before rateScale (default 600: Jira's burst limits are per second). */
  requestsPerMinute?: number;
  /**
   * The figure its 429s name in `X-RateLimit-Limit`; default the true limit a second. Another figure
   * plays a site whose header means another window than the one a connector reads it in.
   */
  namedLimit?: number;
  /** How many records to break on purpose (default 0). */
  malformed?: number;
  /** How many issues, comments and worklogs each to delete at seeded instants of the period (default 0). */
  deletions?: number;
  /** A seeded share of requests failing with 5xx, timeouts and resets; default none. */
  faults?: HttpFaultOptions;
  /** Items a page holds at most, whatever maxResults asks (a site capping pages below the request); default Jira's caps. */
  pageCap?: number;
  /** Permissions the API user lacks (`USER_PICKER`, `BROWSE_PROJECTS`; see createJiraRoutes); default none. */
  withheldPermissions?: readonly string[];
}

/** A running simulated Jira Cloud site on a loopback port. */
export interface JiraSimulator {
  /** The site's origin, e.g. `http://127.0.0.1:PORT`, to use as jira.js `host`. */
  host: string;
  /** Basic-auth email and API token of the integration user. */
  email: string;
  apiToken: string;
  /** What the site holds, for tests to compute expectations from. */
  site: JiraSite;
  /** Moves the server's clock (forward or back). */
  setNow(d: Date): void;
  /** The next `count` requests (to `endpoint`, or to any) answer 429, whatever the bucket says. */
  injectRateLimitStorm(count: number, endpoint?: string): void;
  /** From now on the API token answers 401. */
  revoke(): void;
  /** Requests received, for one endpoint (search, issue, changelog, worklog, comment, users, projects, myself, status, search-removed) or in all. */
  requests(endpoint?: string): number;
  /** 429 responses served. */
  rateLimited(): number;
  /** The fault mode: faults served, and outages of one endpoint (search, changelog, worklog, comment, users, projects, myself, status), or of one issue's (`worklog 10042`). */
  faults: HttpFaults;
  close(): Promise<void>;
}


async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const text = (await readRequestText(req)).trim();
  if (text === '') return {};
  const parsed: unknown = JSON.parse(text);
  return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
}

function send(res: ServerResponse, { status, body }: JiraResponse, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** `X-RateLimit-Reset`: the ISO minute (`yyyy-MM-ddTHH:mmZ`) by which the limit resets. */
function resetHeader(atMs: number): string {
  return `${new Date(Math.ceil(atMs / 60_000) * 60_000).toISOString().slice(0, 16)}Z`;
}

/**
 * Starts a loopback server speaking Jira Cloud REST v3 over the organisation's simulated site:
 * Basic auth with the integration user's email and API token (401 otherwise, or once revoked),
 * Jira's `{ errorMessages, errors }` error bodies, and a token bucket per endpoint and method
 * answering 429 with `Retry-After`, `X-RateLimit-Reset`, `X-RateLimit-Limit/Remaining` and
 * `RateLimit-Reason: jira-burst-based`.
 */
export async function startJiraSimulator(options: JiraSimulatorOptions): Promise<JiraSimulator> {
  const site = buildJiraSite(options.organisation, { malformed: options.malformed ?? 0, deletions: options.deletions ?? 0 });
  const perMinute = (options.requestsPerMinute ?? 600) * (options.rateScale ?? 1);
  const email = site.apiUser.email;
  const apiToken = `ATATT3x${new Random(options.organisation.seed).fork('jira-token').base36(24)}`;
  const expectedAuth = `Basic ${Buffer.from(`${email}:${apiToken}`).toString('base64')}`;
  const buckets = new Map<string, TokenBucket>();
  const counts = new Map<string, number>();
  const storms = new Map<string, number>();
  let now = options.now.getTime();
  let revoked = false;
  let limited = 0;
  let route: ReturnType<typeof createJiraRoutes> = () => null;
  const faults = createHttpFaults(options.faults);
  const faultAnswer = (status: number) => ({ contentType: 'application/json;charset=UTF-8', body: JSON.stringify(jiraError(status, 'Service unavailable.').body) });

  const takeStorm = (name: string): boolean => {
    for (const key of [name, '*']) {
      const left = storms.get(key) ?? 0;
      if (left > 0) {
        storms.set(key, left - 1);
        return true;
      }
    }
    return false;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://simulator.invalid');
    const method = (req.method ?? 'GET').toUpperCase();
    const target = route(method, url.pathname);
    if (!target) return send(res, jiraError(404, `null for uri: ${url.pathname}`));
    counts.set(target.name, (counts.get(target.name) ?? 0) + 1);
    // A per-issue endpoint's faults are keyed `<endpoint> <issue id or key>`, so one issue can be out alone.
    const issue = /^\/rest\/api\/3\/issue\/([^/]+)\//.exec(url.pathname)?.[1];
    if (faults.intercept(issue === undefined ? target.name : `${target.name} ${decodeURIComponent(issue)}`, res, faultAnswer)) return;
    if (revoked || req.headers.authorization !== expectedAuth) {
      return send(res, jiraError(401, 'Client must be authenticated to access this resource.'), { 'www-authenticate': 'Basic realm="protected-area"' });
    }

    const bucketKey = `${method} ${target.name}`;
    let bucket = buckets.get(bucketKey);
    if (!bucket) {
      bucket = new TokenBucket(perMinute, perMinute / 30, Date.now());
      buckets.set(bucketKey, bucket);
    }
    const taken = takeStorm(target.name) ? { ok: false as const, retryAfterSeconds: 1 } : bucket.take(Date.now());
    if (!taken.ok) {
      limited++;
      return send(res, jiraError(429, 'Rate limit exceeded.'), {
        'retry-after': String(taken.retryAfterSeconds),
        'x-ratelimit-reset': resetHeader(Date.now() + taken.retryAfterSeconds * 1000),
        'x-ratelimit-limit': String(options.namedLimit ?? Math.round(perMinute / 60)),
        'x-ratelimit-remaining': '0',
        'ratelimit-reason': 'jira-burst-based',
      });
    }
    const request: JiraRequest = { method, path: url.pathname, query: url.searchParams, body: method === 'POST' ? await readBody(req) : {} };
    send(res, target.handle(request, now));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) return;
      send(res, error instanceof SyntaxError ? jiraError(400, 'Unexpected character in the request body.') : jiraError(500, 'Internal server error.'));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = `http://127.0.0.1:${port}`;
  route = createJiraRoutes(site, host, options.pageCap, new Set(options.withheldPermissions));

  return {
    host,
    email,
    apiToken,
    site,
    setNow(d) {
      now = d.getTime();
    },
    injectRateLimitStorm(count, endpoint = '*') {
      storms.set(endpoint, (storms.get(endpoint) ?? 0) + count);
    },
    revoke() {
      revoked = true;
    },
    requests(endpoint) {
      return endpoint === undefined ? [...counts.values()].reduce((a, b) => a + b, 0) : (counts.get(endpoint) ?? 0);
    },
    rateLimited: () => limited,
    faults,
    close: () => closeHttpServer(server),
  };
}
