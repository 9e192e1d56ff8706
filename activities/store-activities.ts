import type { StoreDeps } from './activity-deps.ts';
import { applyRetention } from './apply-retention.ts';
import { computeFeatures } from './compute-features.ts';
import { eraseRequestedSubjects } from './erase-subjects.ts';
import { loadBatches } from './load-batches.ts';
import { createNudgeActivities } from './nudge-activities.ts';
import { readCursor } from './read-cursor.ts';
import { recordRun } from './record-run.ts';
import { releaseAggregates } from './release-aggregates.ts';
import { storeDirectory } from './store-directory.ts';

/** The activities that work on the DuckDB files: served on the `store` task queue by the one worker owning them. */
export function createStoreActivities(deps: StoreDeps) {
  return {
    storeDirectory: storeDirectory(deps),
    readCursor: readCursor(deps),
    loadBatches: loadBatches(deps),
    applyRetention: applyRetention(deps),
    computeFeatures: computeFeatures(deps),
    releaseAggregates: releaseAggregates(deps),
    recordRun: recordRun(deps),
    eraseRequestedSubjects: eraseRequestedSubjects(deps),
    ...createNudgeActivities(deps),
  };
}

/** The store activities, as the orchestration calls them. */
export type StoreActivities = ReturnType<typeof createStoreActivities>;
