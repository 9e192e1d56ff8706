import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/create-activities.ts';
import type { IngestActivities } from '../activities/ingest-activities.ts';
import type { StoreActivities } from '../activities/store-activities.ts';
import type { ActivityRouting } from './activity-routing.ts';

/**
 * The activities as the orchestration calls them, each proxied to its task queue with its option
 * group; the ingest activities' inputs carry the ingest key fingerprint (see withTemporalFailures).
 */
export function proxyPipelineActivities(routing: ActivityRouting): Activities {
  const ingest = proxyActivities<IngestActivities>({ ...routing.options.http, taskQueue: routing.taskQueues.ingest });
  const keyed =
    <I, R>(activity: (input: I) => Promise<R>) =>
    (input: I) =>
      activity({ ...input, ingestKeyFingerprint: routing.ingestKeyFingerprint });
  const store = proxyActivities<StoreActivities>({ ...routing.options.store, taskQueue: routing.taskQueues.store });
  const notify = proxyActivities<StoreActivities>({ ...routing.options.notify, taskQueue: routing.taskQueues.store });
  return {
    listStreams: keyed(ingest.listStreams),
    fetchStream: keyed(ingest.fetchStream),
    endStreamList: keyed(ingest.endStreamList),
    syncDirectory: store.syncDirectory,
    readCursor: store.readCursor,
    loadBatch: store.loadBatch,
    applyRetention: store.applyRetention,
    computeFeatures: store.computeFeatures,
    releaseAggregates: store.releaseAggregates,
    recordRun: store.recordRun,
    eraseRequestedSubjects: store.eraseRequestedSubjects,
    planNudges: store.planNudges,
    deliverNudges: notify.deliverNudges,
  };
}
