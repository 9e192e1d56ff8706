import type { Source } from '../models/source.ts';
import type { StoreDeps } from './activity-deps.ts';
import { streamOf, type StreamRef } from './stream-list.ts';

/** The saved position of one listed stream, or null before its first sync. */
export function readCursor(deps: StoreDeps) {
  return async ({ source, ...ref }: { source: Source } & StreamRef): Promise<string | null> =>
    deps.store.readCursor(source, await streamOf(deps.stagingDir, source, ref));
}
