import type { GoogleCalendarEntry } from './google-calendar-entry.ts';
import { googleError, type GoogleErrorResponse } from './google-error.ts';
import { googleOpaqueToken } from './google-opaque-token.ts';

/** The server state an events.list call is answered against. */
export interface EventsListState {
  now: number;
  /** Sync tokens of an older generation answer 410 (see expireSyncTokens). */
  generation: number;
  /** Sync tokens older than this (server clock) answer 410. */
  syncTokenTtlMs: number;
  /** The calendar's time zone setting, echoed as the list's `timeZone`. */
  timeZone: string;
  /** The calendar's title (its owner's address for a primary calendar). */
  summary: string;
  /** Events a page holds at most, below what was asked (Google may return fewer); default 2500. */
  pageCap?: number;
}

const DEFAULT_PAGE = 250;
const MAX_PAGE = 2500;
const SYNC_FILTERS = ['timeMin', 'timeMax', 'orderBy', 'q', 'updatedMin', 'iCalUID', 'privateExtendedProperty', 'sharedExtendedProperty'];

const invalid = (message: string, location?: string): GoogleErrorResponse => {
  const error = googleError(400, 'invalid', message);
  if (location) Object.assign(error.body.error.errors[0] ?? {}, { locationType: 'parameter', location });
  return error;
};

function parseTime(value: string | null): number | null | undefined {
  if (value === null) return undefined;
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(value)) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/** When an entry last changed as of `at`: its cancellation once that happened, else its creation. */
function updatedAt(entry: GoogleCalendarEntry, at: number): number {
  return entry.cancelledAt !== null && entry.cancelledAt <= at ? entry.cancelledAt : entry.createdAt;
}

/**
 * Answers `events.list` on one calendar the way Calendar v3 does with `singleEvents=true`: a full
 * listing (optionally bounded by `timeMin` on the end and `timeMax` on the start, cancelled
 * instances only with `showDeleted`), or an incremental one from a `syncToken` (every change since,
 * cancelled instances included, and no time filters allowed: 400). Pages of `maxResults` (≤ 2500)
 * with `nextPageToken`; `nextSyncToken` only on the last page. A sync token from an older generation
 * or older than the TTL answers 410 `fullSyncRequired`. Events not yet created at the server's
 * clock are invisible.
 */
export function listGoogleEvents(entries: readonly GoogleCalendarEntry[], params: URLSearchParams, state: EventsListState): GoogleErrorResponse | { status: 200; body: Record<string, unknown> } {
  if (params.get('singleEvents') !== 'true') return invalid('The simulator only lists expanded instances: pass singleEvents=true.', 'singleEvents');
  const maxResults = params.has('maxResults') ? Number(params.get('maxResults')) : DEFAULT_PAGE;
  if (!Number.isInteger(maxResults) || maxResults < 1) return invalid('Invalid value for maxResults.', 'maxResults');
  const size = Math.min(maxResults, MAX_PAGE, state.pageCap ?? MAX_PAGE);

  const syncToken = params.get('syncToken');
  let since: number | null = null;
  if (syncToken !== null) {
    if (SYNC_FILTERS.some((f) => params.has(f))) return invalid('Sync token cannot be combined with timeMin, timeMax, orderBy, q or updatedMin.', 'syncToken');
    const decoded = googleOpaqueToken.decode('sync', syncToken);
    if (!decoded || decoded.gen !== state.generation || state.now - (decoded.at ?? 0) > state.syncTokenTtlMs) {
      return googleError(410, 'fullSyncRequired', 'Sync token is no longer valid, a full sync is required.');
    }
    since = decoded.at ?? 0;
  }

  const timeMin = parseTime(params.get('timeMin'));
  const timeMax = parseTime(params.get('timeMax'));
  if (timeMin === null) return invalid('Bad Request', 'timeMin');
  if (timeMax === null) return invalid('Bad Request', 'timeMax');
  if (timeMin !== undefined && timeMax !== undefined && timeMax <= timeMin) {
    return googleError(400, 'timeRangeEmpty', 'The specified time range is empty.', 'calendar');
  }

  const pageToken = params.get('pageToken');
  const page = pageToken === null ? { at: state.now, o: 0 } : googleOpaqueToken.decode('page', pageToken);
  if (!page || typeof page.at !== 'number' || typeof page.o !== 'number') return invalid('Invalid page token value.', 'pageToken');
  const at = page.at;
  const showDeleted = params.get('showDeleted') === 'true';

  const selected = entries.filter((e) => {
    if (e.createdAt > at) return false;
    if (since !== null) return updatedAt(e, at) > since;
    if (e.cancelledAt !== null && e.cancelledAt <= at && !showDeleted) return false;
    if (timeMin !== undefined && e.end <= timeMin) return false;
    return timeMax === undefined || e.start < timeMax;
  });
  const slice = selected.slice(page.o, page.o + size);
  const items = slice.map((e) =>
    e.cancelledAt !== null && e.cancelledAt <= at
      ? { ...e.cancelled, status: 'cancelled' }
      : { ...e.resource, status: 'confirmed', updated: new Date(updatedAt(e, at)).toISOString() },
  );
  const more = page.o + size < selected.length;
  return {
    status: 200,
    body: {
      kind: 'calendar#events',
      etag: `"p3${at.toString(36)}"`,
      summary: state.summary,
      updated: new Date(at).toISOString(),
      timeZone: state.timeZone,
      accessRole: 'owner',
      defaultReminders: [{ method: 'popup', minutes: 10 }],
      ...(more ? { nextPageToken: googleOpaqueToken.encode('page', { at, o: page.o + size }) } : { nextSyncToken: googleOpaqueToken.encode('sync', { at, gen: state.generation }) }),
      items,
    },
  };
}
