import type { TemporalConfig } from '../temporal.config.ts';
import type { backfillWorkflow } from '../workflows/temporal-workflows.ts';
import { windowEndingAt } from '../models/run-window.ts';
import { workflowIds } from '../workflows/temporal-routing.ts';
import type { Config } from './config.ts';
import type { TemporalSession } from './connect-temporal-client.ts';
import { formatRunSummary } from './format-run-summary.ts';
import type { RunOutput } from './run-command.ts';
import { runOutcome } from './run-outcome.ts';

/**
 * `attune run --temporal`: starts one run (backfillWorkflow over the window ending at
 * ATTUNE_RUN_AT or now) on the workers, follows it to its end and prints its summary. Starting
 * it again for the same window follows the run already going. Returns the exit code (runExitCodes).
 */
export async function temporalRunCommand({ client, routing }: TemporalSession, config: Config, temporal: TemporalConfig, output: RunOutput): Promise<number> {
  const window = windowEndingAt(config.runAt ?? new Date(), config.backfillDays);
  const handle = await client.workflow.start<typeof backfillWorkflow>('backfillWorkflow', {
    workflowId: workflowIds.run(window),
    taskQueue: routing.taskQueues.ingest,
    workflowIdConflictPolicy: 'USE_EXISTING',
    args: [{ window, sources: temporal.sources, streamConcurrency: config.streamConcurrency, release: true, routing }],
  });
  output.progress(`temporal: following ${handle.workflowId} on ${temporal.address} (namespace ${temporal.namespace})`);
  const summary = await handle.result();
  const outcome = runOutcome(summary.sources);
  output.out(`${formatRunSummary(summary, null, false)}${outcome.line}\n`);
  return outcome.code;
}
