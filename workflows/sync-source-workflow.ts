import { ApplicationFailure, continueAsNew, workflowInfo } from '@temporalio/workflow';
import type { SourceRunSummary } from '../models/run-summary.ts';
import type { RunWindow } from '../models/run-window.ts';
import type { Source } from '../models/source.ts';
import type { ActivityRouting } from './activity-routing.ts';
import { failureOf } from './failure-of.ts';
import { proxyPipelineActivities } from './proxy-pipeline-activities.ts';
import { scheduledWindow } from './scheduled-window.ts';
import { syncSource, type SyncSourceInput } from './sync-source.ts';

/** Input of syncSourceWorkflow. */
export interface SyncSourceWorkflowInput {
  source: Source;
  /** An explicit window, or how many days before the schedule's nominal time it starts. */
  window: RunWindow | { daysBeforeSchedule: number };
  streamConcurrency: number;
  routing: ActivityRouting;
  /** Set by the workflow itself when it continues as new. */
  resume?: SyncSourceInput['resume'];
}

/**
 * Syncs one source (see syncSource): the hourly schedule's workflow, and each source's child
 * of a run. Its history stays short: when Temporal suggests it, it continues as new with the
 * streams not yet started. A failure that stops the source fails the workflow, non-retryable,
 * with the failure's own message and its category as type.
 */
export async function syncSourceWorkflow(input: SyncSourceWorkflowInput): Promise<SourceRunSummary> {
  const window = 'start' in input.window ? input.window : scheduledWindow(input.window.daysBeforeSchedule);
  const activities = proxyPipelineActivities(input.routing);
  let result;
  try {
    result = await syncSource(
      activities,
      { source: input.source, window, streamConcurrency: input.streamConcurrency, resume: input.resume },
      () => workflowInfo().continueAsNewSuggested,
    );
  } catch (error) {
    const failure = failureOf(error);
    throw ApplicationFailure.create({ message: failure.message, type: failure.category ?? 'unknown', nonRetryable: true });
  }
  if (result.remaining.length === 0) return result.summary;
  return continueAsNew<typeof syncSourceWorkflow>({ ...input, window, resume: { streams: result.remaining, summary: result.summary } });
}
