import pLimit from 'p-limit';
import { z } from 'zod';
import { SchemaDriftError } from '../../models/errors.ts';
import { createRateLimiter } from '../http/rate-limiter.ts';
import { createRetryPolicy, type RetryPolicyOptions } from '../http/retry-policy.ts';
import { classifySlackError } from './classify-slack-error.ts';
import { createSlackWebClient } from './create-slack-web-client.ts';
import { SlackPage } from './wire/slack-page.ts';
import { slackTiers, type SlackMethod, type SlackTier } from './slack-tiers.ts';

/** How the Slack connector reaches the Web API. */
export interface SlackApiOptions {
  token: string;
  apiUrl?: string;
  tierBudgets?: Partial<Record<SlackTier, number>>;
  /** The sliding window Slack counts each method's budget in, ms; default 60 000 (see createRateLimiter). */
  rateWindowMs?: number;
  concurrency?: number;
  /** The retry policy's numbers for transient failures (one budget per API instance); default createRetryPolicy()'s. */
  retry?: RetryPolicyOptions;
  /** Per-request timeout; default 30 s. */
  timeoutMs?: number;
}

/** Paced, bounded, error-classified access to the Slack Web API. */
export interface SlackApi {
  /** One call of `method`, its answer parsed by `schema` (an allow-list). */
  call<T extends z.ZodType>(method: SlackMethod, args: Record<string, string | number | boolean>, schema: T): Promise<z.infer<T>>;
  /**
   * Every page of `method`, each parsed by `schema` (an allow-list: whatever it doesn't name is dropped).
   * `onPage` is called once per page, for request counting.
   */
  pages<T extends z.ZodType>(method: SlackMethod, args: Record<string, string | number | boolean>, schema: T, onPage?: () => void): AsyncGenerator<z.infer<T>>;
  /** Web API requests sent so far, the client's own retries included. */
  requestsMade(): number;
}

/**
 * One `WebClient` behind a per-method rate limiter (budgets from Slack's tiers, never overrunning
 * them in any sliding minute; chat.postMessage per channel) and one p-limit bound on requests in flight; failures come out classified by
 * `classifySlackError`.
 */
export function createSlackApi(options: SlackApiOptions): SlackApi {
  const retry = createRetryPolicy(options.retry);
  const client = createSlackWebClient({ token: options.token, retry, ...(options.apiUrl === undefined ? {} : { apiUrl: options.apiUrl }), ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }) });
  const budgets = { ...slackTiers.defaultBudgets, ...options.tierBudgets };
  // A limiter key is the method, or `<method> <channel>` for a method paced per channel.
  const limiter = createRateLimiter({
    requestsPerMinute: (key) => budgets[slackTiers.methods[key.split(' ')[0] as SlackMethod]],
    // Slack's tiers are per method for the whole app; a per-channel key concerns one channel.
    apportioned: (key) => !key.includes(' '),
    retry,
    ...(options.rateWindowMs === undefined ? {} : { windowMs: options.rateWindowMs }),
  });
  const inFlight = pLimit(options.concurrency ?? 4);
  const keyOf = (method: SlackMethod, args: Record<string, string | number | boolean>): string =>
    slackTiers.perChannel.has(method) ? `${method} ${String(args.channel)}` : method;

  const send = (method: SlackMethod, args: Record<string, string | number | boolean>): Promise<unknown> =>
    inFlight(() =>
      limiter.schedule(keyOf(method, args), async () => {
        try {
          return await client.apiCall(method, args);
        } catch (error) {
          throw classifySlackError(error, method);
        }
      }),
    );

  const parse = <T extends z.ZodType>(method: SlackMethod, schema: T, body: unknown): z.infer<T> => {
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new SchemaDriftError(`Slack ${method} answered in an unexpected shape`, 'slack');
    return parsed.data;
  };

  return {
    async call(method, args, schema) {
      return parse(method, schema, await send(method, args));
    },
    async *pages(method, args, schema, onPage) {
      let cursor: string | undefined;
      do {
        const body = await send(method, cursor === undefined ? args : { ...args, cursor });
        onPage?.();
        yield parse(method, schema, body);
        cursor = parse(method, SlackPage, body).response_metadata?.next_cursor || undefined;
      } while (cursor !== undefined);
    },
    requestsMade: () => limiter.attempts() + retry.clientRetries(),
  };
}

/** `auth.test`'s answer; the client puts the token's scopes (Slack's `x-oauth-scopes` header) in `response_metadata.scopes`. */
const AuthTest = z.object({ ok: z.literal(true), response_metadata: z.object({ scopes: z.array(z.string()).optional() }).optional() });

/**
 * Those of the `needed` scopes the bot token lacks, from `auth.test` (which also refuses a wrong
 * token). Without the scopes header (a proxy dropped it) nothing is known to be missing: a call
 * lacking a scope names it then.
 */
export async function missingSlackScopes(api: SlackApi, needed: readonly string[]): Promise<string[]> {
  const granted = (await api.call('auth.test', {}, AuthTest)).response_metadata?.scopes;
  return granted === undefined ? [] : needed.filter((scope) => !granted.includes(scope));
}
