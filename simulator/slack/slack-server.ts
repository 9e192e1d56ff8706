import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deleteSlackMessage } from './delete-slack-message.ts';
import { createSlackDirectMessages, type SlackDelivery } from './slack-direct-messages.ts';
import { createSlackMethods, type SlackResponse } from './slack-methods.ts';
import { SLACK_METHOD_TIERS } from './slack-rate-tiers.ts';
import { SLACK_GRANTED_SCOPES, SLACK_METHOD_SCOPES } from './slack-scopes.ts';
import { readSlackRequest } from './slack-request.ts';
import type { SlackWorkspace } from './slack-workspace.ts';
import { SlidingWindow } from './sliding-window.ts';
import { TokenBucket } from './token-bucket.ts';
import { closeHttpServer } from '../close-http-server.ts';
import { createHttpFaults, type HttpFaultOptions, type HttpFaults } from '../http-faults.ts';

/** How to start the simulated Slack Web API. */
export interface SlackSimulatorOptions {
  workspace: SlackWorkspace;
  /** The only token accepted (until revoked). */
  token: string;
  /** The server's clock: messages and replies after it are invisible. */
  now: Date;
  /** Multiplies every method's requests-per-minute (default 1). */
  rateScale?: number;
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** The workspace's plan: on `free`, usergroups.list answers `plan_upgrade_required` (default `paid`). */
  plan?: 'free' | 'paid';
  /**
   * When set, each method's limit is a strict sliding window of this many ms instead of a token
   * bucket: at most its requests per minute × rateScale × slidingWindowMs / 60 000 in any window, no burst.
   */
  slidingWindowMs?: number;
  /** Methods answered `unknown_method`, as if this Slack had never had them (default none). */
  withoutMethods?: readonly string[];
  /** A seeded share of calls failing with 5xx (an HTML body), timeouts and resets; default none. */
  faults?: HttpFaultOptions;
  /** Items a page holds at most, whatever `limit` asks; default each method's own cap. */
  pageCap?: number;
  /** The token's scopes (sent in `x-oauth-scopes`; a method needing another answers `missing_scope`); default SLACK_GRANTED_SCOPES. */
  scopes?: readonly string[];
}

/** The methods a free plan refuses with `plan_upgrade_required`. */
const paidMethods = new Set(['usergroups.list']);

/** A running simulated Slack Web API on a loopback port. */
export interface SlackSimulator {
  /** Base URL to use as the client's slackApiUrl, e.g. `http://127.0.0.1:PORT/api/`. */
  url: string;
  /** Moves the server's clock (forward or back). */
  setNow(d: Date): void;
  /** The next `count` calls of `method` answer 429 with `Retry-After: 1`, whatever the bucket says. */
  injectRateLimitStorm(method: string, count: number): void;
  /** The next `count` calls of `method` answer HTTP 503 with an empty body (and `Retry-After` when given), before doing anything. */
  injectServerErrors(method: string, count: number, retryAfterSeconds?: number): void;
  /** From now on the token answers `code` (default invalid_auth; token_revoked as after an uninstall). */
  revokeToken(code?: 'invalid_auth' | 'token_revoked'): void;
  /** Every message the bot posted into a direct message, with its one addressee, oldest first. */
  deliveries(): SlackDelivery[];
  /** Requests received, for one method or in all. */
  requests(method?: string): number;
  /** 429 responses served. */
  rateLimited(): number;
  /** The fault mode: faults served, and outages of one method or of one method on one channel (`conversations.history C123`). */
  faults: HttpFaults;
  /** Deletes a message (see deleteSlackMessage); false when the channel has no message at `ts`. */
  deleteMessage(channel: string, ts: string): boolean;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: SlackResponse, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/**
 * Starts a loopback server speaking the Slack Web API wire format over a simulated workspace:
 * `POST /api/<method>` (form or JSON body, or GET with a query), bearer or `token` argument auth,
 * HTTP 200 `{ok:false,error}` for API errors, per-method token-bucket rate limits at Slack's
 * tiers (burst of 10 seconds' worth, or a strict sliding window; chat.postMessage per channel) answering 429 with Retry-After,
 * the bot's direct messages (see createSlackDirectMessages), revocation and injected 503s; a free
 * plan without user groups, methods missing altogether, and a token with fewer scopes (`missing_scope`), on request.
 */
export async function startSlackSimulator(opts: SlackSimulatorOptions): Promise<SlackSimulator> {
  const direct = createSlackDirectMessages(opts.workspace, createSlackMethods(opts.workspace));
  const methods = direct.methods;
  const scale = opts.rateScale ?? 1;
  const host = opts.host ?? '127.0.0.1';
  const scopes = opts.scopes ?? SLACK_GRANTED_SCOPES;
  const buckets = new Map<string, TokenBucket | SlidingWindow>();
  const windowMs = opts.slidingWindowMs;
  /** The bucket of a call: one per method, or per method and channel for chat.postMessage; none for a method without a tier. */
  const bucketOf = (method: string, params: Record<string, string>): TokenBucket | SlidingWindow | undefined => {
    const tier = SLACK_METHOD_TIERS[method];
    if (!tier) return undefined;
    const key = tier.perChannel ? `${method} ${params.channel ?? ''}` : method;
    let bucket = buckets.get(key);
    if (!bucket) {
      const perMinute = tier.perMinute * scale;
      bucket =
        windowMs === undefined
          ? new TokenBucket(perMinute, perMinute / 6, Date.now())
          : new SlidingWindow(Math.max(1, Math.floor((perMinute * windowMs) / 60_000)), windowMs);
      buckets.set(key, bucket);
    }
    return bucket;
  };
  const storms = new Map<string, number>();
  const serverErrors = new Map<string, { count: number; retryAfter: Record<string, string> }>();
  const counts = new Map<string, number>();
  let nowMicros = opts.now.getTime() * 1000;
  let revoked: string | null = null;
  let limited = 0;
  const faults = createHttpFaults(opts.faults);
  const faultAnswer = (status: number) => ({ contentType: 'text/html', body: `<html><body><h1>${status}</h1></body></html>` });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const call = await readSlackRequest(req);
    if (!call) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
      return;
    }
    counts.set(call.method, (counts.get(call.method) ?? 0) + 1);
    if (faults.intercept(call.params.channel === undefined ? call.method : `${call.method} ${call.params.channel}`, res, faultAnswer)) return;
    if (opts.pageCap !== undefined) call.params.limit = String(Math.min(Number.parseInt(call.params.limit ?? '', 10) || opts.pageCap, opts.pageCap));
    const handler = opts.withoutMethods?.includes(call.method) ? undefined : methods[call.method];
    if (!handler) return send(res, 200, { ok: false, error: 'unknown_method', req_method: call.method });

    const failing = serverErrors.get(call.method);
    if (failing && failing.count > 0) {
      failing.count--;
      res.writeHead(503, { 'content-type': 'text/plain', 'content-length': 0, ...failing.retryAfter }).end();
      return;
    }
    const storm = storms.get(call.method) ?? 0;
    const bucket = storm > 0 ? null : bucketOf(call.method, call.params)?.take(Date.now());
    if (storm > 0 || (bucket && !bucket.ok)) {
      if (storm > 0) storms.set(call.method, storm - 1);
      limited++;
      const retryAfter = bucket && !bucket.ok ? bucket.retryAfterSeconds : 1;
      return send(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(retryAfter) });
    }

    if (!call.token) return send(res, 200, { ok: false, error: 'not_authed' });
    if (revoked !== null || call.token !== opts.token) return send(res, 200, { ok: false, error: revoked ?? 'invalid_auth' });
    // Slack names the token's scopes on every authenticated answer, and what a refused method needed.
    const scopeHeader = { 'x-oauth-scopes': scopes.join(',') };
    const needed = SLACK_METHOD_SCOPES[call.method];
    if (needed !== undefined && !scopes.includes(needed)) return send(res, 200, { ok: false, error: 'missing_scope', needed, provided: scopes.join(',') }, scopeHeader);
    if (opts.plan === 'free' && paidMethods.has(call.method)) return send(res, 200, { ok: false, error: 'plan_upgrade_required' }, scopeHeader);
    send(res, 200, handler(call.params, nowMicros), scopeHeader);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) return;
      const code = error instanceof SyntaxError ? 'invalid_json' : error instanceof RangeError ? 'request_too_large' : 'internal_error';
      send(res, code === 'internal_error' ? 500 : 200, { ok: false, error: code });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://${host}:${port}/api/`,
    setNow(d) {
      nowMicros = d.getTime() * 1000;
    },
    injectRateLimitStorm(method, count) {
      storms.set(method, (storms.get(method) ?? 0) + count);
    },
    injectServerErrors(method, count, retryAfterSeconds) {
      const left = serverErrors.get(method)?.count ?? 0;
      serverErrors.set(method, { count: left + count, retryAfter: retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) } });
    },
    revokeToken(code = 'invalid_auth') {
      revoked = code;
    },
    deliveries: () => direct.deliveries(),
    requests(method) {
      return method === undefined ? [...counts.values()].reduce((a, b) => a + b, 0) : (counts.get(method) ?? 0);
    },
    rateLimited: () => limited,
    faults,
    deleteMessage: (channel, ts) => deleteSlackMessage(opts.workspace.messages, channel, ts),
    close: () => closeHttpServer(server),
  };
}
