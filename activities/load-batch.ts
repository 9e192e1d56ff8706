import { rm } from 'node:fs/promises';
import type { Source } from '../models/source.ts';
import type { StoreDeps } from './activity-deps.ts';
import { dropStagedParts, readStagedParts, streamOf, type StreamRef } from './stream-list.ts';

/** The listed stream whose read's staged parts to load (fetchStream kept them beside the list). */
export interface LoadBatchInput extends StreamRef {
  source: Source;
}

/**
 * Loads each staged part into the private store, in order, saving the stream's cursor in the
 * same transaction as the part, so the cursor never passes unsaved data; once all are loaded,
 * removes their staging files. Loading a part again changes nothing, so a retried load is safe.
 */
export function loadBatch(deps: StoreDeps) {
  return async ({ source, ...ref }: LoadBatchInput): Promise<{ inserted: number; removed: number }> => {
    const stream = await streamOf(deps.stagingDir, source, ref);
    const parts = await readStagedParts(deps.stagingDir, source, ref);
    const totals = { inserted: 0, removed: 0 };
    for (const { batchFile, quarantined, deleted, readInFull, position } of parts) {
      const loaded = await deps.store.loadBatch({ batchFile, quarantined, deleted, readInFull: readInFull ?? null, cursor: { source, stream, position } });
      totals.inserted += loaded.inserted;
      totals.removed += loaded.removed;
    }
    for (const { batchFile } of parts) if (batchFile) await rm(batchFile, { force: true });
    await dropStagedParts(deps.stagingDir, source, ref);
    return totals;
  };
}
