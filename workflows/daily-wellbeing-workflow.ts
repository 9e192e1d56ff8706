import type { RunSummary } from '../models/run-summary.ts';
import type { PipelineRunInput } from './pipeline-run.ts';
import { pipelineRun } from './pipeline-run.ts';
import { scheduledWindow } from './scheduled-window.ts';

/** Input of dailyWellbeingWorkflow: a run's settings, its window given as days before the schedule's nominal time. */
export interface DailyWellbeingInput extends Omit<PipelineRunInput, 'window'> {
  lookbackDays: number;
}

/**
 * The scheduled run: sync all sources, load, compute features, and release team aggregates
 * when `release` is set (the weekly schedule). Its window ends at the schedule's nominal time.
 * Nudges and retention are not built yet.
 */
export function dailyWellbeingWorkflow(input: DailyWellbeingInput): Promise<RunSummary> {
  return pipelineRun({ ...input, window: scheduledWindow(input.lookbackDays) });
}
