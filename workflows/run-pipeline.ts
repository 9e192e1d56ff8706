import type { Activities } from '../activities/create-activities.ts';
import type { NudgeDeliveryResult } from '../models/nudge.ts';
import type { RunSummary, SourceRunSummary } from '../models/run-summary.ts';
import type { RunWindow } from '../models/run-window.ts';
import type { Source } from '../models/source.ts';
import { emptySourceSummary, failureOf, stopsSource, syncSource } from './sync-source.ts';

/** What one run covers. */
export interface RunPipelineInput {
  window: RunWindow;
  sources: Source[];
  /** How many streams of one source are read at once. */
  streamConcurrency: number;
  /** Whether the run releases team aggregates for the window's complete weeks (the weekly release), or stops at features. */
  release: boolean;
  /** Sources that refused their credentials before the run (not among `sources`): summarised and recorded with the run's. */
  refused?: SourceRunSummary[];
}

/**
 * How a run carries out the steps that differ between the embedded runner and Temporal:
 * syncing one source (inline, or as a child workflow) and delivering the nudges it planned (one
 * pass at the run's nominal time, held nudges waiting for a later run; or a workflow of its own
 * that waits for each person's working hours with durable timers, returning null).
 */
export interface RunSteps {
  syncSource(source: Source, input: RunPipelineInput): Promise<SourceRunSummary>;
  deliverNudges(input: RunPipelineInput): Promise<NudgeDeliveryResult | null>;
}

/** The embedded runner's steps: everything in-process, nudges delivered once at the window's end (the run's nominal time). */
export const inlineSteps = (activities: Activities): RunSteps => ({
  syncSource: async (source, input) =>
    (await syncSource(activities, { source, window: input.window, streamConcurrency: input.streamConcurrency })).summary,
  deliverNudges: (input) => activities.deliverNudges({ at: input.window.end }),
});

/**
 * One whole run, written once: sync every source (see syncSource), apply retention (raw data
 * past ATTUNE_RETENTION_DAYS, leavers past their grace period: see applyRetention), compute features, plan the
 * nudges of the last complete week and, when asked, release team aggregates; then deliver the
 * nudges and record what the run did (for `attune status`). The embedded runner calls it with the activities themselves, the Temporal workflows
 * with proxies of them. A source that fails stops alone with its failure in the summary; the others finish.
 */
export async function runPipeline(activities: Activities, input: RunPipelineInput, steps: RunSteps = inlineSteps(activities)): Promise<RunSummary> {
  const sources: SourceRunSummary[] = [];
  for (const source of input.sources) {
    try {
      sources.push(await steps.syncSource(source, input));
    } catch (error) {
      const failure = failureOf(error);
      // Bad credentials or settings name what to fix; anything else passes with time.
      const message = stopsSource(failure) ? failure.message : `${failure.message} (the next run reads this source again)`;
      sources.push({ ...emptySourceSummary(source), status: 'failed', failure: message });
    }
  }
  sources.push(...(input.refused ?? []));
  // Before the features, so the recompute follows the leavers' erasure at once.
  const retention = await activities.applyRetention({ at: input.window.end });
  const features = await activities.computeFeatures({ window: input.window });
  const plan = await activities.planNudges({ window: input.window });
  const release = input.release ? await activities.releaseAggregates({ window: input.window }) : { weeks: { from: '', to: '' }, released: 0, suppressed: 0 };
  const delivery = await steps.deliverNudges(input);
  const summary: RunSummary = {
    window: input.window,
    sources,
    personDayRows: features.personDayRows,
    personWeekRows: features.personWeekRows,
    cellsReleased: release.released,
    cellsSuppressed: release.suppressed,
    weeks: release.weeks,
    retention,
    nudges: { ...plan, delivery },
  };
  await activities.recordRun({ summary, released: input.release });
  return summary;
}
