import { createHmac } from 'node:crypto';
import type { Pseudonym, PseudonymNamespace, Pseudonymize } from '../models/pseudonym.ts';

/** Namespaces whose values recur in event after event (people): their pseudonyms are remembered for a while. */
const rememberedNamespaces: ReadonlySet<PseudonymNamespace> = new Set(['person', 'source-user']);

/** How many pseudonyms a pseudonymizer remembers before it starts afresh (about 30 MB of them). */
const rememberedLimit = 100_000;

/** How long a pseudonymizer remembers anything: the emails it was given leave its memory at the latest this long after the first. */
const rememberedMs = 60_000;

/**
 * Keyed pseudonyms: HMAC-SHA-256 of `namespace NUL value` under the installation's pseudonym
 * key, truncated to 128 bits. Without the key a pseudonym can't be recomputed from an email,
 * unlike a plain or salted hash. A person's pseudonym is remembered for up to a minute, so the
 * attendees of every calendar copy of a meeting cost about one HMAC each a minute (at 10,000
 * people they were a ninth of the Microsoft sync's CPU); the clear emails it remembers are gone a
 * minute later, also in a long-lived worker between runs.
 */
export function createPseudonymizer(key: Uint8Array): Pseudonymize {
  if (key.length < 32) throw new RangeError('the pseudonym key must be at least 32 bytes');
  const pseudonymOf = (clear: string): Pseudonym => createHmac('sha256', key).update(clear).digest('hex').slice(0, 32);
  const remembered = new Map<string, Pseudonym>();
  let forgetting: NodeJS.Timeout | undefined;
  return (namespace, value) => {
    const clear = `${namespace}\0${value}`;
    if (!rememberedNamespaces.has(namespace)) return pseudonymOf(clear);
    const known = remembered.get(clear);
    if (known !== undefined) return known;
    if (remembered.size >= rememberedLimit) remembered.clear();
    forgetting ??= setTimeout(() => {
      remembered.clear();
      forgetting = undefined;
    }, rememberedMs).unref();
    const pseudonym = pseudonymOf(clear);
    remembered.set(clear, pseudonym);
    return pseudonym;
  };
}
