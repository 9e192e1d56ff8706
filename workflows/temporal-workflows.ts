import { ApplicationFailure, ParentClosePolicy, continueAsNew, executeChild, sleep, startChild, workflowInfo } from '@temporalio/workflow';
import type { ErasureCounts } from '../activities/erase-subjects.ts';
import type { NudgeDeliveryResult } from '../models/nudge.ts';
import type { RunSummary, SourceRunSummary } from '../models/run-summary.ts';
import { windowEndingAt, type RunWindow } from '../models/run-window.ts';
import type { Source } from '../models/source.ts';
import { dayMs } from '../models/time.ts';
import { runPipeline, type RunPipelineInput } from './run-pipeline.ts';
import { failureOf, syncSource, type SyncSourceInput } from './sync-source.ts';
import { proxyPipelineActivities, workflowIds, type ActivityRouting } from './temporal-routing.ts';

/** A run as a workflow carries it out: the run, and how to reach the activities. */
export interface PipelineRunInput extends RunPipelineInput {
  routing: ActivityRouting;
}

/** Input of dailyWellbeingWorkflow: a run's settings, its window given as days before the schedule's nominal time. */
export interface DailyWellbeingInput extends Omit<PipelineRunInput, 'window'> {
  lookbackDays: number;
}

/** Input of nudgeDeliveryWorkflow. */
export interface NudgeDeliveryInput {
  routing: ActivityRouting;
  /** How long the workflow keeps waiting for held nudges (ms); the next day's run starts a new one. */
  forMs: number;
}

/**
 * The run orchestration (runPipeline) inside a workflow: activities through proxies, each
 * source synced by a child syncSourceWorkflow (its own history; never beside another sync of the source: see syncSourceAlone),
 * nudges delivered by a nudgeDeliveryWorkflow started alongside, which outlives the run.
 */
function pipelineRun(input: PipelineRunInput): Promise<RunSummary> {
  return runPipeline(proxyPipelineActivities(input.routing), input, {
    syncSource: (source, run) => syncSourceAlone({ source, window: run.window, streamConcurrency: run.streamConcurrency, routing: input.routing }),
    deliverNudges: async (run) => {
      try {
        await startChild(nudgeDeliveryWorkflow, {
          workflowId: workflowIds.nudges(run.window),
          parentClosePolicy: ParentClosePolicy.ABANDON,
          // A day of waiting for working hours and retries: then the next daily run takes over.
          args: [{ routing: input.routing, forMs: dayMs }],
        });
      } catch (error) {
        // A retried or replayed run finds its delivery already going: that one carries on.
        if (!isAlreadyRunning(error)) throw error;
      }
      return null;
    },
  });
}

/** One run over an explicit window: a backfill, or a run started by hand (`attune run --temporal`). */
export function backfillWorkflow(input: PipelineRunInput): Promise<RunSummary> {
  return pipelineRun(input);
}

/**
 * The scheduled run: sync all sources, load, compute features, plan nudges, release team
 * aggregates when `release` is set (the weekly schedule), and start the nudge delivery. Its
 * window ends at the schedule's nominal time. Retention is not built yet.
 */
export function dailyWellbeingWorkflow(input: DailyWellbeingInput): Promise<RunSummary> {
  return pipelineRun({ ...input, window: scheduledWindow(input.lookbackDays) });
}

/**
 * Delivers the outbox's due nudges, then sleeps on a durable timer until the next held nudge
 * enters its person's working hours (or a retry is due) and delivers again, for at most `forMs`.
 * Only counts and waits cross its history: never who, never a pseudonym.
 */
export async function nudgeDeliveryWorkflow(input: NudgeDeliveryInput): Promise<NudgeDeliveryResult> {
  const { deliverNudges } = proxyPipelineActivities(input.routing);
  const total: NudgeDeliveryResult = { delivered: 0, held: 0, withheld: 0, noChannel: 0, retrying: 0, channelFailures: [], nextInMs: null };
  let waited = 0;
  for (;;) {
    const pass = await deliverNudges({});
    total.delivered += pass.delivered;
    total.withheld += pass.withheld;
    total.noChannel += pass.noChannel;
    total.channelFailures.push(...pass.channelFailures);
    total.held = pass.held;
    total.retrying = pass.retrying;
    total.nextInMs = pass.nextInMs;
    if (pass.nextInMs === null || waited + pass.nextInMs > input.forMs || workflowInfo().continueAsNewSuggested) return total;
    const wait = Math.max(pass.nextInMs, 1_000);
    await sleep(wait);
    waited += wait;
  }
}

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
function isAlreadyRunning(error: unknown): boolean {
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
function syncSourceAlone(input: Omit<SyncSourceWorkflowInput, 'window'> & { window: RunWindow }): Promise<SourceRunSummary> {
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

/** Input of eraseSubjectWorkflow: only how to reach the activities, never who. */
export interface EraseSubjectInput {
  routing: ActivityRouting;
}

/**
 * Erases everyone whose erasure request waits in the private store (asked for on their own page;
 * starting this workflow, `attune erase --requested --temporal`, is the admin's confirmation),
 * through one activity on the store queue. Identity stays out of Temporal history by design: the
 * input names nobody (the activity reads the pseudonyms from `erasure_requests` inside the store
 * worker) and the result is counts only. An erasure by e-mail address (`attune erase --email`)
 * therefore has no workflow: its address would be recorded in the history it starts.
 */
export function eraseSubjectWorkflow(input: EraseSubjectInput): Promise<ErasureCounts> {
  return proxyPipelineActivities(input.routing).eraseRequestedSubjects({});
}

/**
 * The window of a scheduled workflow: `days` days ending at the schedule's nominal time
 * (the `TemporalScheduledStartTime` search attribute), never the clock. A workflow started
 * without a schedule has none and fails, saying to give a window explicitly.
 */
function scheduledWindow(days: number): RunWindow {
  const at = workflowInfo().typedSearchAttributes.get({ name: 'TemporalScheduledStartTime', type: 'DATETIME' });
  if (!at) {
    throw ApplicationFailure.nonRetryable(
      `${workflowInfo().workflowType} takes its window from its schedule (TemporalScheduledStartTime); ` +
        'to run another window, start backfillWorkflow with an explicit window',
      'config',
    );
  }
  return windowEndingAt(at, days);
}
