import pLimit from 'p-limit';
import type { Activities } from '../activities/create-activities.ts';
import type { RunSummary, SourceRunSummary } from '../models/run-summary.ts';
import type { RunWindow } from '../models/run-window.ts';
import type { Source } from '../models/source.ts';
import { failureOf, stopsSource } from './failure-of.ts';

/** What one run covers. */
export interface RunPipelineInput {
  window: RunWindow;
  sources: Source[];
  /** How many streams of one source are read at once. */
  streamConcurrency: number;
}

/**
 * One whole run, written once: for each source, sync the directory, then read every stream
 * incrementally (fetch → stage → load with its cursor); then compute features and release
 * team aggregates. The embedded runner calls it with the activities themselves, a Temporal
 * workflow with proxies of them. A source that fails stops alone; the others finish.
 */
export async function runPipeline(activities: Activities, input: RunPipelineInput): Promise<RunSummary> {
  const sources: SourceRunSummary[] = [];
  for (const source of input.sources) sources.push(await syncSource(activities, source, input));
  const features = await activities.computeFeatures({ window: input.window });
  const release = await activities.releaseAggregates({ window: input.window });
  return {
    window: input.window,
    sources,
    personDayRows: features.personDayRows,
    personWeekRows: features.personWeekRows,
    cellsReleased: release.released,
    cellsSuppressed: release.suppressed,
    weeks: release.weeks,
  };
}

async function syncSource(activities: Activities, source: Source, input: RunPipelineInput): Promise<SourceRunSummary> {
  const summary: SourceRunSummary = {
    source,
    status: 'ok',
    failure: null,
    people: 0,
    unresolved: 0,
    excluded: 0,
    teams: 0,
    streamsRead: 0,
    streamsSkipped: 0,
    streamsFailed: 0,
    eventsFetched: 0,
    eventsNew: 0,
    quarantined: 0,
    requests: 0,
    lastStreamFailure: null,
  };
  try {
    Object.assign(summary, await activities.syncDirectory({ source }));
    const streams = await activities.listStreams({ source });
    const limit = pLimit(input.streamConcurrency);
    const stopOnSourceFailure = (error: unknown) => {
      limit.clearQueue();
      throw error;
    };
    await Promise.all(
      streams.map((stream) => limit(() => syncStream(activities, source, stream, input.window, summary).catch(stopOnSourceFailure))),
    );
  } catch (error) {
    summary.status = 'failed';
    summary.failure = failureOf(error).message;
  }
  return summary;
}

/** Reads one stream; a failure that stops the whole source is rethrown, any other is counted and the stream retried next run. */
async function syncStream(activities: Activities, source: Source, stream: string, window: RunWindow, summary: SourceRunSummary) {
  try {
    const position = await activities.readCursor({ source, stream });
    const batch = await activities.fetchStream({ source, stream, position, window });
    summary.requests += batch.requests;
    if (batch.skipped) {
      summary.streamsSkipped += 1;
      return;
    }
    const { inserted } = await activities.loadBatch({
      source,
      stream,
      batchFile: batch.batchFile,
      quarantined: batch.quarantined,
      deleted: batch.deleted,
      position: batch.position,
    });
    summary.streamsRead += 1;
    summary.eventsFetched += batch.events;
    summary.eventsNew += inserted;
    summary.quarantined += batch.quarantined.length;
  } catch (error) {
    const failure = failureOf(error);
    if (stopsSource(failure)) throw error;
    summary.streamsFailed += 1;
    summary.lastStreamFailure = failure.message;
  }
}
