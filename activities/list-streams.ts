import type { Source } from '../models/source.ts';
import type { IngestDeps } from './activity-deps.ts';
import { connectorFor } from './connector-for.ts';

/** Lists the streams (e.g. channels) of a source to read. */
export function listStreams(deps: IngestDeps) {
  return async ({ source }: { source: Source }): Promise<string[]> => connectorFor(deps, source).listStreams();
}
