import { createHmac } from 'node:crypto';
import type { Pseudonym, PseudonymNamespace, Pseudonymize } from '../models/pseudonym.ts';

/** Namespaces whose values recur in event after event (people): their pseudonyms are remembered. */
const rememberedNamespaces: ReadonlySet<PseudonymNamespace> = new Set(['person', 'source-user']);

/** How many remembered pseudonyms a pseudonymizer keeps before it starts afresh (about 15 MB of them). */
const rememberedLimit = 100_000;

/**
 * Keyed pseudonyms: HMAC-SHA-256 of `namespace NUL value` under the installation's pseudonym
 * key, truncated to 128 bits. Without the key a pseudonym can't be recomputed from an email,
 * unlike a plain or salted hash. A person's pseudonym is remembered in memory, beside the key it
 * comes from, so the attendees of every calendar copy of a meeting cost one HMAC each per run
 * (at 10,000 people they were a ninth of the Microsoft sync's CPU).
 */
export function createPseudonymizer(key: Uint8Array): Pseudonymize {
  if (key.length < 32) throw new RangeError('the pseudonym key must be at least 32 bytes');
  const pseudonymOf = (namespace: PseudonymNamespace, value: string): Pseudonym =>
    createHmac('sha256', key).update(`${namespace}\0${value}`).digest('hex').slice(0, 32);
  const remembered = new Map<string, Pseudonym>();
  return (namespace, value) => {
    if (!rememberedNamespaces.has(namespace)) return pseudonymOf(namespace, value);
    const clear = `${namespace}\0${value}`;
    const known = remembered.get(clear);
    if (known !== undefined) return known;
    if (remembered.size >= rememberedLimit) remembered.clear();
    const pseudonym = pseudonymOf(namespace, value);
    remembered.set(clear, pseudonym);
    return pseudonym;
  };
}
