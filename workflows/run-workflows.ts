import { ParentClosePolicy, sleep, startChild, workflowInfo } from '@temporalio/workflow';
import type { NudgeDeliveryResult } from '../models/nudge.ts';
import { dayMs } from '../models/time.ts';
import type { RunSummary } from '../models/run-summary.ts';
import type { ActivityRouting } from './activity-routing.ts';
import { proxyPipelineActivities } from './proxy-pipeline-activities.ts';
import { runPipeline, type RunPipelineInput } from './run-pipeline.ts';
import { scheduledWindow } from './scheduled-window.ts';
import { isAlreadyRunning, syncSourceAlone } from './sync-source-workflow.ts';
import { workflowIds } from './workflow-ids.ts';

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
