// The workflows a worker registers: every function exported here is a Temporal workflow type.
export { backfillWorkflow, dailyWellbeingWorkflow, nudgeDeliveryWorkflow } from './run-workflows.ts';
export { scheduledSyncWorkflow, syncSourceWorkflow } from './sync-source-workflow.ts';
export { eraseSubjectWorkflow } from './erase-subject-workflow.ts';
