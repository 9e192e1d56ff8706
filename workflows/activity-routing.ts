import type { ActivityOptions } from '@temporalio/workflow';

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
