/**
 * Temporal settings shared by workers, clients and workflows. The embedded runner (`npm start`)
 * needs none of this; it runs the same orchestration in-process.
 */

/** Task queues, versioned: `ingest` for API fetches on any number of workers, `store` for the one worker owning the DuckDB files. */
export const taskQueues = { ingest: 'attune-ingest-v1', store: 'attune-store-v1' } as const;

/** Activity option groups: timeouts and retries per kind of work (durations in Temporal's string form). */
export const activityOptionGroups = {
  /** Calls to a workspace API: paged, rate-limited, heartbeating. */
  http: { startToCloseTimeout: '30 minutes', heartbeatTimeout: '2 minutes', retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes', maximumAttempts: 20 } },
  /** Work on the DuckDB files: loads, features, releases. */
  store: { startToCloseTimeout: '1 hour', retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 5 } },
} as const;
