import type { ErasureCounts } from '../activities/erase-subjects.ts';
import type { ActivityRouting } from './activity-routing.ts';
import { proxyPipelineActivities } from './proxy-pipeline-activities.ts';

/** Input of eraseSubjectWorkflow: only how to reach the activities, never who. */
export interface EraseSubjectInput {
  routing: ActivityRouting;
}

/**
 * Erases everyone whose erasure request waits in the private store (asked for on their own page;
 * starting this workflow, `attune erase --requested --temporal`, is the admin's confirmation),
 * through one activity on the store queue. Identity stays out of Temporal history by design: the
 * input names nobody (the activity reads the pseudonyms from `erasure_requests` inside the store
 * worker) and the result is counts only. An erasure by e-mail address (`attune erase --email`)
 * therefore has no workflow: its address would be recorded in the history it starts.
 */
export function eraseSubjectWorkflow(input: EraseSubjectInput): Promise<ErasureCounts> {
  return proxyPipelineActivities(input.routing).eraseRequestedSubjects({});
}
