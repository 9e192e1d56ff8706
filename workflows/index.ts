// The workflows a worker registers: every function exported here is a Temporal workflow type.
export {
  backfillWorkflow,
  dailyWellbeingWorkflow,
  eraseSubjectWorkflow,
  nudgeDeliveryWorkflow,
  scheduledSyncWorkflow,
  syncSourceWorkflow,
} from './temporal-workflows.ts';
