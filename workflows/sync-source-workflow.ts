import { ApplicationFailure, continueAsNew, executeChild, sleep, workflowInfo } from '@temporalio/workflow';
import type { SourceRunSummary } from '../models/run-summary.ts';
import type { RunWindow } from '../models/run-window.ts';
import type { Source } from '../models/source.ts';
import type { ActivityRouting } from './activity-routing.ts';
import { failureOf } from './failure-of.ts';
import { proxyPipelineActivities } from './proxy-pipeline-activities.ts';
import { scheduledWindow } from './scheduled-window.ts';
import { syncSource, type SyncSourceInput } from './sync-source.ts';
import { workflowIds } from './workflow-ids.ts';

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
 * Syncs one source (see syncSource): the child, under the source's one workflow id, of the
 * hourly schedule's workflow and of every run. Its history stays short: when Temporal suggests it, it continues as new with the
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
      // Its fetches may run on any ingest worker: they share the vendor's budget between them (a
      // routing from before the setting existed has none: it shares too).
      { source: input.source, window, streamConcurrency: input.streamConcurrency, shareBudget: input.routing.shareBudget !== false, resume: input.resume },
      () => workflowInfo().continueAsNewSuggested,
    );
  } catch (error) {
    const failure = failureOf(error);
    throw ApplicationFailure.create({ message: failure.message, type: failure.category ?? 'unknown', nonRetryable: true });
  }
  if (result.next === result.list.count) return result.summary;
  return continueAsNew<typeof syncSourceWorkflow>({ ...input, window, resume: { list: result.list, next: result.next, summary: result.summary, pacing: result.pacing } });
}

/** Whether a workflow or child failed to start because one with its id is running (Temporal's WorkflowExecutionAlreadyStartedError). */
export function isAlreadyRunning(error: unknown): boolean {
  return error instanceof Error && error.name === 'WorkflowExecutionAlreadyStartedError';
}

/**
 * Starts one source's sync once none of that source is running: `start` (a child under the
 * source's one workflow id) is tried again after each `wait` for as long as Temporal refuses it
 * because another sync of the source (the hourly one, or another run's) still runs.
 */
export async function whenSourceIdle<T>(start: () => Promise<T>, wait: () => Promise<void>): Promise<T> {
  for (;;) {
    try {
      return await start();
    } catch (error) {
      if (!isAlreadyRunning(error)) throw error;
    }
    await wait();
  }
}

/** How long a run waits before trying again to start a source's sync that another workflow is running. */
const busySourceRetry = '1 minute';

/**
 * A run's sync of one source: a child syncSourceWorkflow under the source's one workflow id, so it
 * never runs beside the hourly sync or another run's; while one runs, it waits for it to end and
 * then syncs its own window (the other may have ended earlier than this window).
 */
export function syncSourceAlone(input: Omit<SyncSourceWorkflowInput, 'window'> & { window: RunWindow }): Promise<SourceRunSummary> {
  return whenSourceIdle(
    () => executeChild(syncSourceWorkflow, { workflowId: workflowIds.sync(input.source), args: [input] }),
    () => sleep(busySourceRetry),
  );
}

/**
 * The hourly schedule's workflow: one source's sync over the window ending at the schedule's
 * nominal time, as a child under the source's one workflow id. When a sync of the source is
 * already running (a daily run's), it skips this hour, returning null: that sync, or the next
 * hour's, reads what is new.
 */
export async function scheduledSyncWorkflow(input: SyncSourceWorkflowInput): Promise<SourceRunSummary | null> {
  const window = 'start' in input.window ? input.window : scheduledWindow(input.window.daysBeforeSchedule);
  try {
    return await executeChild(syncSourceWorkflow, { workflowId: workflowIds.sync(input.source), args: [{ ...input, window }] });
  } catch (error) {
    if (isAlreadyRunning(error)) return null;
    throw error;
  }
}
