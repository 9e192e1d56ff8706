import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Organisation } from '../organisation/organisation.ts';
import { TokenBucket } from '../slack/token-bucket.ts';
import { createGmailMailboxes, GMAIL_READ_SCOPES, GMAIL_SEND_SCOPES, type GmailDelivery } from './gmail-mailboxes.ts';
import { googleError, type GoogleErrorResponse } from './google-error.ts';
import { googleOpaqueToken } from './google-opaque-token.ts';
import { buildGoogleTenant, type GoogleTenant } from './google-tenant.ts';
import { createGoogleTokenService, type GoogleServiceAccountKey } from './google-token-service.ts';
import { InvalidFieldSelectionError, partialResponse } from './google-partial-response.ts';
import { listGoogleEvents } from './list-google-events.ts';
import { closeHttpServer } from '../close-http-server.ts';
import { createHttpFaults, type HttpFaultOptions, type HttpFaults } from '../http-faults.ts';
import { readRequestText } from '../read-request-text.ts';

/** How to start the simulated Google Workspace APIs. */
export interface GoogleSimulatorOptions {
  organisation: Organisation;
  /** The server's clock: events created after it are invisible, cancellations after it not yet made. */
  now: Date;
  /** Multiplies every documented rate limit (default 1). */
  rateScale?: number;
  /** Event instances to make malformed (default 0). */
  malformed?: number;
  /** Age after which a sync token answers 410 (default 28 days of server clock). */
  syncTokenTtlDays?: number;
  host?: string;
  /** A seeded share of API calls (not token calls) failing with 5xx, timeouts and resets; default none. */
  faults?: HttpFaultOptions;
  /** Users and events a page holds at most, whatever maxResults asks; default Google's own caps (500, 2500). */
  pageCap?: number;
  /** The scopes domain-wide delegation grants (a token asking another is refused `unauthorized_client`); default DELEGATED_SCOPES. */
  delegatedScopes?: readonly string[];
}

/** What a connector needs to reach the simulator the way it reaches Google: a delegated service account. */
export interface GoogleSimulatorCredentials {
  /** A service account key file's content; its `token_uri` points at the simulator. */
  serviceAccount: GoogleServiceAccountKey;
  /** The super administrator to impersonate for the Directory. */
  adminEmail: string;
}

/** Which requests a counter counts. */
export type GoogleRequestKind = 'token' | 'users' | 'settings' | 'events' | 'gmail';

/** What an injected storm answers. */
export type GoogleStormKind = 'rateLimitExceeded' | 'userRateLimitExceeded' | 'tooManyRequests';

/** A running simulated Google Workspace on a loopback port. */
export interface GoogleSimulator {
  /** The APIs' rootUrl (ends with '/'); the token endpoint is `${url}token`. */
  url: string;
  credentials: GoogleSimulatorCredentials;
  tenant: GoogleTenant;
  setNow(d: Date): void;
  /** The next `count` API calls (not token calls) answer with the throttle `kind` (default 403 rateLimitExceeded). */
  injectRateLimitStorm(count: number, kind?: GoogleStormKind): void;
  /** The next `count` API calls answer 503 backendError. */
  injectServerErrors(count: number): void;
  /** Every sync token issued so far answers 410 fullSyncRequired. */
  expireSyncTokens(): void;
  /** Withdraws the domain-wide delegation: token requests and issued tokens are refused. */
  revoke(): void;
  /** Every message sent through Gmail, one record per addressee, oldest first. */
  deliveries(): GmailDelivery[];
  /** From now on Gmail gives sent messages a Message-ID of its own (see GmailMailboxes.replaceMessageIds). */
  replaceGmailMessageIds(): void;
  /** Requests received, of one kind or in all. */
  requests(kind?: GoogleRequestKind): number;
  /** Throttled answers (403 rate limits and 429) served. */
  rateLimited(): number;
  /** Calendar events served with a title, description or location (a `fields` selection leaves them out). */
  contentServed(): number;
  /** Calendar event items served by events.list, in all. */
  itemsServed(): number;
  /** The fault mode: faults served, and outages of one endpoint (`users`, `settings`, `events:<address>`, `gmail`). */
  faults: HttpFaults;
  close(): Promise<void>;
}

const SCOPE_DIRECTORY = 'https://www.googleapis.com/auth/admin.directory.user.readonly';
const SCOPE_CALENDAR = 'https://www.googleapis.com/auth/calendar.readonly';
/** Calendar: 600 requests a minute per user, 10 000 per project; Directory: 2 400 a minute per user; Gmail: 15 000 units a minute per user, 3 000 reads. */
const RATES = { calendarPerUser: 600, calendarPerProject: 10_000, directoryPerUser: 2_400, gmailPerUser: 3_000 };
const PER_USER = { calendar: RATES.calendarPerUser, directory: RATES.directoryPerUser, gmail: RATES.gmailPerUser } as const;
const DAY_MS = 86_400_000;
/** The fields of a Calendar event that are content: what its people wrote. */
const CONTENT_FIELDS = ['summary', 'description', 'location'];
const EVENTS_PATH = /^\/calendar\/v3\/calendars\/([^/]+)\/events$/;
const GMAIL_PATH = /^\/gmail\/v1\/users\/([^/]+)\/messages(?:\/([^/]+))?$/;

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', 'content-length': Buffer.byteLength(text), vary: 'Origin, X-Origin, Referer', ...headers });
  res.end(text);
}

const sendError = (res: ServerResponse, error: GoogleErrorResponse, headers: Record<string, string> = {}) => send(res, error.status, error.body, headers);

function stormError(kind: GoogleStormKind): GoogleErrorResponse {
  if (kind === 'tooManyRequests') return googleError(429, 'rateLimitExceeded', 'Rate Limit Exceeded', 'usageLimits');
  return googleError(403, kind, kind === 'rateLimitExceeded' ? 'Rate Limit Exceeded' : 'User Rate Limit Exceeded', 'usageLimits');
}

/**
 * Starts a loopback server speaking Google's wire formats over a simulated organisation: the
 * OAuth token endpoint of a delegated service account (`POST /token`, JWT bearer grant; tokens are
 * bound to the impersonated user), Admin SDK Directory `GET /admin/directory/v1/users` (admin
 * subject only), Calendar `GET /calendar/v3/users/me/settings/timezone` and
 * `GET /calendar/v3/calendars/{primary|own address}/events` (see listGoogleEvents; a `fields`
 * selection cuts the answer down as Google's partial responses do), Gmail
 * `users/{me|own address}/messages` send, list and get (see createGmailMailboxes). Errors use
 * Google's JSON error shape; throttling is per impersonated user (403 rateLimitExceeded) and per
 * project (429), at the documented rates × rateScale.
 */
export async function startGoogleSimulator(opts: GoogleSimulatorOptions): Promise<GoogleSimulator> {
  const tenant = buildGoogleTenant(opts.organisation, { malformed: opts.malformed ?? 0 });
  const scale = opts.rateScale ?? 1;
  const host = opts.host ?? '127.0.0.1';
  const ttl = (opts.syncTokenTtlDays ?? 28) * DAY_MS;
  const users = new Map(tenant.users.map((u) => [u.email, u]));
  const activeUsers = new Set(tenant.users.filter((u) => !u.suspended).map((u) => u.email));
  const admins = new Set(tenant.users.filter((u) => u.resource.isAdmin === true).map((u) => u.email));
  const project = new TokenBucket(RATES.calendarPerProject * scale, (RATES.calendarPerProject * scale) / 6, Date.now());
  const perUser = new Map<string, TokenBucket>();
  const counts = new Map<GoogleRequestKind, number>();
  let now = opts.now.getTime();
  let generation = 1;
  let storm: { count: number; kind: GoogleStormKind } = { count: 0, kind: 'rateLimitExceeded' };
  let failures = 0;
  let limited = 0;
  let contentServed = 0;
  let itemsServed = 0;
  let baseUrl = '';
  let tokens: ReturnType<typeof createGoogleTokenService> | null = null;
  const gmail = createGmailMailboxes();
  const faults = createHttpFaults(opts.faults);
  const faultAnswer = (status: number) => ({ contentType: 'application/json; charset=UTF-8', body: JSON.stringify(googleError(status, 'backendError', 'Backend Error').body) });

  const count = (kind: GoogleRequestKind) => counts.set(kind, (counts.get(kind) ?? 0) + 1);
  const userBucket = (key: string, perMinute: number) => {
    let bucket = perUser.get(key);
    if (!bucket) {
      bucket = new TokenBucket(perMinute * scale, (perMinute * scale) / 6, Date.now());
      perUser.set(key, bucket);
    }
    return bucket;
  };

  /** Auth, scope (any of `scopes`), storms and throttling shared by every API call: the grant when the call may proceed. */
  const gate = (req: IncomingMessage, scopes: readonly string[], api: 'directory' | 'calendar' | 'gmail'): { error: GoogleErrorResponse; headers?: Record<string, string> } | { subject: string; scopes: string[] } => {
    const header = req.headers.authorization ?? '';
    const bearer = /^Bearer (\S+)$/i.exec(header)?.[1] ?? null;
    if (!bearer) return { error: googleError(401, 'required', 'Login Required.') };
    const grant = tokens?.resolve(bearer) ?? null;
    if (!grant) return { error: googleError(401, 'authError', 'Invalid Credentials') };
    if (!scopes.some((scope) => grant.scopes.includes(scope))) return { error: googleError(403, 'insufficientPermissions', 'Request had insufficient authentication scopes.') };
    if (failures > 0) {
      failures--;
      return { error: googleError(503, 'backendError', 'Backend Error') };
    }
    if (storm.count > 0) {
      storm = { ...storm, count: storm.count - 1 };
      limited++;
      return { error: stormError(storm.kind), headers: storm.kind === 'tooManyRequests' ? { 'retry-after': '1' } : {} };
    }
    const t = Date.now();
    const mine = userBucket(`${api}:${grant.subject}`, PER_USER[api]).take(t);
    if (!mine.ok) {
      limited++;
      return { error: stormError(api === 'calendar' ? 'rateLimitExceeded' : 'userRateLimitExceeded') };
    }
    if (api === 'calendar') {
      const all = project.take(t);
      if (!all.ok) {
        limited++;
        return { error: stormError('tooManyRequests'), headers: { 'retry-after': String(all.retryAfterSeconds) } };
      }
    }
    return grant;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', baseUrl);
    const path = url.pathname;
    if (req.method === 'POST' && path === '/token') {
      count('token');
      const answer = tokens?.exchange(new URLSearchParams(await readRequestText(req))) ?? { status: 500, body: {} };
      return send(res, answer.status, answer.body, { 'cache-control': 'no-cache, no-store, max-age=0, must-revalidate' });
    }
    const gmailCall = GMAIL_PATH.exec(path);
    if (gmailCall) {
      count('gmail');
      if (faults.intercept('gmail', res, faultAnswer)) return;
      const [, userId = '', id] = gmailCall.map((part) => (part === undefined ? undefined : decodeURIComponent(part)));
      const sending = req.method === 'POST' && id === 'send';
      if (req.method !== (sending ? 'POST' : 'GET')) return sendError(res, googleError(404, 'notFound', 'Not Found'));
      const gated = gate(req, sending ? GMAIL_SEND_SCOPES : GMAIL_READ_SCOPES, 'gmail');
      if ('error' in gated) return sendError(res, gated.error, gated.headers);
      if (userId !== 'me' && userId.toLowerCase() !== gated.subject) return sendError(res, googleError(403, 'forbidden', 'Delegation denied for the requested user'));
      const answer = sending
        ? gmail.send(gated.subject, await readRequestText(req), now)
        : id === undefined
          ? gmail.list(gated.subject, url.searchParams, gated.scopes)
          : gmail.get(gated.subject, id, url.searchParams, gated.scopes);
      return send(res, answer.status, answer.body);
    }
    if (req.method !== 'GET') return sendError(res, googleError(404, 'notFound', 'Not Found'));

    if (path === '/admin/directory/v1/users') {
      count('users');
      if (faults.intercept('users', res, faultAnswer)) return;
      const gated = gate(req, [SCOPE_DIRECTORY], 'directory');
      if ('error' in gated) return sendError(res, gated.error, gated.headers);
      if (!admins.has(gated.subject)) return sendError(res, googleError(403, 'forbidden', 'Not Authorized to access this resource/api'));
      if (url.searchParams.get('customer') !== 'my_customer' && url.searchParams.get('domain') !== tenant.domain) {
        return sendError(res, googleError(400, 'invalid', 'Bad Request'));
      }
      const max = Math.min(500, opts.pageCap ?? 500, Number(url.searchParams.get('maxResults') ?? 100));
      const token = url.searchParams.get('pageToken');
      const offset = token === null ? 0 : googleOpaqueToken.decode('page', token)?.o;
      if (!Number.isInteger(max) || max < 1 || offset === undefined) return sendError(res, googleError(400, 'invalid', 'Invalid Input'));
      const page = tenant.users.slice(offset, offset + max);
      const more = offset + max < tenant.users.length;
      return send(res, 200, {
        kind: 'admin#directory#users',
        etag: `"dir${tenant.users.length}"`,
        users: page.map((u) => u.resource),
        ...(more ? { nextPageToken: googleOpaqueToken.encode('page', { o: offset + max }) } : {}),
      });
    }

    if (path === '/calendar/v3/users/me/settings/timezone') {
      count('settings');
      if (faults.intercept('settings', res, faultAnswer)) return;
      const gated = gate(req, [SCOPE_CALENDAR], 'calendar');
      if ('error' in gated) return sendError(res, gated.error, gated.headers);
      const user = users.get(gated.subject);
      return send(res, 200, { kind: 'calendar#setting', etag: '"tz1"', id: 'timezone', value: user?.timeZoneSetting ?? 'UTC' });
    }

    const events = EVENTS_PATH.exec(path);
    if (events) {
      count('events');
      if (faults.intercept(`events:${tokens?.resolve(/^Bearer (\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '')?.subject ?? ''}`, res, faultAnswer)) return;
      const gated = gate(req, [SCOPE_CALENDAR], 'calendar');
      if ('error' in gated) return sendError(res, gated.error, gated.headers);
      const calendarId = decodeURIComponent(events[1] ?? '').toLowerCase();
      const owner = calendarId === 'primary' ? gated.subject : calendarId;
      const entries = tenant.calendars.get(owner);
      if (owner !== gated.subject || !entries) return sendError(res, googleError(404, 'notFound', 'Not Found'));
      const answer = listGoogleEvents(entries, url.searchParams, {
        now,
        generation,
        syncTokenTtlMs: ttl,
        timeZone: users.get(owner)?.timeZoneSetting ?? 'UTC',
        summary: owner,
        ...(opts.pageCap === undefined ? {} : { pageCap: opts.pageCap }),
      });
      if (answer.status !== 200) return send(res, answer.status, answer.body);
      const fields = url.searchParams.get('fields');
      let body = answer.body as Record<string, unknown>;
      try {
        if (fields !== null) body = partialResponse(body, fields);
      } catch (error) {
        if (!(error instanceof InvalidFieldSelectionError)) throw error;
        return sendError(res, googleError(400, 'invalidParameter', error.message));
      }
      const items = (body.items as Record<string, unknown>[] | undefined) ?? [];
      itemsServed += items.length;
      contentServed += items.filter((item) => CONTENT_FIELDS.some((f) => f in item)).length;
      return send(res, 200, body);
    }
    return sendError(res, googleError(404, 'notFound', 'Not Found'));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendError(res, googleError(500, 'backendError', 'Backend Error'));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://${host}:${port}/`;
  tokens = createGoogleTokenService({ tokenUri: `${baseUrl}token`, activeUsers, domain: tenant.domain, ...(opts.delegatedScopes ? { delegatedScopes: opts.delegatedScopes } : {}) });

  return {
    url: baseUrl,
    credentials: { serviceAccount: tokens.key, adminEmail: tenant.adminEmail },
    tenant,
    setNow(d) {
      now = d.getTime();
    },
    injectRateLimitStorm(n, kind = 'rateLimitExceeded') {
      storm = { count: storm.count + n, kind };
    },
    injectServerErrors(n) {
      failures += n;
    },
    expireSyncTokens() {
      generation++;
    },
    revoke() {
      tokens?.revoke();
    },
    deliveries: () => gmail.deliveries(),
    replaceGmailMessageIds: () => gmail.replaceMessageIds(),
    requests(kind) {
      return kind === undefined ? [...counts.values()].reduce((a, b) => a + b, 0) : (counts.get(kind) ?? 0);
    },
    rateLimited: () => limited,
    contentServed: () => contentServed,
    itemsServed: () => itemsServed,
    faults,
    close: () => closeHttpServer(server),
  };
}
