import { randomUUID } from 'node:crypto';
import type { RunSummary } from '../models/run-summary.ts';
import type { Source } from '../models/source.ts';
import { runRecordStatements } from '../transforms/run-records.ts';
import type { StoreDeps } from './activity-deps.ts';
import { applyRetention } from './apply-retention.ts';
import { computeFeatures } from './compute-features.ts';
import { eraseRequestedSubjects } from './erase-subjects.ts';
import { loadBatches } from './load-batches.ts';
import { createNudgeActivities } from './nudge-activities.ts';
import { releaseAggregates } from './release-aggregates.ts';
import { storeDirectory } from './store-directory.ts';
import { streamOf, type StreamRef } from './stream-list.ts';

/** The saved position of one listed stream, or null before its first sync. */
export function readCursor(deps: StoreDeps) {
  return async ({ source, ...ref }: { source: Source } & StreamRef): Promise<string | null> =>
    deps.store.readCursor(source, await streamOf(deps.stagingDir, source, ref));
}

/** Records a finished run's summary in the private store, in one transaction (see runRecordStatements), for `attune status`. */
export function recordRun(deps: StoreDeps) {
  return async ({ summary, released }: { summary: RunSummary; released: boolean }): Promise<void> =>
    deps.store.run(runRecordStatements(randomUUID(), summary, released));
}

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
