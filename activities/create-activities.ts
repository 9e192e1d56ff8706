import type { ActivityDeps } from './activity-deps.ts';
import { computeFeatures } from './compute-features.ts';
import { fetchStream } from './fetch-stream.ts';
import { listStreams } from './list-streams.ts';
import { loadBatch } from './load-batch.ts';
import { readCursor } from './read-cursor.ts';
import { releaseAggregates } from './release-aggregates.ts';
import { syncDirectory } from './sync-directory.ts';

/** Binds every activity to its dependencies. The same object serves the embedded runner and a Temporal worker. */
export function createActivities(deps: ActivityDeps) {
  return {
    syncDirectory: syncDirectory(deps),
    listStreams: listStreams(deps),
    readCursor: readCursor(deps),
    fetchStream: fetchStream(deps),
    loadBatch: loadBatch(deps),
    computeFeatures: computeFeatures(deps),
    releaseAggregates: releaseAggregates(deps),
  };
}

/** The activities, as the orchestration calls them. */
export type Activities = ReturnType<typeof createActivities>;
