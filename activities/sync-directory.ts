import type { Source } from '../models/source.ts';
import { sealIdentity } from '../transforms/identity-sealing.ts';
import type { ActivityDeps } from './activity-deps.ts';
import { connectorFor } from './connector-for.ts';

/** Counts from one directory sync. The identities themselves never leave the activity. */
export interface DirectorySyncResult {
  people: number;
  unresolved: number;
  excluded: number;
  teams: number;
}

/** Reads a source's directory and stores its people and teams, and their identities sealed in the vault. */
export function syncDirectory(deps: ActivityDeps) {
  return async ({ source }: { source: Source }): Promise<DirectorySyncResult> => {
    const snapshot = await connectorFor(deps, source).readDirectory();
    await deps.store.upsertPeople(snapshot.people);
    await deps.store.replaceTeamMemberships(source, snapshot.memberships);
    await deps.store.upsertVaultEntries(snapshot.identities.map((identity) => sealIdentity(deps.vaultKey, identity)));
    const teams = new Set(snapshot.memberships.map((m) => m.team)).size;
    deps.progress(`${source}: directory: ${snapshot.people.length} people, ${teams} teams`);
    return { people: snapshot.people.length, unresolved: snapshot.unresolved, excluded: snapshot.excluded, teams };
  };
}
