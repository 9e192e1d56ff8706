import type { Source } from '../models/source.ts';
import { openIdentity, sealIdentity } from '../transforms/identity-sealing.ts';
import { mergeIdentityRecord } from '../transforms/merge-identity-record.ts';
import { markListedStatement } from '../transforms/retention-statements.ts';
import type { StoreDeps } from './activity-deps.ts';
import { dropStagedDirectory, readStagedDirectory, type StagedDirectory } from './staged-directory.ts';

/** Counts from one directory's load. The identities themselves never leave the activity. */
export interface DirectorySyncResult {
  people: number;
  unresolved: number;
  excluded: number;
  /** People whose time zone the source didn't give or attune didn't know: UTC stands in. */
  unknownTimeZones: number;
  teams: number;
  /** People whose details the source could not give this run (see DirectorySnapshot.incomplete). */
  peopleIncomplete: number;
}

/**
 * Opens a directory readDirectory staged and stores its people, teams and segments, and their
 * identities sealed in the vault, merged with what other sources already put there; then deletes
 * the staged file. Everyone it lists is marked listed at `at` (the run's nominal time), so people
 * no directory lists any more can be told apart and erased once the leaver grace period has passed
 * (see applyRetention). A staged file that does not open is refused whole (see readStagedDirectory).
 */
export function storeDirectory(deps: StoreDeps) {
  return async ({ source, at, ...staged }: { source: Source; at: string } & StagedDirectory): Promise<DirectorySyncResult> => {
    const snapshot = await readStagedDirectory(deps.stagingDir, source, deps.directoryOpeningKey, staged);
    await deps.store.upsertPeople(snapshot.people, source);
    await deps.store.run([markListedStatement(snapshot.people.map((p) => p.pseudonym), at)]);
    await deps.store.replaceDirectory(source, snapshot);
    const stored = new Map(
      (await deps.store.readVaultEntries(snapshot.identities.map((i) => i.pseudonym))).map((entry) => [
        entry.pseudonym,
        openIdentity(deps.vaultKey, entry),
      ]),
    );
    await deps.store.upsertVaultEntries(
      snapshot.identities.map((identity) => sealIdentity(deps.vaultKey, mergeIdentityRecord(stored.get(identity.pseudonym), identity))),
    );
    await dropStagedDirectory(deps.stagingDir, source, staged);
    deps.progress(`${source}: directory: ${snapshot.people.length} people, ${snapshot.teams.length} teams`);
    return {
      people: snapshot.people.length,
      unresolved: snapshot.unresolved,
      excluded: snapshot.excluded,
      unknownTimeZones: snapshot.people.filter((p) => !p.timeZoneKnown).length,
      teams: snapshot.teams.length,
      peopleIncomplete: snapshot.incomplete ?? 0,
    };
  };
}
