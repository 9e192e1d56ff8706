import { admin, type admin_directory_v1 } from '@googleapis/admin';
import { calendar, type calendar_v3 } from '@googleapis/calendar';
import pLimit from 'p-limit';
import type { z } from 'zod';
import { RateLimitedError, SchemaDriftError } from '../../models/errors.ts';
import { createRateLimiter } from '../http/rate-limiter.ts';
import { classifyGoogleError, type GoogleApiName } from './classify-google-error.ts';
import { createGoogleJwt } from './create-google-jwt.ts';
import type { GoogleServiceAccount } from './wire/google-service-account.ts';
import { GoogleEventsPage } from './wire/google-events-page.ts';
import { GoogleSetting } from './wire/google-setting.ts';
import { GoogleUsersPage } from './wire/google-users-page.ts';

/** How the Google connector reaches the Directory and Calendar APIs. */
export interface GoogleApiOptions {
  serviceAccount: GoogleServiceAccount;
  adminEmail: string;
  /** rootUrl of both APIs (ends with '/'); each library's default (Google) when unset. */
  apiUrl?: string;
  /** Sustained budgets in requests per minute; default Directory 1 200, Calendar 5 000 (half of Google's project quotas). */
  requestsPerMinute?: Partial<Record<GoogleApiName, number>>;
  /** Requests in flight at once; default 8. */
  concurrency?: number;
  /** First wait after a throttle without Retry-After, doubled per consecutive throttle up to 32×; default 1 000 ms. */
  rateLimitBackoffMs?: number;
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

/** Paced, bounded, error-classified access to Directory and Calendar. */
export interface GoogleApi {
  /** One page of Directory users.list (the administrator impersonated). */
  usersPage(pageToken: string | undefined, maxResults: number): Promise<z.infer<typeof GoogleUsersPage>>;
  /** The user's Calendar `timezone` setting (the user impersonated). */
  timeZoneOf(email: string): Promise<string>;
  /** One page of the user's primary calendar's events.list (the user impersonated). */
  eventsPage(email: string, query: EventsQuery): Promise<GoogleEventsPage>;
}

const SCOPE_DIRECTORY = 'https://www.googleapis.com/auth/admin.directory.user.readonly';
const SCOPE_CALENDAR = 'https://www.googleapis.com/auth/calendar.readonly';
const defaultBudgets: Record<GoogleApiName, number> = { directory: 1_200, calendar: 5_000 };

/**
 * The googleapis clients behind one rate limiter (a key per API) and one p-limit bound. The
 * libraries' own retries are off (they ignore Retry-After and never retry a 403 rateLimitExceeded):
 * throttles come back as RateLimitedError and the limiter pauses the API and retries, with an
 * exponential wait when Google names none. Clients are made once per impersonated user.
 */
export function createGoogleApi(options: GoogleApiOptions): GoogleApi {
  const budgets = { ...defaultBudgets, ...options.requestsPerMinute };
  const limiter = createRateLimiter({ requestsPerMinute: (key) => budgets[key as GoogleApiName] });
  const inFlight = pLimit(options.concurrency ?? 8);
  const baseBackoff = options.rateLimitBackoffMs ?? 1_000;
  const throttles: Record<GoogleApiName, number> = { directory: 0, calendar: 0 };
  const common = { retry: false, ...(options.apiUrl ? { rootUrl: options.apiUrl } : {}) };
  let directory: admin_directory_v1.Admin | null = null;
  const calendars = new Map<string, calendar_v3.Calendar>();

  const directoryClient = () =>
    (directory ??= admin({ version: 'directory_v1', auth: createGoogleJwt(options.serviceAccount, options.adminEmail, SCOPE_DIRECTORY), ...common }));
  const calendarClient = (email: string) => {
    let client = calendars.get(email);
    if (!client) {
      client = calendar({ version: 'v3', auth: createGoogleJwt(options.serviceAccount, email, SCOPE_CALENDAR), ...common });
      calendars.set(email, client);
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
      return send('calendar', () => calendarClient(email).events.list({ calendarId: 'primary', singleEvents: true, ...query }), GoogleEventsPage, 'events.list');
    },
  };
}
