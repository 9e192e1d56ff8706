import path from 'node:path';
import type { Source } from '../../models/source.ts';
import type { StreamBatch } from '../../models/stream-batch.ts';
import type { PrivateStore } from '../../store/private-store.ts';
import { writeStagingBatch } from '../../store/write-staging-batch.ts';
import { loadOnePart } from '../helpers/load-one-part.ts';

let staged = 0;

/** Stores each stream's batch the way a run's load does: staged Parquet (in `dataDir`), deletions, a part read whole, the cursor. */
export async function loadStreamBatches(store: PrivateStore, dataDir: string, source: Source, batches: ReadonlyMap<string, StreamBatch>): Promise<void> {
  for (const [stream, batch] of batches) {
    staged += 1;
    const batchFile = batch.events.length > 0 ? path.join(dataDir, `batch-${staged}.parquet`) : null;
    if (batchFile) await writeStagingBatch(batchFile, batch.events);
    await loadOnePart(store, { batchFile, quarantined: batch.quarantined, deleted: batch.deleted, readInFull: batch.readInFull ?? null, cursor: { source, stream, position: batch.position } });
  }
}
