import type { ActivityDeps } from './activity-deps.ts';
import { createIngestActivities } from './ingest-activities.ts';
import { createStoreActivities } from './store-activities.ts';

/** Binds every activity to its dependencies: the embedded runner's set, the union of the two task queues' sets. */
export function createActivities(deps: ActivityDeps) {
  return { ...createIngestActivities(deps), ...createStoreActivities(deps) };
}

/** The activities, as the orchestration calls them. */
export type Activities = ReturnType<typeof createActivities>;
