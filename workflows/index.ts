// The workflows a worker registers: every function exported here is a Temporal workflow type.
export { backfillWorkflow } from './backfill-workflow.ts';
export { dailyWellbeingWorkflow } from './daily-wellbeing-workflow.ts';
export { syncSourceWorkflow } from './sync-source-workflow.ts';
