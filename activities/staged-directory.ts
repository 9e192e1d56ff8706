import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DirectorySnapshot } from '../models/directory-snapshot.ts';
import { ConfigError } from '../models/errors.ts';
import type { Source } from '../models/source.ts';
import { openDirectorySnapshot, sealDirectorySnapshot } from '../transforms/directory-sealing.ts';

/**
 * A source's directory as read for one sync, kept sealed to the store worker's key in the staging
 * folder (shared by the ingest and store workers) until the store loads it: workflow history
 * carries only this handle, never a person, pseudonym or identity.
 */
export interface StagedDirectory {
  /** Random, derived from nothing: names the sealed snapshot's file in staging. */
  directory: string;
}

/** Where a staged directory lives: in its source's staging subfolder, so sweepStagingFiles clears it with the rest. */
function stagedDirectoryPath(stagingDir: string, source: Source, directory: string): string {
  if (!/^[0-9a-f]{32}$/.test(directory)) throw new Error(`not a staged directory handle: ${directory}`);
  return join(stagingDir, source, `directory-${directory}.sealed`);
}

/** Seals `snapshot` to the store's `sealingKey`, keeps it in a new staging file and returns its handle. */
export async function writeStagedDirectory(stagingDir: string, source: Source, sealingKey: Uint8Array, snapshot: DirectorySnapshot): Promise<StagedDirectory> {
  const directory = randomBytes(16).toString('hex');
  await mkdir(join(stagingDir, source), { recursive: true, mode: 0o700 });
  await writeFile(stagedDirectoryPath(stagingDir, source, directory), sealDirectorySnapshot(sealingKey, snapshot), { mode: 0o600 });
  return { directory };
}

/**
 * The snapshot a staged directory holds, opened with the store's `openingKey`. One that does not
 * open is refused (a ConfigError, not retried) naming the likely cause, the ingest hosts' key
 * printed for another installation, and is not loaded; a missing file is an error saying so.
 */
export async function readStagedDirectory(stagingDir: string, source: Source, openingKey: Uint8Array, { directory }: StagedDirectory): Promise<DirectorySnapshot> {
  const path = stagedDirectoryPath(stagingDir, source, directory);
  const sealed = await readFile(path).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`the ${source} directory staged as ${directory} is gone from staging (swept after a crash?): it is read again next sync`);
    throw error;
  });
  const snapshot = openDirectorySnapshot(openingKey, sealed);
  if (!snapshot) {
    throw new ConfigError(
      `the ${source} directory staged by an ingest worker does not open with this store worker's key (sealed for another installation, or altered): print a new ATTUNE_INGEST_KEY with attune keys ingest-key on this host and set it on every ingest host; nothing of it was loaded`,
      'ATTUNE_INGEST_KEY',
      source,
    );
  }
  return snapshot;
}

/** Removes a staged directory, once loaded or once its sync has given up on it. */
export async function dropStagedDirectory(stagingDir: string, source: Source, { directory }: StagedDirectory): Promise<void> {
  await rm(stagedDirectoryPath(stagingDir, source, directory), { force: true });
}
