import type { IdentityRecord } from '../models/identity-record.ts';

/**
 * One vault record from what the vault had and what a source states now: the source's email
 * where it has one, and the source ids of every source, each once.
 */
export function mergeIdentityRecord(stored: IdentityRecord | undefined, incoming: IdentityRecord): IdentityRecord {
  if (!stored) return incoming;
  const sourceIds = new Map([...stored.sourceIds, ...incoming.sourceIds].map((s) => [`${s.source}\0${s.id}`, s]));
  return { pseudonym: incoming.pseudonym, email: incoming.email ?? stored.email, sourceIds: [...sourceIds.values()] };
}
