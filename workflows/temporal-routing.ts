import { proxyActivities, type ActivityOptions } from '@temporalio/workflow';
import type { Activities } from '../activities/create-activities.ts';
import type { IngestActivities } from '../activities/ingest-activities.ts';
import type { StoreActivities } from '../activities/store-activities.ts';
import type { RunWindow } from '../models/run-window.ts';
import type { Source } from '../models/source.ts';

/** The task queues and the option groups of temporal.config.ts. */
export interface QueueRouting {
  taskQueues: { ingest: string; store: string };
  /** `http` for the activities calling workspace APIs, `store` for those working on the DuckDB files, `notify` for nudge delivery. */
  options: { http: ActivityOptions; store: ActivityOptions; notify: ActivityOptions };
  /**
   * Whether several ingest workers run, so that a sync shares each vendor budget out between its
   * fetches (see SyncSourceInput.shareBudget); with one, its limiters see every request already.
   */
  shareBudget: boolean;
}

/**
 * How a workflow reaches its activities, passed in by the client (a workflow reads no
 * environment): the queues and option groups, and the fingerprint of the installation's ingest
 * keys, which every ingest activity's input carries so that a worker with other keys fails at once.
 */
export interface ActivityRouting extends QueueRouting {
  ingestKeyFingerprint: string;
}

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
    readDirectory: keyed(ingest.readDirectory),
    dropDirectory: keyed(ingest.dropDirectory),
    listStreams: keyed(ingest.listStreams),
    fetchStream: keyed(ingest.fetchStream),
    endStreamList: keyed(ingest.endStreamList),
    storeDirectory: store.storeDirectory,
    readCursor: store.readCursor,
    loadBatches: store.loadBatches,
    applyRetention: store.applyRetention,
    computeFeatures: store.computeFeatures,
    releaseAggregates: store.releaseAggregates,
    recordRun: store.recordRun,
    eraseRequestedSubjects: store.eraseRequestedSubjects,
    planNudges: store.planNudges,
    deliverNudges: notify.deliverNudges,
  };
}

/**
 * Every workflow and schedule id, in one place. A run's id depends only on its window, so starting
 * the same run twice finds the first one. A source sync's depends only on the source, whoever starts
 * it (a run or the hourly schedule), so Temporal never lets two syncs of one source run at once. A
 * scheduled workflow's id is its schedule's id plus the nominal time (Temporal's doing).
 */
export const workflowIds = {
  /** A run (backfill or started by hand) over a window. */
  run: (window: RunWindow) => `attune-run-${window.start}--${window.end}`,
  /** One source's sync, over any window: one at a time per source. */
  sync: (source: Source) => `attune-sync-${source}`,
  /** The nudge delivery a run starts, outliving it. */
  nudges: (window: RunWindow) => `attune-nudges-${window.start}--${window.end}`,
  /** An erasure of the requests waiting, confirmed by an admin at `at` (ISO instant): no person in it. */
  erasure: (at: string) => `attune-erase-requested-${at}`,
  /** The schedules: hourly sync per source, daily wellbeing run, weekly release. */
  schedule: {
    sync: (source: Source) => `attune-hourly-sync-${source}`,
    daily: 'attune-daily-wellbeing',
    weeklyRelease: 'attune-weekly-release',
  },
} as const;
