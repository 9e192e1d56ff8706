import pLimit from 'p-limit';
import type { Activities } from '../activities/create-activities.ts';
import { addStreamKindWaits, streamKindOf } from '../models/rate-limit-waits.ts';
import type { SourceRunSummary } from '../models/run-summary.ts';
import type { RunWindow } from '../models/run-window.ts';
import type { Source } from '../models/source.ts';
import { emptySourceSummary } from './empty-source-summary.ts';
import { failureOf, stopsSource } from './failure-of.ts';

/** One source's sync over a window; `resume` continues one that yielded part-way. */
export interface SyncSourceInput {
  source: Source;
  window: RunWindow;
  /** How many streams of the source are read at once. */
  streamConcurrency: number;
  /** The streams still to read and the summary so far, when continuing a sync that yielded. */
  resume?: { streams: string[]; summary: SourceRunSummary };
}

/** A source's summary, and the streams left unread because the sync yielded (none when it finished). */
export interface SyncSourceResult {
  summary: SourceRunSummary;
  remaining: string[];
}

/**
 * One source's sync, written once: sync the directory, then read every stream incrementally
 * (cursor → fetch → load) with bounded concurrency. A stream's own failure is counted and the
 * stream read again next run; so is a directory that could not be read (the stored one is kept,
 * the streams are read all the same). A failure that stops the source (auth, config) is thrown,
 * as is a failure to list the streams. Once `shouldYield` says so, no further stream
 * starts and the unstarted ones are returned, for a Temporal workflow to continue as new.
 */
export async function syncSource(
  activities: Activities,
  input: SyncSourceInput,
  shouldYield: () => boolean = () => false,
): Promise<SyncSourceResult> {
  const { source, window } = input;
  const summary = input.resume?.summary ?? emptySourceSummary(source);
  let streams = input.resume?.streams;
  if (!streams) {
    try {
      Object.assign(summary, await activities.syncDirectory({ source, at: window.end }));
    } catch (error) {
      const failure = failureOf(error);
      if (stopsSource(failure)) throw error;
      summary.directoryFailure = failure.message;
    }
    streams = await activities.listStreams({ source });
  }
  const limit = pLimit(input.streamConcurrency);
  const remaining = new Set<string>();
  const stopOnSourceFailure = (error: unknown) => {
    limit.clearQueue();
    throw error;
  };
  const read = async (stream: string) => {
    if (remaining.size > 0 || shouldYield()) remaining.add(stream);
    else await syncStream(activities, source, stream, window, summary);
  };
  await Promise.all(streams.map((stream) => limit(() => read(stream).catch(stopOnSourceFailure))));
  return { summary, remaining: streams.filter((stream) => remaining.has(stream)) };
}

/** Reads one stream; a failure that stops the whole source is rethrown, any other is counted and the stream retried next run. */
async function syncStream(activities: Activities, source: Source, stream: string, window: RunWindow, summary: SourceRunSummary) {
  try {
    const position = await activities.readCursor({ source, stream });
    const batch = await activities.fetchStream({ source, stream, position, window });
    summary.requests += batch.requests;
    // A summary resumed from a sync that began before waits were counted has none.
    summary.rateLimitWaits = addStreamKindWaits(summary.rateLimitWaits ?? [], streamKindOf(source, stream), batch.rateLimitWaits);
    if (batch.skipped) {
      summary.streamsSkipped += 1;
      return;
    }
    const { inserted, removed } = await activities.loadBatch({ source, stream, parts: batch.parts });
    summary.streamsRead += 1;
    summary.eventsFetched += batch.events;
    summary.eventsNew += inserted;
    summary.eventsRemoved += removed;
    summary.quarantined += batch.quarantined;
  } catch (error) {
    const failure = failureOf(error);
    if (stopsSource(failure)) throw error;
    summary.streamsFailed += 1;
    summary.lastStreamFailure = failure.message;
  }
}
