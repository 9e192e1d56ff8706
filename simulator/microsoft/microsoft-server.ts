import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Organisation } from '../organisation/organisation.ts';
import { TokenBucket } from '../slack/token-bucket.ts';
import { graphError, type GraphAnswer } from './graph-answer.ts';
import { createGraphMail, GRAPH_MAIL_PERMISSIONS, type GraphMailDelivery, type GraphMailPermission } from './graph-mail.ts';
import { deniedRead, GRAPH_READ_PERMISSIONS, type GraphReadPermission } from './graph-read-permissions.ts';
import { createGraphRoutes, type MeteredMessage } from './graph-routes.ts';
import { createHttpFaults, type HttpFaultOptions, type HttpFaults } from '../http-faults.ts';
import { buildGraphTenant, type GraphTenant } from './graph-tenant.ts';
import { generateSelfSignedCertificate } from './self-signed-certificate.ts';
import { closeHttpServer } from '../close-http-server.ts';
import { readRequestText } from '../read-request-text.ts';

/** How to start the simulated Microsoft Graph and its token endpoint. */
export interface MicrosoftSimulatorOptions {
  organisation: Organisation;
  /** The server's clock: events and messages created after it are invisible. */
  now: Date;
  /** Multiplies every throttling budget (default 1). */
  rateScale?: number;
  /** Records to break on purpose (half events, half chat messages); default 0. */
  malformed?: number;
  /** Server-clock days after which a delta token answers 410; default 30. */
  deltaTokenLifetimeDays?: number;
  /** A seeded share of Graph requests (not token requests) failing with 5xx, timeouts and resets; default none. */
  faults?: HttpFaultOptions;
  /** Items a page holds at most, whatever `$top` or `odata.maxpagesize` asks; default Graph's own caps. */
  pageCap?: number;
}

/** A running simulated Microsoft 365 tenant on a loopback HTTPS port. */
export interface MicrosoftSimulator {
  /** Graph base URL without the version, e.g. `https://127.0.0.1:PORT`. */
  baseUrl: string;
  /** The authority host to use as MS_LOGIN_URL (the same server). */
  loginUrl: string;
  /** The client-credentials token endpoint, `<loginUrl>/<tenant>/oauth2/v2.0/token`. */
  tokenUrl: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** The self-signed certificate (PEM) to trust. */
  ca: string;
  /** The tenant's data, for tests that compute expectations. */
  tenant: GraphTenant;
  /** Moves the server's clock (forward or back). */
  setNow(d: Date): void;
  /** The next `count` Graph requests answer 429 with `Retry-After: 1`, whatever the budgets say. */
  injectRateLimitStorm(count: number): void;
  /** Revokes the app's secret and every token issued: Graph answers 401 InvalidAuthenticationToken, the token endpoint invalid_client. */
  revoke(): void;
  /** Forgets every delta token, so each next delta round answers 410 SyncStateNotFound. */
  expireDeltaTokens(): void;
  /** Every message chats/getAllMessages served, with its payment model. */
  meteredMessages(): MeteredMessage[];
  /** The next `count` Graph requests answer 503 ServiceUnavailable with `Retry-After: 1`. */
  injectServerErrors(count: number): void;
  /** Withdraws an application permission from the app: the routes needing it answer 403 (see deniedRead and createGraphMail). */
  withholdPermission(permission: GraphMailPermission | GraphReadPermission): void;
  /** Every message sent through sendMail, one record per addressee, oldest first. */
  deliveries(): GraphMailDelivery[];
  /** Requests received, per counter (`token`, `users`, `manager`, `mailboxSettings`, `calendarView`, `chats`, `chatMessages`, `chatMessage`, `sendMail`, `sentItems`) or in all. */
  requests(counter?: string): number;
  /** 429 responses served. */
  rateLimited(): number;
  /** The fault mode: faults served, and outages of one path (e.g. `/users/{id}/mailboxSettings`, without the version). */
  faults: HttpFaults;
  close(): Promise<void>;
}

const isReadPermission = (permission: string): permission is GraphReadPermission => (GRAPH_READ_PERMISSIONS as readonly string[]).includes(permission);

/**
 * Throttling budgets per minute before rateScale: Outlook's 10,000 requests per 10 minutes per
 * app per mailbox; for the directory and Teams chats the simulator's own round figures.
 */
const BUDGETS = { mailbox: 1_000, directory: 2_000, teams: 1_200 } as const;
const SCOPE = 'https://graph.microsoft.com/.default';
const TOKEN_LIFETIME_S = 3599;

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (body === undefined) {
    res.writeHead(status, { 'content-length': 0, 'request-id': randomBytes(16).toString('hex'), ...headers }).end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'request-id': randomBytes(16).toString('hex'),
    ...headers,
  });
  res.end(text);
}

/**
 * Starts a loopback HTTPS server (self-signed certificate made at start) that behaves like
 * Microsoft Graph v1.0 and the Microsoft identity platform for the real client library:
 * `POST /{tenant}/oauth2/v2.0/token` (client credentials; a wrong secret answers 401
 * invalid_client), bearer auth on every Graph request, the routes of `createGraphRoutes`, 429
 * with Retry-After from token buckets per app per mailbox (and per app for directory and Teams),
 * mail (see createGraphMail), storms, injected 503s, revocation and a movable clock.
 */
export async function startMicrosoftSimulator(options: MicrosoftSimulatorOptions): Promise<MicrosoftSimulator> {
  const host = '127.0.0.1';
  const tenant = buildGraphTenant(options.organisation, { malformed: options.malformed, now: options.now });
  const tenantId = tenant.directory.tenantId;
  const clientId = '3f0b7c1e-5d2a-4e8b-9c61-7a4d2e9f1b05';
  const clientSecret = `sim~${randomBytes(18).toString('base64url')}`;
  const scale = options.rateScale ?? 1;
  const certificate = generateSelfSignedCertificate(host);
  let baseUrl = '';
  const mail = createGraphMail();
  const withheldReads = new Set<GraphReadPermission>();
  const withheld = new Set<GraphMailPermission | GraphReadPermission>();
  const routes = createGraphRoutes(tenant, () => baseUrl, mail, options.deltaTokenLifetimeDays);
  const buckets = new Map<string, TokenBucket>();
  const tokens = new Map<string, number>();
  const counts = new Map<string, number>();
  let now = options.now.getTime();
  let storm = 0;
  let failures = 0;
  let limited = 0;
  let revoked = false;
  const count = (counter: string) => counts.set(counter, (counts.get(counter) ?? 0) + 1);
  const faults = createHttpFaults(options.faults);
  const faultAnswer = (status: number) => ({ contentType: 'application/json', body: JSON.stringify(graphError(status, 'ServiceUnavailable', 'The service is temporarily unavailable.').body) });
  /** Caps `$top` and `odata.maxpagesize` at the page cap, as a server returning fewer than asked. */
  const capped = (url: URL, prefer: string): string => {
    const cap = options.pageCap;
    if (cap === undefined) return prefer;
    if (url.searchParams.has('$top')) url.searchParams.set('$top', String(Math.min(cap, Number(url.searchParams.get('$top')) || cap)));
    return prefer.replace(/odata\.maxpagesize=(\d+)/i, (_, n: string) => `odata.maxpagesize=${Math.min(cap, Number(n))}`);
  };

  const bucketOf = (key: string): TokenBucket => {
    let bucket = buckets.get(key);
    if (!bucket) {
      const perMinute = BUDGETS[key.split(':')[0] as keyof typeof BUDGETS] * scale;
      bucket = new TokenBucket(perMinute, perMinute / 6, Date.now());
      buckets.set(key, bucket);
    }
    return bucket;
  };

  const issueToken = async (req: IncomingMessage, res: ServerResponse, tenantInPath: string): Promise<void> => {
    count('token');
    const form = new URLSearchParams(await readRequestText(req));
    const fail = (status: number, error: string, description: string) => send(res, status, { error, error_description: description, error_codes: [], timestamp: new Date().toISOString() });
    if (tenantInPath !== tenantId) return fail(400, 'invalid_request', `AADSTS90002: Tenant '${tenantInPath.slice(0, 40)}' not found.`);
    if (form.get('grant_type') !== 'client_credentials') return fail(400, 'unsupported_grant_type', 'AADSTS70003: The app requested an unsupported grant type.');
    if (form.get('client_id') !== clientId) return fail(400, 'unauthorized_client', 'AADSTS700016: Application was not found in the directory.');
    if (revoked || form.get('client_secret') !== clientSecret) return fail(401, 'invalid_client', 'AADSTS7000215: Invalid client secret provided.');
    if (form.get('scope') !== SCOPE) return fail(400, 'invalid_scope', 'AADSTS1002012: The provided value for scope is not valid.');
    // A JWT's shape, its claims naming the application permissions granted when it was issued (unsigned: attune only reads them).
    const roles = [...GRAPH_READ_PERMISSIONS, ...GRAPH_MAIL_PERMISSIONS].filter((permission) => !withheld.has(permission));
    const claims = Buffer.from(JSON.stringify({ aud: 'https://graph.microsoft.com', tid: tenantId, roles })).toString('base64url');
    const token = `eyJ0eXAiOiJKV1QifQ.${claims}.${randomBytes(32).toString('base64url')}`;
    tokens.set(token, Date.now() + TOKEN_LIFETIME_S * 1000);
    send(res, 200, { token_type: 'Bearer', expires_in: TOKEN_LIFETIME_S, ext_expires_in: TOKEN_LIFETIME_S, access_token: token });
  };

  const graph = async (req: IncomingMessage, url: URL): Promise<GraphAnswer & { headers: Record<string, string> }> => {
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const expires = bearer === undefined ? undefined : tokens.get(bearer);
    if (bearer === undefined) return { ...graphError(401, 'InvalidAuthenticationToken', 'Access token is empty.'), headers: {} };
    if (revoked || expires === undefined || expires < Date.now()) return { ...graphError(401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid audience.'), headers: {} };
    if (failures > 0) {
      failures--;
      return { ...graphError(503, 'ServiceUnavailable', 'The service is temporarily unavailable.'), headers: { 'retry-after': '1' } };
    }
    const segments = url.pathname.split('/').slice(2).map(decodeURIComponent);
    const body = req.method === 'GET' ? '' : await readRequestText(req);
    const contentType = String(req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const prefer = capped(url, String(req.headers.prefer ?? ''));
    const answer = deniedRead(segments, withheldReads) ?? routes.answer({ segments, query: url.searchParams, prefer, method: req.method ?? 'GET', body, contentType }, now);
    count(answer.counter);
    const bucket = storm > 0 ? null : answer.bucket === 'none' ? { ok: true as const } : bucketOf(answer.bucket).take(Date.now());
    if (bucket === null || !bucket.ok) {
      if (bucket === null) storm--;
      limited++;
      const retryAfter = bucket === null ? 1 : bucket.retryAfterSeconds;
      return { ...graphError(429, 'TooManyRequests', 'Too many requests.'), headers: { 'retry-after': String(retryAfter) } };
    }
    return { ...answer, headers: answer.headers ?? {} };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'https://simulator.invalid');
    const token = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
    if (token && req.method === 'POST') return issueToken(req, res, decodeURIComponent(token[1] ?? ''));
    if (!url.pathname.startsWith('/v1.0/') || (req.method !== 'GET' && req.method !== 'POST')) return send(res, 404, graphError(404, 'UnknownError', 'Not found.').body);
    if (faults.intercept(url.pathname.slice('/v1.0'.length), res, faultAnswer)) return;
    const answer = await graph(req, url);
    send(res, answer.status, answer.body, answer.headers);
  };

  const server = createServer({ cert: certificate.cert, key: certificate.key }, (req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, graphError(500, 'InternalServerError', 'Internal server error.').body);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `https://${host}:${port}`;

  return {
    baseUrl,
    loginUrl: baseUrl,
    tokenUrl: `${baseUrl}/${tenantId}/oauth2/v2.0/token`,
    tenantId,
    clientId,
    clientSecret,
    ca: certificate.cert,
    tenant,
    setNow(d) {
      now = d.getTime();
    },
    injectRateLimitStorm(n) {
      storm += n;
    },
    revoke() {
      revoked = true;
    },
    expireDeltaTokens: () => routes.expireDeltaTokens(),
    meteredMessages: () => routes.meteredMessages(),
    injectServerErrors(n) {
      failures += n;
    },
    withholdPermission(permission) {
      withheld.add(permission);
      if (isReadPermission(permission)) withheldReads.add(permission);
      else mail.withhold(permission);
    },
    deliveries: () => mail.deliveries(),
    requests(counter) {
      return counter === undefined ? [...counts.values()].reduce((a, b) => a + b, 0) : (counts.get(counter) ?? 0);
    },
    rateLimited: () => limited,
    faults,
    close: () => closeHttpServer(server),
  };
}
