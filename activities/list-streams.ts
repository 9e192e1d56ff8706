import type { Source } from '../models/source.ts';
import type { IngestDeps } from './activity-deps.ts';
import { connectorFor } from './connector-for.ts';
import { dropStreamList, writeStreamList, type StreamList } from './stream-list.ts';

/** Lists the streams (e.g. channels, calendars) of a source to read, kept in staging: the result is a handle and a count (see StreamList). */
export function listStreams(deps: IngestDeps) {
  return async ({ source }: { source: Source }): Promise<StreamList> => writeStreamList(deps.stagingDir, source, await connectorFor(deps, source).listStreams());
}

/** Removes a sync's stream list and whatever its reads left beside it, once the sync has ended. */
export function endStreamList(deps: IngestDeps) {
  return async ({ source, list }: { source: Source; list: string }): Promise<void> => dropStreamList(deps.stagingDir, source, list);
}
