import { GraphError, type GraphRequest } from '@microsoft/microsoft-graph-client';
import pLimit from 'p-limit';
import { z } from 'zod';
import { ConfigError, SchemaDriftError } from '../../models/errors.ts';
import { createRateLimiter } from '../http/rate-limiter.ts';
import { createRetryPolicy, type RetryPolicyOptions } from '../http/retry-policy.ts';
import { classifyGraphError } from './classify-graph-error.ts';
import { createClientCredentials } from './client-credentials.ts';
import { createGraphClient } from './create-graph-client.ts';
import { createGraphFetch } from './graph-fetch.ts';
import { microsoftSettings } from './microsoft-settings.ts';

/** The throttling scopes attune paces separately: the directory, each mailbox, Teams chats. */
export type GraphBucket = 'directory' | 'mailbox' | 'teams';

/** How the Microsoft connector reaches Graph and the identity platform. */
export interface GraphApiOptions {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** Graph's origin, default `https://graph.microsoft.com`. */
  graphUrl?: string;
  /** The identity platform's origin, default `https://login.microsoftonline.com`. */
  loginUrl?: string;
  /** Overrides `<loginUrl>/<tenantId>/oauth2/v2.0/token`. */
  tokenUrl?: string;
  /** An extra certificate (PEM) to trust, e.g. a simulator's self-signed one. */
  ca?: string;
  /** Requests per minute per bucket key; default Outlook's 1,000 per mailbox, 2,000 directory, 1,200 Teams. */
  budgets?: Partial<Record<GraphBucket, number>>;
  /** Requests in flight at once; default 8. */
  concurrency?: number;
  /** The retry policy's numbers for transient failures (one budget per API instance); default createRetryPolicy()'s. */
  retry?: RetryPolicyOptions;
  /** Per-request timeout; default 30 s. */
  timeoutMs?: number;
}

/** What one call is, for pacing and for messages. */
export interface GraphCallInfo {
  /** A label for messages, e.g. `calendarView/delta` (never a path with ids). */
  what: string;
  /** The rate-limiter key: `directory`, `teams` or `mailbox:<pseudonym>`. */
  bucket: string;
  /** The Prefer header, e.g. `odata.maxpagesize=50`. */
  prefer?: string;
  /** The application permission the call needs, named when Graph answers 403; default the source's read permissions. */
  permission?: string;
}

/** A request body and its media type, e.g. a base64 MIME message as `text/plain`. */
export interface GraphBody {
  contentType: string;
  content: string;
}

/** Paced, bounded, error-classified access to Graph. */
export interface GraphApi {
  /** One GET of a path (`/users/…`) or of a link Graph gave (`@odata.nextLink`), parsed by `schema`. */
  get<T extends z.ZodType>(pathOrLink: string, schema: T, call: GraphCallInfo): Promise<z.infer<T>>;
  /** Every page from `path` on, following `@odata.nextLink`; `onPage` is called per page for request counting. */
  pages<T extends z.ZodType>(path: string, schema: T, call: GraphCallInfo, onPage?: () => void): AsyncGenerator<z.infer<T>>;
  /** One POST of `body` to a path (e.g. `/users/{id}/sendMail`); whatever Graph answers is dropped. */
  post(path: string, body: GraphBody, call: GraphCallInfo): Promise<void>;
  /**
   * The application permissions the app-only token carries (its `roles` claim), or null when the
   * token names none readably (not a JWT): then nothing is known. A token is fetched if none is held.
   */
  grantedRoles(): Promise<string[] | null>;
  /** Graph requests sent so far, the RetryHandler's retries included (token requests aside). */
  requestsMade(): number;
}

/** The part of an access token's claims read here. */
const TokenClaims = z.object({ roles: z.array(z.string()) });

const defaultBudgets: Record<GraphBucket, number> = { directory: 2_000, mailbox: 1_000, teams: 1_200 };
const NextLink = z.object({ '@odata.nextLink': z.string().optional() });

/**
 * One Graph client (client credentials, attune's middleware chain) behind a rate limiter per
 * bucket key and a p-limit bound on requests in flight. A request Graph answers 401 is tried once
 * more with a fresh token; failures come out classified by `classifyGraphError`.
 */
export function createGraphApi(options: GraphApiOptions): GraphApi {
  const graphUrl = (options.graphUrl ?? 'https://graph.microsoft.com').replace(/\/+$/, '');
  const loginUrl = (options.loginUrl ?? 'https://login.microsoftonline.com').replace(/\/+$/, '');
  const send = createGraphFetch(options.ca, options.timeoutMs);
  const retry = createRetryPolicy(options.retry);
  const credentials = createClientCredentials({
    tokenUrl: options.tokenUrl ?? `${loginUrl}/${encodeURIComponent(options.tenantId)}/oauth2/v2.0/token`,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    send,
  });
  const client = createGraphClient(graphUrl, credentials, send, retry);
  const budgets = { ...defaultBudgets, ...options.budgets };
  // Outlook's limits are per mailbox, read by one stream at a time; the directory's and Teams' are the tenant's.
  const limiter = createRateLimiter({ requestsPerMinute: (key) => budgets[key.split(':')[0] as GraphBucket], apportioned: (key) => !key.startsWith('mailbox:'), retry });
  const inFlight = pLimit(options.concurrency ?? 8);

  const target = (pathOrLink: string): string => {
    if (!/^https?:\/\//i.test(pathOrLink)) return pathOrLink;
    if (!pathOrLink.startsWith(`${graphUrl}/`)) {
      throw new ConfigError(`Graph sent a link to another host: check ${microsoftSettings.graphUrl}`, microsoftSettings.graphUrl, 'microsoft');
    }
    return pathOrLink;
  };

  const once = async (path: string, call: GraphCallInfo, run: (request: GraphRequest) => Promise<unknown>, freshTokenAllowed: boolean): Promise<unknown> => {
    await credentials.token();
    const request = client.api(path);
    if (call.prefer) request.header('Prefer', call.prefer);
    try {
      return await run(request);
    } catch (error) {
      if (freshTokenAllowed && error instanceof GraphError && error.statusCode === 401) {
        credentials.forget();
        return once(path, call, run, false);
      }
      throw classifyGraphError(error, call.what, call.permission);
    }
  };

  const raw = (pathOrLink: string, call: GraphCallInfo, run: (request: GraphRequest) => Promise<unknown> = (request) => request.get() as Promise<unknown>): Promise<unknown> => {
    const path = target(pathOrLink);
    return inFlight(() => limiter.schedule(call.bucket, () => once(path, call, run, true)));
  };

  const parse = <T extends z.ZodType>(schema: T, body: unknown, call: GraphCallInfo): z.infer<T> => {
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new SchemaDriftError(`Graph ${call.what} answered in an unexpected shape`, 'microsoft');
    return parsed.data;
  };

  return {
    async get(pathOrLink, schema, call) {
      return parse(schema, await raw(pathOrLink, call), call);
    },
    async *pages(path, schema, call, onPage) {
      let next: string | undefined = path;
      while (next !== undefined) {
        const body = await raw(next, call);
        onPage?.();
        yield parse(schema, body, call);
        next = parse(NextLink, body, call)['@odata.nextLink'];
      }
    },
    async post(path, body, call) {
      await raw(path, call, (request) => request.header('Content-Type', body.contentType).post(body.content) as Promise<unknown>);
    },
    async grantedRoles() {
      const payload = (await credentials.token()).split('.')[1];
      if (payload === undefined) return null;
      try {
        return TokenClaims.parse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))).roles;
      } catch {
        return null;
      }
    },
    requestsMade: () => limiter.attempts() + retry.clientRetries(),
  };
}
