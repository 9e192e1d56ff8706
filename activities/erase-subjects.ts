import { randomBytes } from 'node:crypto';
import type { PrivateStore } from '../store/private-store.ts';
import { erasureKinds, erasureRequestsQuery, erasureStatements, tombstonePrefix, type ErasureKind } from '../transforms/erasure-statements.ts';
import type { StoreDeps } from './activity-deps.ts';

/** What an erasure did: how many people it erased and how many rows of each kind it removed or changed. Counts only. */
export interface ErasureCounts {
  people: number;
  rows: Record<ErasureKind, number>;
}

/**
 * Erases each person (by pseudonym) from the private store, one transaction per person (see
 * erasureStatements), each with a tombstone of 16 random bytes drawn for that erasure alone (not
 * derived from any key, so nothing leads from it back to the person), then checkpoints, so the
 * deleted rows leave the database file and its WAL. Returns the counts summed over everyone.
 */
export async function erasePeople(store: PrivateStore, people: readonly string[]): Promise<ErasureCounts> {
  const rows = Object.fromEntries(Object.keys(erasureKinds).map((kind) => [kind, 0])) as Record<ErasureKind, number>;
  for (const person of people) {
    const steps = erasureStatements(person, `${tombstonePrefix}${randomBytes(16).toString('hex')}`);
    const changed = await store.runCounted(steps.map((s) => s.statement));
    steps.forEach(({ kind }, i) => {
      if (kind !== null) rows[kind] += changed[i] ?? 0;
    });
  }
  await store.checkpoint();
  return { people: people.length, rows };
}

/**
 * Erases everyone who asked for erasure from their own page (the `erasure_requests` queue): the
 * activity of eraseSubjectWorkflow, on the store queue. It takes no input and returns counts
 * only, so neither an e-mail address nor a pseudonym ever enters Temporal history: the request
 * was made by the person on their page, and starting the workflow is the admin's confirmation.
 * Staging files are not swept here: on Temporal, ingest workers write them while this worker
 * holds the store, so a file present may belong to a load in flight (`attune erase`, holding the
 * store alone, sweeps them).
 */
export function eraseRequestedSubjects(deps: StoreDeps) {
  return async (_input: Record<string, never>): Promise<ErasureCounts> => {
    const requests = await deps.store.select(erasureRequestsQuery());
    return erasePeople(deps.store, requests.map((r) => String(r.person)));
  };
}
