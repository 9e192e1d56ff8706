import type { Activities } from '../activities/create-activities.ts';
import type { RunSummary, SourceRunSummary } from '../models/run-summary.ts';
import type { RunWindow } from '../models/run-window.ts';
import type { Source } from '../models/source.ts';
import { emptySourceSummary } from './empty-source-summary.ts';
import { failureOf } from './failure-of.ts';
import { syncSource } from './sync-source.ts';

/** What one run covers. */
export interface RunPipelineInput {
  window: RunWindow;
  sources: Source[];
  /** How many streams of one source are read at once. */
  streamConcurrency: number;
  /** Whether the run releases team aggregates for the window's complete weeks (the weekly release), or stops at features. */
  release: boolean;
}

/** Syncs one source for a run: inline by default; a Temporal workflow passes one that runs it as a child workflow. */
export type SourceSync = (source: Source, input: RunPipelineInput) => Promise<SourceRunSummary>;

const inline =
  (activities: Activities): SourceSync =>
  async (source, input) =>
    (await syncSource(activities, { source, window: input.window, streamConcurrency: input.streamConcurrency })).summary;

/**
 * One whole run, written once: sync every source (see syncSource), then compute features and,
 * when asked, release team aggregates. The embedded runner calls it with the activities
 * themselves, the Temporal workflows with proxies of them. A source that fails stops alone
 * with its failure in the summary; the others finish.
 */
export async function runPipeline(
  activities: Activities,
  input: RunPipelineInput,
  sync: SourceSync = inline(activities),
): Promise<RunSummary> {
  const sources: SourceRunSummary[] = [];
  for (const source of input.sources) {
    try {
      sources.push(await sync(source, input));
    } catch (error) {
      sources.push({ ...emptySourceSummary(source), status: 'failed', failure: failureOf(error).message });
    }
  }
  const features = await activities.computeFeatures({ window: input.window });
  const release = input.release ? await activities.releaseAggregates({ window: input.window }) : { weeks: { from: '', to: '' }, released: 0, suppressed: 0 };
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
