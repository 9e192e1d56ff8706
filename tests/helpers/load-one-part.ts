import type { SyncCursor } from '../../models/sync-cursor.ts';
import type { LoadedCounts, StagedPartLoad } from '../../store/load-staged-parts.ts';
import type { PrivateStore } from '../../store/private-store.ts';

/** One staged part and the cursor it moves its stream to, as a test stages it. */
export type OnePart = Omit<StagedPartLoad, 'stream' | 'position'> & { cursor: SyncCursor };

/** Loads one staged part with its cursor: a load of one stream's one part (PrivateStore.loadParts). */
export function loadOnePart(store: PrivateStore, { cursor: { source, stream, position }, ...part }: OnePart): Promise<LoadedCounts> {
  return store.loadParts(source, [{ ...part, stream, position }]);
}
