import type { Source } from '../models/source.ts';
import { connectorFor, type IngestDeps } from './activity-deps.ts';
import { fetchStream } from './fetch-stream.ts';
import { dropDirectory, readDirectory } from './read-directory.ts';
import { dropStreamList, writeStreamList, type StreamList } from './stream-list.ts';

/** Lists the streams (e.g. channels, calendars) of a source to read, kept in staging: the result is a handle and a count (see StreamList). */
export function listStreams(deps: IngestDeps) {
  return async ({ source }: { source: Source }): Promise<StreamList> => writeStreamList(deps.stagingDir, source, await connectorFor(deps, source).listStreams());
}

/** Removes a sync's stream list and whatever its reads left beside it, once the sync has ended. */
export function endStreamList(deps: IngestDeps) {
  return async ({ source, list }: { source: Source; list: string }): Promise<void> => dropStreamList(deps.stagingDir, source, list);
}

/** The activities that call workspace APIs and write (or drop) staging files: served on the `ingest` task queue. */
export function createIngestActivities(deps: IngestDeps) {
  return {
    readDirectory: readDirectory(deps),
    dropDirectory: dropDirectory(deps),
    listStreams: listStreams(deps),
    fetchStream: fetchStream(deps),
    endStreamList: endStreamList(deps),
  };
}

/** The ingest activities, as the orchestration calls them. */
export type IngestActivities = ReturnType<typeof createIngestActivities>;
