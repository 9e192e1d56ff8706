import { ApplicationFailure, workflowInfo } from '@temporalio/workflow';
import type { RunWindow } from '../models/run-window.ts';
import { windowEndingAt } from './window-ending-at.ts';

/**
 * The window of a scheduled workflow: `days` days ending at the schedule's nominal time
 * (the `TemporalScheduledStartTime` search attribute), never the clock. A workflow started
 * without a schedule has none and fails, saying to give a window explicitly.
 */
export function scheduledWindow(days: number): RunWindow {
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
