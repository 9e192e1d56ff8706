import type { ScheduleOptions } from '@temporalio/client';
import type { TemporalConfig } from '../temporal.config.ts';
import { type ActivityRouting, workflowIds } from '../workflows/temporal-routing.ts';
import type { DailyWellbeingInput, SyncSourceWorkflowInput } from '../workflows/temporal-workflows.ts';
import type { Config } from './config.ts';

/**
 * attune's schedules: an hourly incremental sync per source, the daily wellbeing run and the
 * weekly release run. The hourly sync and the runs sync a source under its one workflow id, so
 * never twice at once (see scheduledSyncWorkflow). Each skips a run while the previous one is still going and catches up
 * missed runs within the catch-up window; each workflow takes its window from the nominal time,
 * and its activities' queues from `routing`.
 */
export function temporalSchedules(config: Config, temporal: TemporalConfig, routing: ActivityRouting): ScheduleOptions[] {
  const schedule = (scheduleId: string, cron: string, workflowType: string, input: SyncSourceWorkflowInput | DailyWellbeingInput): ScheduleOptions => ({
    scheduleId,
    spec: { cronExpressions: [cron] },
    action: { type: 'startWorkflow', workflowType, workflowId: scheduleId, taskQueue: routing.taskQueues.ingest, args: [input] },
    policies: { overlap: 'SKIP', catchupWindow: temporal.catchupWindow },
  });
  const run = (release: boolean): DailyWellbeingInput => ({
    sources: temporal.sources,
    lookbackDays: config.backfillDays,
    streamConcurrency: config.streamConcurrency,
    release,
    routing,
  });
  return [
    ...temporal.sources.map((source) =>
      schedule(workflowIds.schedule.sync(source), temporal.schedules.sync, 'scheduledSyncWorkflow', {
        source,
        window: { daysBeforeSchedule: config.backfillDays },
        streamConcurrency: config.streamConcurrency,
        routing,
      }),
    ),
    schedule(workflowIds.schedule.daily, temporal.schedules.daily, 'dailyWellbeingWorkflow', run(false)),
    schedule(workflowIds.schedule.weeklyRelease, temporal.schedules.weeklyRelease, 'dailyWellbeingWorkflow', run(true)),
  ];
}
