import type { QuarantineRecord } from '../../models/quarantine-record.ts';
import type { RunWindow } from '../../models/run-window.ts';
import type { GraphApi } from './graph-api.ts';
import type { CalendarPosition, CalendarRange } from './calendar-position.ts';
import { quarantineProblem } from './quarantine-problem.ts';
import { SyncStateGoneError } from './sync-state-gone-error.ts';
import { GraphCollection } from './wire/graph-collection.ts';
import { GraphEvent } from './wire/graph-event.ts';
import { GraphRemovedEvent } from './wire/graph-removed-event.ts';

/** What one read of one calendar found. */
export interface CalendarRead {
  events: GraphEvent[];
  /** Ids of instances Graph removed from the view or marked cancelled. */
  gone: string[];
  quarantined: QuarantineRecord[];
  position: CalendarPosition;
  requests: number;
  /** True when a delta token had expired and its range was read again in full. */
  resynced: boolean;
  /** The ranges read again in full after an expired token (every event starting in them was listed). */
  resyncedRanges: { from: string; to: string }[];
}

/** Who and how: the user, the stream, the bucket, the page size. */
export interface CalendarReadTarget {
  userId: string;
  stream: string;
  bucket: string;
  pageSize: number;
}

/** A saved range is followed with delta rounds while it ends less than this before the window's end. */
const followedRangeMs = 35 * 86_400_000;

/**
 * Reads one calendar with calendarView/delta. First read: an initial round over the window. Later
 * reads: a delta round on each saved range still followed (only what changed, so later changes to
 * older meetings are seen too; the last range is always followed, earlier ones until they end 35
 * days before the window's end); when the window reaches past the last range, an initial round over
 * the new part [its end, window end) too, added to the position. A token Graph no longer knows
 * (410) makes that range be read again in full. Removed items and cancelled instances are `gone`;
 * items that don't parse are quarantined.
 */
export async function readCalendarDelta(api: GraphApi, target: CalendarReadTarget, saved: CalendarPosition | null, window: RunWindow): Promise<CalendarRead> {
  const read: CalendarRead = { events: [], gone: [], quarantined: [], position: saved as CalendarPosition, requests: 0, resynced: false, resyncedRanges: [] };
  const call = { what: 'calendarView/delta', bucket: target.bucket, prefer: `odata.maxpagesize=${target.pageSize}, outlook.timezone="UTC"` };
  const path = `/users/${target.userId}/calendarView/delta`;
  const initial = (from: string, to: string) => `${path}?startDateTime=${from}&endDateTime=${to}`;

  const round = async (first: string, from: string, to: string): Promise<CalendarRange> => {
    for await (const page of api.pages(first, GraphCollection, call, () => void read.requests++)) {
      for (const raw of page.value) take(read, target.stream, raw);
      if (page['@odata.deltaLink'] !== undefined) {
        const link = new URL(page['@odata.deltaLink']);
        if (link.pathname.endsWith('/calendarView/delta')) return { from, to, deltaQuery: link.search };
      }
    }
    throw new SyncStateGoneError();
  };
  const resumable = async ({ from, to, deltaQuery }: CalendarRange): Promise<CalendarRange> => {
    try {
      return await round(`${path}${deltaQuery}`, from, to);
    } catch (error) {
      if (!(error instanceof SyncStateGoneError)) throw error;
      read.resynced = true;
      read.resyncedRanges.push({ from, to });
      return round(initial(from, to), from, to);
    }
  };

  if (saved === null) {
    read.position = { ranges: [await round(initial(window.start, window.end), window.start, window.end)] };
    return read;
  }
  const last = saved.ranges.at(-1) as CalendarRange;
  const followed = saved.ranges.filter((range) => range === last || Date.parse(range.to) > Date.parse(window.end) - followedRangeMs);
  const ranges: CalendarRange[] = [];
  for (const range of followed) ranges.push(await resumable(range));
  if (Date.parse(window.end) > Date.parse(last.to)) ranges.push(await round(initial(last.to, window.end), last.to, window.end));
  read.position = { ranges };
  return read;
}

function take(read: CalendarRead, stream: string, raw: unknown): void {
  const removed = GraphRemovedEvent.safeParse(raw);
  if (removed.success) {
    read.gone.push(removed.data.id);
    return;
  }
  const parsed = GraphEvent.safeParse(raw);
  if (!parsed.success) {
    const id = typeof raw === 'object' && raw !== null && 'id' in raw && typeof raw.id === 'string' && /^[A-Za-z0-9+/=_-]{1,400}$/.test(raw.id) ? raw.id : null;
    read.quarantined.push({ source: 'microsoft', stream, recordRef: id, problem: quarantineProblem(parsed.error) });
    return;
  }
  if (parsed.data.isCancelled) read.gone.push(parsed.data.id);
  else read.events.push(parsed.data);
}
