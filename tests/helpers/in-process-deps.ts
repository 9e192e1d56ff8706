import { join } from 'node:path';
import type { ActivityDeps } from '../../activities/activity-deps.ts';
import { noCheckpoint } from '../../activities/activity-checkpoint.ts';
import { withBudgetShare } from '../../connectors/http/budget-share-context.ts';
import { writeStagingBatch } from '../../store/write-staging-batch.ts';
import { testKeys } from './test-secret.ts';

/**
 * Activity deps for running the orchestration in process over `deps.store` and `deps.connectors`:
 * staging and the analytics store in `dataDir`, a fixed vault key, the test secret's directory
 * sealing and opening keys, k = 3, no progress output and each first read in one step, unless
 * `deps` says otherwise.
 */
export function inProcessDeps(dataDir: string, deps: Pick<ActivityDeps, 'store' | 'connectors'> & Partial<ActivityDeps>): ActivityDeps {
  return {
    writeStagingBatch,
    stagingDir: join(dataDir, 'staging'),
    analyticsPath: join(dataDir, 'analytics.duckdb'),
    vaultKey: new Uint8Array(32).fill(3),
    directorySealingKey: testKeys.ingest.directorySealingKey,
    directoryOpeningKey: testKeys.directoryOpeningKey,
    releaseK: 3,
    progress: () => {},
    fetchSliceDays: null,
    withBudgetShare,
    openCheckpoint: noCheckpoint,
    ...deps,
  };
}
