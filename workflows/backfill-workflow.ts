import type { RunSummary } from '../models/run-summary.ts';
import { pipelineRun, type PipelineRunInput } from './pipeline-run.ts';

/** One run over an explicit window: a backfill, or a run started by hand (`attune run --temporal`). */
export function backfillWorkflow(input: PipelineRunInput): Promise<RunSummary> {
  return pipelineRun(input);
}
