import { randomUUID } from 'node:crypto';
import type { RunSummary } from '../models/run-summary.ts';
import { runRecordStatements } from '../transforms/run-records.ts';
import type { StoreDeps } from './activity-deps.ts';

/** Records a finished run's summary in the private store, in one transaction (see runRecordStatements), for `attune status`. */
export function recordRun(deps: StoreDeps) {
  return async ({ summary, released }: { summary: RunSummary; released: boolean }): Promise<void> =>
    deps.store.run(runRecordStatements(randomUUID(), summary, released));
}
