import type { Source } from '../models/source.ts';
import { connectorFor, type IngestDeps } from './activity-deps.ts';
import { dropStagedDirectory, writeStagedDirectory, type StagedDirectory } from './staged-directory.ts';

/**
 * Reads a source's directory afresh and stages it sealed to the store worker's key, for
 * storeDirectory: the result is a handle (see StagedDirectory). An ingest worker holds no key
 * that opens it, so it never keeps identities it could read back.
 */
export function readDirectory(deps: IngestDeps) {
  return async ({ source }: { source: Source }): Promise<StagedDirectory> =>
    writeStagedDirectory(deps.stagingDir, source, deps.directorySealingKey, await connectorFor(deps, source).readDirectory());
}

/** Removes a staged directory the store could not load, so that it never outlives its sync (storeDirectory removes the ones it loads). */
export function dropDirectory(deps: IngestDeps) {
  return async ({ source, ...staged }: { source: Source } & StagedDirectory): Promise<void> => dropStagedDirectory(deps.stagingDir, source, staged);
}
