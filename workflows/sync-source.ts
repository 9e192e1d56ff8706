import pLimit from 'p-limit';
import type { Activities } from '../activities/create-activities.ts';
import type { StreamRef } from '../activities/stream-list.ts';
import { addStreamKindWaits } from '../models/rate-limit-waits.ts';
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
  /** The stream list, the places in it still to read and the summary so far, when continuing a sync that yielded. */
  resume?: { list: string; streams: number[]; summary: SourceRunSummary };
}

/** A source's summary, and the places in its stream list left unread because the sync yielded (none when it finished). */
export interface SyncSourceResult {
  summary: SourceRunSummary;
  list: string;
  remaining: number[];
}

/**
 * One source's sync, written once: sync the directory, then read every stream incrementally
 * (cursor → fetch → load) with bounded concurrency. A stream's own failure is counted and the
 * stream read again next run; so is a directory that could not be read (the stored one is kept,
 * the streams are read all the same). A failure that stops the source (auth, config) is thrown,
 * as is a failure to list the streams. Once `shouldYield` says so, no further stream
 * starts and the unstarted ones are returned, for a Temporal workflow to continue as new.
 * Streams pass between the activities as places in a list kept in staging (see StreamList), never
 * by their ids, which name people; the list is dropped when the sync ends.
 */
export async function syncSource(
  activities: Activities,
  input: SyncSourceInput,
  shouldYield: () => boolean = () => false,
): Promise<SyncSourceResult> {
  const { source, window } = input;
  const summary = input.resume?.summary ?? emptySourceSummary(source);
  let list = input.resume?.list;
  let streams = input.resume?.streams;
  if (list === undefined || !streams) {
    try {
      Object.assign(summary, await activities.syncDirectory({ source, at: window.end }));
    } catch (error) {
      const failure = failureOf(error);
      if (stopsSource(failure)) throw error;
      summary.directoryFailure = failure.message;
    }
    const listed = await activities.listStreams({ source });
    list = listed.list;
    streams = Array.from({ length: listed.count }, (_, index) => index);
  }
  const ref = (index: number): StreamRef => ({ list, index });
  const limit = pLimit(input.streamConcurrency);
  const remaining = new Set<number>();
  const stopOnSourceFailure = (error: unknown) => {
    limit.clearQueue();
    throw error;
  };
  const read = async (stream: number) => {
    if (remaining.size > 0 || shouldYield()) remaining.add(stream);
    else await syncStream(activities, source, ref(stream), window, summary);
  };
  try {
    await Promise.all(streams.map((stream) => limit(() => read(stream).catch(stopOnSourceFailure))));
  } catch (error) {
    await activities.endStreamList({ source, list });
    throw error;
  }
  const left = streams.filter((stream) => remaining.has(stream));
  if (left.length === 0) await activities.endStreamList({ source, list });
  return { summary, list, remaining: left };
}

/** Reads one stream; a failure that stops the whole source is rethrown, any other is counted and the stream retried next run. */
async function syncStream(activities: Activities, source: Source, stream: StreamRef, window: RunWindow, summary: SourceRunSummary) {
  try {
    const position = await activities.readCursor({ source, ...stream });
    const batch = await activities.fetchStream({ source, ...stream, position, window });
    summary.requests += batch.requests;
    // A summary resumed from a sync that began before waits were counted has none.
    summary.rateLimitWaits = addStreamKindWaits(summary.rateLimitWaits ?? [], batch.kind, batch.rateLimitWaits);
    if (batch.skipped) {
      summary.streamsSkipped += 1;
      return;
    }
    const { inserted, removed } = await activities.loadBatch({ source, ...stream });
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
