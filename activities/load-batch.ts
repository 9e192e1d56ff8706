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
  position: string | null;
}

/**
 * Loads a staged batch into the private store and saves the stream's cursor in the same
 * transaction, so the cursor never passes unsaved data; then removes the staging file.
 */
export function loadBatch(deps: ActivityDeps) {
  return async ({ source, stream, batchFile, quarantined, position }: LoadBatchInput): Promise<{ inserted: number }> => {
    const { inserted } = await deps.store.loadBatch({ batchFile, quarantined, cursor: { source, stream, position } });
    if (batchFile) await rm(batchFile, { force: true });
    return { inserted };
  };
}
