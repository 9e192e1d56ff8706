import { rm } from 'node:fs/promises';
import type { QuarantineRecord } from '../models/quarantine-record.ts';
import type { Source } from '../models/source.ts';
import type { ActivityDeps } from './activity-deps.ts';

/** A staged batch to load and the cursor position to save with it. */
export interface LoadBatchInput {
  source: Source;
  stream: string;
  batchFile: string | null;
  quarantined: QuarantineRecord[];
  /** Source event ids to remove, in the same transaction. */
  deleted: string[];
  position: string | null;
}

/**
 * Loads a staged batch into the private store, removes the events the source says are gone, and
 * saves the stream's cursor, all in one transaction, so the cursor never passes unsaved data; then removes the staging file.
 */
export function loadBatch(deps: ActivityDeps) {
  return async ({ source, stream, batchFile, quarantined, deleted, position }: LoadBatchInput): Promise<{ inserted: number }> => {
    const { inserted } = await deps.store.loadBatch({ batchFile, quarantined, deleted, cursor: { source, stream, position } });
    if (batchFile) await rm(batchFile, { force: true });
    return { inserted };
  };
}
