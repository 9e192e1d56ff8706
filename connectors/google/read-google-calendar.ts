import { SchemaDriftError } from '../../models/errors.ts';
import type { QuarantineRecord } from '../../models/quarantine-record.ts';
import type { RunWindow } from '../../models/run-window.ts';
import type { EventsQuery, GoogleApi } from './google-api.ts';
import type { GooglePosition } from './google-position.ts';
import { SyncTokenExpiredError } from './sync-token-expired-error.ts';
import { GoogleCancelledEvent } from './wire/google-cancelled-event.ts';
import { GoogleEvent } from './wire/google-event.ts';

/** What one read of one calendar found. */
export interface GoogleCalendarRead {
  /** Live instances, parsed (not yet filtered to the window). */
  events: GoogleEvent[];
  /** Ids of cancelled instances. */
  cancelled: string[];
  quarantined: QuarantineRecord[];
  /** The calendar's time zone setting as the list states it, if any. */
  timeZone: string | null;
  position: GooglePosition;
  requests: number;
  /** True when a saved sync token had expired and the calendar was read again in full. */
  resynced: boolean;
}

const safeRef = /^[A-Za-z0-9_-]{1,200}$/;

/**
 * Reads one calendar (events.list with singleEvents, every page). Without a saved position, or
 * when Calendar answers 410 fullSyncRequired to the saved sync token: a full listing of the window
 * with cancelled instances (so a resync also reports what was cancelled meanwhile), keeping its
 * nextSyncToken; bounded by the window's end, so recurring meetings' future instances are not
 * expanded now (the next window's time-bounded listing reads them). With one: the changes since the token, plus (a sync token can't be
 * combined with a time range) a time-bounded listing of the instances between the previous
 * window's end and this one's, which are new to attune though unchanged at Google. Items are
 * parsed one by one: a cancelled one yields its id, a live one the allow-listed event, a bad one a
 * quarantine record (field paths and issue codes only).
 */
export async function readGoogleCalendar(api: GoogleApi, email: string, stream: string, saved: GooglePosition | null, window: RunWindow, pageSize: number): Promise<GoogleCalendarRead> {
  let requests = 0;
  let timeZone: string | null = null;
  const listAll = async (query: Omit<EventsQuery, 'pageToken' | 'maxResults'>) => {
    const items: unknown[] = [];
    let pageToken: string | undefined;
    let syncToken: string | undefined;
    do {
      const page = await api.eventsPage(email, { ...query, maxResults: pageSize, ...(pageToken ? { pageToken } : {}) });
      requests++;
      items.push(...(page.items ?? []));
      timeZone ??= page.timeZone ?? null;
      pageToken = page.nextPageToken;
      syncToken = page.nextSyncToken ?? syncToken;
    } while (pageToken !== undefined);
    return { items, syncToken };
  };

  let raw: unknown[] | null = null;
  let syncToken: string | undefined;
  let through = window.end;
  if (saved) {
    try {
      const changes = await listAll({ syncToken: saved.syncToken });
      const later = Date.parse(window.end) > Date.parse(saved.through) ? (await listAll({ timeMin: saved.through, timeMax: window.end, showDeleted: true })).items : [];
      raw = [...changes.items, ...later];
      syncToken = changes.syncToken ?? saved.syncToken;
      if (Date.parse(saved.through) > Date.parse(window.end)) through = saved.through;
    } catch (error) {
      if (!(error instanceof SyncTokenExpiredError)) throw error;
    }
  }
  const resynced = saved !== null && raw === null;
  if (raw === null) {
    const full = await listAll({ timeMin: window.start, timeMax: window.end, showDeleted: true });
    raw = full.items;
    syncToken = full.syncToken;
  }
  if (syncToken === undefined) throw new SchemaDriftError('Google events.list ended without a nextSyncToken', 'google');

  const latest = new Map<string, unknown>();
  const anonymous: unknown[] = [];
  for (const item of raw) {
    const id = typeof item === 'object' && item !== null && 'id' in item && typeof item.id === 'string' ? item.id : null;
    if (id === null) anonymous.push(item);
    else latest.set(id, item);
  }
  const read: GoogleCalendarRead = { events: [], cancelled: [], quarantined: [], timeZone, position: { syncToken, through }, requests, resynced };
  for (const [id, item] of [...latest, ...anonymous.map((item) => [null, item] as const)]) {
    if (GoogleCancelledEvent.safeParse(item).success && id !== null) {
      read.cancelled.push(id);
      continue;
    }
    const parsed = GoogleEvent.safeParse(item);
    if (parsed.success) {
      read.events.push(parsed.data);
      continue;
    }
    const problem = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(record)'}: ${issue.code}`).join('; ');
    read.quarantined.push({ source: 'google', stream, recordRef: id !== null && safeRef.test(id) ? id : null, problem });
  }
  return read;
}
