import { ConfigError, RateLimitedError, TransientError } from '../../models/errors.ts';
import { knownTimeZone } from '../../models/known-time-zone.ts';
import { normaliseEmail } from '../../models/normalise-email.ts';
import type { Pseudonymize } from '../../models/pseudonym.ts';
import type { StreamBatch } from '../../models/stream-batch.ts';
import { directoryMaxAgeMs, memoizeAsync } from '../http/memoize-async.ts';
import { createRetryPolicy, type RetryPolicyOptions } from '../http/retry-policy.ts';
import { StreamRefusedError } from '../http/stream-refused-error.ts';
import type { SourceConnector } from '../source-connector.ts';
import type { GoogleApiName } from './classify-google-error.ts';
import { createGoogleApi, googleReadScopes } from './google-api.ts';
import { googleCalendarEvent, googleSourceEventId, type GoogleCalendarOwner } from './google-calendar-event.ts';
import { googleDirectorySnapshot } from './google-directory-snapshot.ts';
import { parseGooglePosition } from './google-position.ts';
import { googleSettings } from './google-settings.ts';
import { readGoogleCalendar } from './read-google-calendar.ts';
import { readGoogleUsers } from './read-google-users.ts';
import { ScopeNotDelegatedError } from './scope-not-delegated-error.ts';
import { GoogleServiceAccount } from './wire/google-service-account.ts';

/** Settings of the Google connector. */
export interface GoogleConnectorOptions {
  /** The service account's JSON key (parsed), from the file GOOGLE_SERVICE_ACCOUNT_FILE names. */
  serviceAccount: unknown;
  /** A super administrator's address, GOOGLE_ADMIN_EMAIL: impersonated for the Directory. */
  adminEmail: string;
  /** rootUrl of both APIs, GOOGLE_API_URL (ends with '/'); Google's own when unset. */
  apiUrl?: string;
  pseudonymize: Pseudonymize;
  /** Sustained budgets in requests per minute; default Directory 1 200, Calendar 9 500 (see GoogleApiOptions). */
  requestsPerMinute?: Partial<Record<GoogleApiName, number>>;
  /** Requests in flight at once; default 8. */
  concurrency?: number;
  /** Events per events.list page (≤ 2500); default 2500. */
  pageSize?: number;
  /** Users per users.list page (≤ 500); default 500. */
  directoryPageSize?: number;
  /** First wait after a throttle that names no Retry-After; default 1 000 ms, doubling. */
  rateLimitBackoffMs?: number;
  /** The retry policy's numbers for transient failures (one budget per connector instance); default createRetryPolicy()'s. */
  retry?: RetryPolicyOptions;
  /** Per-request timeout; default 30 s. */
  timeoutMs?: number;
}

/**
 * The Google Workspace source: people and org units from the Admin SDK Directory (the
 * administrator impersonated), each person's time zone from their Calendar settings, and one
 * stream per active user (`calendar:<pseudonym>`) whose events are read with full sync, then
 * sync-token increments (see readGoogleCalendar). Auth is a service account with domain-wide
 * delegation impersonating each user. The user list is read afresh by every sync (readDirectory),
 * and by `listStreams` or `fetchStream` when none younger than directoryMaxAgeMs is at hand (they
 * may run in another, long-lived worker).
 */
export function createGoogleConnector(options: GoogleConnectorOptions): SourceConnector {
  const { pseudonymize, pageSize = 2500, directoryPageSize = 500 } = options;
  const key = GoogleServiceAccount.safeParse(options.serviceAccount);
  if (!key.success) {
    throw new ConfigError(`${googleSettings.serviceAccountFile} is not a service account JSON key (type, client_email, private_key)`, googleSettings.serviceAccountFile, 'google');
  }
  const adminEmail = normaliseEmail(options.adminEmail);
  if (!adminEmail.includes('@')) throw new ConfigError(`${googleSettings.adminEmail} must be an administrator's email address`, googleSettings.adminEmail, 'google');
  const api = createGoogleApi({ ...options, serviceAccount: key.data, adminEmail, retry: createRetryPolicy(options.retry) });
  const users = memoizeAsync(() => readGoogleUsers(api, pseudonymize, directoryPageSize), { maxAgeMs: directoryMaxAgeMs });

  return {
    source: 'google',

    requestsMade: () => api.requestsMade(),

    async checkAccess() {
      // One token per scope: a scope delegation does not grant is refused alone, so each is asked for once, and named.
      const probes: [keyof typeof googleReadScopes, () => Promise<unknown>][] = [
        ['directory', () => api.usersPage(undefined, 1)],
        ['calendar', () => api.timeZoneOf(adminEmail)],
      ];
      const missing: string[] = [];
      let refusal: ScopeNotDelegatedError | undefined;
      for (const [name, probe] of probes) {
        try {
          await probe();
        } catch (error) {
          // The administrator without a calendar proves nothing missing: the scope's token was issued.
          if (error instanceof ScopeNotDelegatedError) {
            refusal = error;
            missing.push(googleReadScopes[name]);
          } else if (!(error instanceof StreamRefusedError)) throw error;
        }
      }
      // No scope at all: no delegation (or a revoked one), a refusal of the source as a whole.
      if (refusal && missing.length === probes.length) throw refusal;
      return { missing };
    },

    async readDirectory() {
      const directory = await users.refresh();
      let incomplete = 0;
      // Each person's time zone fails alone: after retries, the unknown stand-in (which never replaces a stored zone), counted.
      const zones = await Promise.all(
        directory.users.map(async ({ email }) => {
          try {
            return [email, await api.timeZoneOf(email)] as const;
          } catch (error) {
            if (error instanceof TransientError || error instanceof RateLimitedError) incomplete++;
            else if (!(error instanceof StreamRefusedError)) throw error;
            return [email, null] as const;
          }
        }),
      );
      return { ...googleDirectorySnapshot(directory, new Map(zones)), incomplete };
    },

    async listStreams() {
      return [...(await users()).calendars.keys()].sort();
    },

    async fetchStream(stream, position, window): Promise<StreamBatch> {
      const user = (await users()).calendars.get(stream);
      const skipped = (requests: number): StreamBatch => ({ events: [], quarantined: [], deleted: [], position, skipped: 'access_denied', requests });
      if (!user) return skipped(0);
      try {
        const read = await readGoogleCalendar(api, user.email, stream, parseGooglePosition(position), window, pageSize);
        const owner: GoogleCalendarOwner = { userId: user.user.id, email: user.email, pseudonym: user.pseudonym, timeZone: knownTimeZone(read.timeZone) ?? 'UTC' };
        const from = Date.parse(window.start);
        const to = Date.parse(window.end);
        const events = read.events.flatMap((raw) => {
          const event = googleCalendarEvent(raw, owner, pseudonymize);
          return event && event.start.getTime() < to && event.end.getTime() > from ? [event] : [];
        });
        const deleted = read.cancelled.map((id) => googleSourceEventId(pseudonymize, owner, id));
        return { events, quarantined: read.quarantined, deleted, position: JSON.stringify(read.position), skipped: null, requests: read.requests };
      } catch (error) {
        if (!(error instanceof StreamRefusedError)) throw error;
        return skipped(1);
      }
    },
  };
}
