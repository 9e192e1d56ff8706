import type { ActivityOptions } from '@temporalio/workflow';

/**
 * How a workflow reaches its activities: the task queues and the option groups of
 * temporal.config.ts, passed in by the client (a workflow reads no environment).
 */
export interface ActivityRouting {
  taskQueues: { ingest: string; store: string };
  /** `http` for the activities calling workspace APIs, `store` for those working on the DuckDB files, `notify` for nudge delivery. */
  options: { http: ActivityOptions; store: ActivityOptions; notify: ActivityOptions };
}
