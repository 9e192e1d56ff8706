import { admin, type admin_directory_v1 } from '@googleapis/admin';
import { calendar, type calendar_v3 } from '@googleapis/calendar';
import { gmail, type gmail_v1 } from '@googleapis/gmail';
import pLimit from 'p-limit';
import type { z } from 'zod';
import { ConfigError, RateLimitedError, SchemaDriftError } from '../../models/errors.ts';
import { createRateLimiter } from '../http/rate-limiter.ts';
import { cancellableFetch } from '../http/request-cancellation.ts';
import { createRetryPolicy, type RetryPolicy } from '../http/retry-policy.ts';
import { classifyGoogleError, type GoogleApiName } from './classify-google-error.ts';
import { createGoogleJwt } from './create-google-jwt.ts';
import { googleSettings } from './google-settings.ts';
import { ScopeNotDelegatedError } from './scope-not-delegated-error.ts';
import type { GoogleServiceAccount } from './wire/google-service-account.ts';
import { googleEventsFields } from './wire/google-event.ts';
import { GoogleEventsPage } from './wire/google-events-page.ts';
import { GmailMessageHeaders, GmailMessagesPage, GmailSent } from './wire/gmail-message.ts';
import { GoogleSetting } from './wire/google-setting.ts';
import { GoogleUsersPage } from './wire/google-users-page.ts';

/** How the Google connector reaches the Directory and Calendar APIs, and the Gmail nudge channel Gmail. */
export interface GoogleApiOptions {
  serviceAccount: GoogleServiceAccount;
  /** The super administrator impersonated for the Directory; needed only by `usersPage`. */
  adminEmail?: string;
  /** rootUrl of every API (ends with '/'); each library's default (Google) when unset. */
  apiUrl?: string;
  /** Sustained budgets in requests per minute; default Directory 1 200 (half the administrator's quota), Calendar 9 500 (95 % of the project's 10 000), Gmail 600. */
  requestsPerMinute?: Partial<Record<GoogleApiName, number>>;
  /** Requests in flight at once; default 8. */
  concurrency?: number;
  /** First wait after a throttle without Retry-After, doubled per consecutive throttle up to 32×; default 1 000 ms. */
  rateLimitBackoffMs?: number;
  /** How transient failures are retried; default createRetryPolicy()'s. */
  retry?: RetryPolicy;
  /** Per-request timeout; default 30 s. */
  timeoutMs?: number;
}

/** Parameters of one events.list page (singleEvents is always on). */
export interface EventsQuery {
  timeMin?: string;
  timeMax?: string;
  syncToken?: string;
  pageToken?: string;
  showDeleted?: boolean;
  maxResults: number;
}

/** Paced, bounded, error-classified access to Directory, Calendar and Gmail. */
export interface GoogleApi {
  /** One page of Directory users.list (the administrator impersonated). */
  usersPage(pageToken: string | undefined, maxResults: number): Promise<z.infer<typeof GoogleUsersPage>>;
  /** The user's Calendar `timezone` setting (the user impersonated). */
  timeZoneOf(email: string): Promise<string>;
  /** One page of the user's primary calendar's events.list (the user impersonated). */
  eventsPage(email: string, query: EventsQuery): Promise<GoogleEventsPage>;
  /** Gmail messages.send of a base64url RFC 5322 message from `sender` (impersonated with gmail.send). */
  sendMail(sender: string, raw: string): Promise<void>;
  /** One page of ids of `sender`'s messages labelled SENT, newest first (impersonated with gmail.metadata). */
  sentPage(sender: string, pageToken: string | undefined, maxResults: number): Promise<GmailMessagesPage>;
  /** The named headers of one of `sender`'s messages (messages.get format=metadata, gmail.metadata). */
  messageHeaders(sender: string, id: string, names: string[]): Promise<GmailMessageHeaders>;
  /**
   * Those of the Gmail scopes nudges need (gmail.send, gmail.metadata) that domain-wide delegation
   * does not grant for `sender`: a token asked for per scope, no mail sent or read.
   */
  missingGmailScopes(sender: string): Promise<string[]>;
  /** API requests sent so far, gaxios' retries included (token requests aside). */
  requestsMade(): number;
}

/** The OAuth scope each API the Google source reads is called with, one token each. */
export const googleReadScopes = {
  directory: 'https://www.googleapis.com/auth/admin.directory.user.readonly',
  calendar: 'https://www.googleapis.com/auth/calendar.readonly',
} as const;
const SCOPE_DIRECTORY = googleReadScopes.directory;
const SCOPE_CALENDAR = googleReadScopes.calendar;
const SCOPE_GMAIL_SEND = 'https://www.googleapis.com/auth/gmail.send';
const SCOPE_GMAIL_METADATA = 'https://www.googleapis.com/auth/gmail.metadata';
/**
 * Calendar's documented quota is 10 000 requests a minute per project (600 per user), counted in a
 * sliding minute: 95 % of it, as the limiter never lets more into any minute, keeps a margin for the
 * two clocks without leaving half the quota unused. Gmail's per-user quota is 15 000 units a minute:
 * 150 sends (100 units) or 3 000 reads (5 units); 600 requests keeps well under.
 */
const defaultBudgets: Record<GoogleApiName, number> = { directory: 1_200, calendar: 9_500, gmail: 600 };

/**
 * gaxios' retry settings under the run's policy: gaxios retries a GET that got no answer at all
 * (reset connection, timeout), which it does well; every answered status comes back to attune, as
 * gaxios would ignore Retry-After and never retry a 403 rateLimitExceeded.
 */
function gaxiosRetryConfig(policy: RetryPolicy) {
  return {
    retry: policy.attemptsPerRequest - 1,
    noResponseRetries: policy.attemptsPerRequest - 1,
    httpMethodsToRetry: ['GET'],
    statusCodesToRetry: [],
    retryDelay: policy.baseDelayMs,
    maxRetryDelay: policy.maxDelayMs,
    shouldRetry: (error: { response?: unknown; code?: string | number; config?: { method?: string; retryConfig?: { currentRetryAttempt?: number } } }) =>
      error.response === undefined &&
      error.code !== 'AbortError' &&
      (error.config?.method ?? 'GET').toUpperCase() === 'GET' &&
      policy.allowClientRetry((error.config?.retryConfig?.currentRetryAttempt ?? 0) + 1),
  };
}

/**
 * The googleapis clients (Directory, Calendar, Gmail) behind one rate limiter (a key per API) and
 * one p-limit bound, under one retry policy: gaxios retries requests left unanswered (see
 * gaxiosRetryConfig); throttles come back as RateLimitedError and the limiter pauses the API and
 * retries, with an exponential wait when Google names none; 5xx come back as TransientError and the
 * limiter retries them, after Retry-After when sent. Clients are made once per impersonated user.
 */
export function createGoogleApi(options: GoogleApiOptions): GoogleApi {
  const budgets = { ...defaultBudgets, ...options.requestsPerMinute };
  const retry = options.retry ?? createRetryPolicy();
  const limiter = createRateLimiter({ requestsPerMinute: (key) => budgets[key as GoogleApiName], retry });
  const inFlight = pLimit(options.concurrency ?? 8);
  const baseBackoff = options.rateLimitBackoffMs ?? 1_000;
  const throttles: Record<GoogleApiName, number> = { directory: 0, calendar: 0, gmail: 0 };
  // Every API request goes through a fetch that a cancelled activity aborts.
  const common = {
    retry: true,
    retryConfig: gaxiosRetryConfig(retry),
    timeout: options.timeoutMs ?? 30_000,
    fetchImplementation: cancellableFetch(fetch),
    ...(options.apiUrl ? { rootUrl: options.apiUrl } : {}),
  };
  let directory: admin_directory_v1.Admin | null = null;
  const calendars = new Map<string, calendar_v3.Calendar>();
  const gmails = new Map<string, gmail_v1.Gmail>();

  const directoryClient = () => {
    const adminEmail = options.adminEmail;
    if (adminEmail === undefined) throw new ConfigError(`${googleSettings.adminEmail} is needed to read the Directory`, googleSettings.adminEmail, 'google');
    return (directory ??= admin({ version: 'directory_v1', auth: createGoogleJwt(options.serviceAccount, adminEmail, SCOPE_DIRECTORY), ...common }));
  };
  const calendarClient = (email: string) => {
    let client = calendars.get(email);
    if (!client) {
      client = calendar({ version: 'v3', auth: createGoogleJwt(options.serviceAccount, email, SCOPE_CALENDAR), ...common });
      calendars.set(email, client);
    }
    return client;
  };
  /** A Gmail client of `sender` holding one scope only: sending never reads, reading never sends. */
  const gmailClient = (sender: string, scope: string) => {
    const key = `${scope} ${sender}`;
    let client = gmails.get(key);
    if (!client) {
      client = gmail({ version: 'v1', auth: createGoogleJwt(options.serviceAccount, sender, scope), ...common });
      gmails.set(key, client);
    }
    return client;
  };

  const send = <T extends z.ZodType>(api: GoogleApiName, call: () => Promise<{ data: unknown }>, schema: T, what: string): Promise<z.infer<T>> =>
    inFlight(() =>
      limiter.schedule(api, async () => {
        let data: unknown;
        try {
          data = (await call()).data;
          throttles[api] = 0;
        } catch (error) {
          const backoff = baseBackoff * 2 ** Math.min(throttles[api], 5);
          const classified = classifyGoogleError(error, api, backoff);
          if (classified instanceof RateLimitedError) throttles[api]++;
          throw classified;
        }
        const parsed = schema.safeParse(data);
        if (!parsed.success) throw new SchemaDriftError(`Google ${what} answered in an unexpected shape`, 'google');
        return parsed.data;
      }),
    );

  return {
    usersPage(pageToken, maxResults) {
      return send('directory', () => directoryClient().users.list({ customer: 'my_customer', maxResults, pageToken }), GoogleUsersPage, 'users.list');
    },
    async timeZoneOf(email) {
      const setting = await send('calendar', () => calendarClient(email).settings.get({ setting: 'timezone' }), GoogleSetting, 'settings.get');
      return setting.value;
    },
    eventsPage(email, query) {
      return send('calendar', () => calendarClient(email).events.list({ calendarId: 'primary', singleEvents: true, fields: googleEventsFields, ...query }), GoogleEventsPage, 'events.list');
    },
    async sendMail(sender, raw) {
      await send('gmail', () => gmailClient(sender, SCOPE_GMAIL_SEND).users.messages.send({ userId: 'me', requestBody: { raw } }), GmailSent, 'messages.send');
    },
    sentPage(sender, pageToken, maxResults) {
      return send('gmail', () => gmailClient(sender, SCOPE_GMAIL_METADATA).users.messages.list({ userId: 'me', labelIds: ['SENT'], maxResults, pageToken }), GmailMessagesPage, 'messages.list');
    },
    requestsMade: () => limiter.attempts() + retry.clientRetries(),
    async missingGmailScopes(sender) {
      const missing: string[] = [];
      for (const scope of [SCOPE_GMAIL_SEND, SCOPE_GMAIL_METADATA]) {
        try {
          await createGoogleJwt(options.serviceAccount, sender, scope).getAccessToken();
        } catch (error) {
          const classified = classifyGoogleError(error, 'gmail', baseBackoff);
          if (!(classified instanceof ScopeNotDelegatedError)) throw classified;
          missing.push(scope);
        }
      }
      return missing;
    },
    messageHeaders(sender, id, names) {
      return send('gmail', () => gmailClient(sender, SCOPE_GMAIL_METADATA).users.messages.get({ userId: 'me', id, format: 'metadata', metadataHeaders: names }), GmailMessageHeaders, 'messages.get');
    },
  };
}
