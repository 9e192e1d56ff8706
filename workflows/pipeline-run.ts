import { executeChild } from '@temporalio/workflow';
import type { RunSummary } from '../models/run-summary.ts';
import type { ActivityRouting } from './activity-routing.ts';
import { proxyPipelineActivities } from './proxy-pipeline-activities.ts';
import { runPipeline, type RunPipelineInput } from './run-pipeline.ts';
import { syncSourceWorkflow } from './sync-source-workflow.ts';
import { workflowIds } from './workflow-ids.ts';

/** A run as a workflow carries it out: the run, and how to reach the activities. */
export interface PipelineRunInput extends RunPipelineInput {
  routing: ActivityRouting;
}

/**
 * The run orchestration (runPipeline) inside a workflow: activities through proxies, each
 * source synced by a child syncSourceWorkflow (its own history, id from the source and window).
 */
export function pipelineRun(input: PipelineRunInput): Promise<RunSummary> {
  return runPipeline(proxyPipelineActivities(input.routing), input, (source, run) =>
    executeChild(syncSourceWorkflow, {
      workflowId: workflowIds.sync(source, run.window),
      args: [{ source, window: run.window, streamConcurrency: run.streamConcurrency, routing: input.routing }],
    }),
  );
}
