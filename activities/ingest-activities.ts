import type { IngestDeps } from './activity-deps.ts';
import { fetchStream } from './fetch-stream.ts';
import { endStreamList, listStreams } from './list-streams.ts';
import { dropDirectory, readDirectory } from './read-directory.ts';

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
