import type { Source } from '../models/source.ts';
import type { StoreDeps } from './activity-deps.ts';

/** The saved position of one stream, or null before its first sync. */
export function readCursor(deps: StoreDeps) {
  return async ({ source, stream }: { source: Source; stream: string }): Promise<string | null> =>
    deps.store.readCursor(source, stream);
}
