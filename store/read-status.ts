import type { PrivateStore } from './private-store.ts';

/** How the streams of one kind of one source stand: how many, when one last synced, records quarantined. */
export interface StreamKindStatus {
  source: string;
  /** The stream id's prefix (`project`, `calendar`, `chat`, `export`), or `channel` / `calendar` for Slack's and Google's plain ids. */
  kind: string;
  streams: number;
  /** When a stream of this kind last saved its cursor (a successful sync), ms since the epoch; null when none has. */
  lastSyncMs: number | null;
  quarantined: number;
}

/** What one source did in one recorded run. */
export interface SourceRunStatus {
  runId: string;
  finishedMs: number;
  source: string;
  status: string;
  /** Why the source stopped, else why its directory or its last failed stream failed; null when nothing did. */
  error: string | null;
  streamsRead: number;
  streamsSkipped: number;
  streamsFailed: number;
  eventsNew: number;
  quarantined: number;
}

/** How long one stream kind's reads of one source waited for rate limits in one recorded run. */
export interface RateLimitWaitStatus {
  runId: string;
  finishedMs: number;
  source: string;
  kind: string;
  /** Waits behind a pause the server asked for (429, Retry-After), and their total ms. */
  throttled: number;
  throttledMs: number;
  /** Waits of the rate limiter's own pacing, and their total ms. */
  paced: number;
  pacedMs: number;
}

/** One release of team aggregates, as planned in the private store's outbox. */
export interface ReleaseStatus {
  releasedMs: number;
  weeksFrom: string;
  weeksTo: string;
  cellsReleased: number;
  cellsSuppressed: number;
  published: boolean;
}

/** Everything `attune status` shows: counts, times and failure messages; no stream id, pseudonym or identity. */
export interface StoreStatus {
  streams: StreamKindStatus[];
  /** Events stored per source and event kind. */
  events: { source: string; kind: string; events: number }[];
  /** Each source's part of the last `runs` runs, newest first. */
  runs: SourceRunStatus[];
  /** Per source and stream kind read, the rate-limit waits of the last `runs` runs, newest first. */
  rateLimitWaits: RateLimitWaitStatus[];
  /** Each source's latest error in any recorded run, with when. */
  lastErrors: { source: string; finishedMs: number; error: string }[];
  releases: ReleaseStatus[];
}

/** A stream id's kind, without the rest of the id (which may hold a pseudonym): as streamKindOf (models/rate-limit-waits.ts) names it. */
const streamKind = `CASE WHEN contains(stream, ':') THEN split_part(stream, ':', 1)
  WHEN source = 'slack' THEN 'channel' WHEN source = 'google' THEN 'calendar' ELSE 'stream' END`;

/** A run's error for a source: its stop, else its directory's failure, else its last stream failure. */
const runError = 'coalesce(failure, directory_failure, last_stream_failure)';

/** The last `$runs` recorded runs: their ids and when they finished. */
const latestRuns = 'latest AS (SELECT run_id, finished_at FROM run_records ORDER BY finished_at DESC LIMIT $runs)';

/** Reads the sync state, quarantine, run records (rate-limit waits included) and release outbox of the private store, as counts per source and kind. */
export async function readStatus(store: PrivateStore, { runs, releases }: { runs: number; releases: number }): Promise<StoreStatus> {
  const [streams, events, runRows, waitRows, errors, releaseRows] = await Promise.all([
    store.select({
      sql: `WITH synced AS (SELECT source, ${streamKind} AS kind, count(*)::INTEGER AS streams, epoch_ms(max(updated_at))::DOUBLE AS last_sync_ms
                            FROM sync_state GROUP BY ALL),
                 held AS (SELECT source, ${streamKind} AS kind, count(*)::INTEGER AS quarantined FROM quarantine GROUP BY ALL)
            SELECT source, kind, coalesce(streams, 0) AS streams, last_sync_ms, coalesce(quarantined, 0) AS quarantined
            FROM synced FULL JOIN held USING (source, kind) ORDER BY source, kind`,
    }),
    store.select({ sql: 'SELECT source, kind, count(*)::INTEGER AS events FROM events GROUP BY ALL ORDER BY source, kind' }),
    store.select({
      sql: `WITH ${latestRuns}
            SELECT r.run_id, epoch_ms(latest.finished_at)::DOUBLE AS finished_ms, source, status, ${runError} AS error,
                   streams_read, streams_skipped, streams_failed, events_new, quarantined
            FROM run_source_records r JOIN latest USING (run_id) ORDER BY latest.finished_at DESC, source`,
      params: { runs },
    }),
    store.select({
      sql: `WITH ${latestRuns}
            SELECT w.run_id, epoch_ms(latest.finished_at)::DOUBLE AS finished_ms, source, stream_kind, throttled_waits, throttled_ms, paced_waits, paced_ms
            FROM run_rate_limit_waits w JOIN latest USING (run_id) ORDER BY latest.finished_at DESC, source, stream_kind`,
      params: { runs },
    }),
    store.select({
      sql: `SELECT source, arg_max(${runError}, finished_at) AS error, epoch_ms(max(finished_at))::DOUBLE AS finished_ms
            FROM run_source_records JOIN run_records USING (run_id) WHERE ${runError} IS NOT NULL GROUP BY source ORDER BY source`,
    }),
    store.select({
      sql: `SELECT epoch_ms(released_at)::DOUBLE AS released_ms, weeks_from::VARCHAR AS weeks_from, weeks_to::VARCHAR AS weeks_to,
                   cells_released, cells_suppressed, published_at IS NOT NULL AS published
            FROM release_outbox ORDER BY released_at DESC LIMIT $releases`,
      params: { releases },
    }),
  ]);
  const num = (value: unknown) => Number(value);
  const text = (value: unknown) => String(value);
  return {
    streams: streams.map((r) => ({
      source: text(r.source),
      kind: text(r.kind),
      streams: num(r.streams),
      lastSyncMs: r.last_sync_ms === null ? null : num(r.last_sync_ms),
      quarantined: num(r.quarantined),
    })),
    events: events.map((r) => ({ source: text(r.source), kind: text(r.kind), events: num(r.events) })),
    runs: runRows.map((r) => ({
      runId: text(r.run_id),
      finishedMs: num(r.finished_ms),
      source: text(r.source),
      status: text(r.status),
      error: r.error === null ? null : text(r.error),
      streamsRead: num(r.streams_read),
      streamsSkipped: num(r.streams_skipped),
      streamsFailed: num(r.streams_failed),
      eventsNew: num(r.events_new),
      quarantined: num(r.quarantined),
    })),
    rateLimitWaits: waitRows.map((r) => ({
      runId: text(r.run_id),
      finishedMs: num(r.finished_ms),
      source: text(r.source),
      kind: text(r.stream_kind),
      throttled: num(r.throttled_waits),
      throttledMs: num(r.throttled_ms),
      paced: num(r.paced_waits),
      pacedMs: num(r.paced_ms),
    })),
    lastErrors: errors.map((r) => ({ source: text(r.source), finishedMs: num(r.finished_ms), error: text(r.error) })),
    releases: releaseRows.map((r) => ({
      releasedMs: num(r.released_ms),
      weeksFrom: text(r.weeks_from),
      weeksTo: text(r.weeks_to),
      cellsReleased: num(r.cells_released),
      cellsSuppressed: num(r.cells_suppressed),
      published: r.published === true,
    })),
  };
}
