import { rm } from 'node:fs/promises';
import type { Source } from '../models/source.ts';
import type { StagedPartLoad } from '../store/load-staged-parts.ts';
import type { StoreDeps } from './activity-deps.ts';
import type { StagedPart } from './fetch-stream.ts';
import { dropStagedParts, readStagedParts, streamOf } from './stream-list.ts';

/** Listed streams of one source whose reads' staged parts to load, by their places in the list (fetchStream kept the parts beside it). */
export interface LoadBatchesInput {
  source: Source;
  list: string;
  indices: number[];
}

/**
 * No list of staged parts: a load of this stream committed and began removing its files before a
 * crash, and this is its retry; nothing is left to load (its cursor was saved with its data).
 */
function loadedAlready(error: unknown): StagedPart[] {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
  throw error;
}

/**
 * Loads the staged parts of several streams in one transaction, each stream's parts in order and
 * its cursor saved with them (see PrivateStore.loadParts), so no cursor passes unsaved data and a
 * failure saves nothing of any of them; once committed, removes their staging files. Loading the
 * same parts again changes nothing, and a stream whose parts' list is gone was loaded already, so a
 * retried load is safe. Returns the counts over all the streams in the load.
 */
export function loadBatches(deps: StoreDeps) {
  return async ({ source, list, indices }: LoadBatchesInput): Promise<{ inserted: number; removed: number }> => {
    const refs = indices.map((index) => ({ list, index }));
    const reads = await Promise.all(
      refs.map(async (ref) => ({ stream: await streamOf(deps.stagingDir, source, ref), parts: await readStagedParts(deps.stagingDir, source, ref).catch(loadedAlready) })),
    );
    const parts: StagedPartLoad[] = reads.flatMap(({ stream, parts }) => parts.map((part) => ({ ...part, stream })));
    const loaded = parts.length === 0 ? { inserted: 0, removed: 0 } : await deps.store.loadParts(source, parts);
    // The parts' list goes first: a retry after a crash part-way finds either every file or no list.
    for (const ref of refs) await dropStagedParts(deps.stagingDir, source, ref);
    for (const { batchFile } of parts) if (batchFile) await rm(batchFile, { force: true });
    return loaded;
  };
}
