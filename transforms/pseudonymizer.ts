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
  // By namespace, then value: a lookup builds no string.
  const remembered = new Map<PseudonymNamespace, Map<string, Pseudonym>>([...rememberedNamespaces].map((namespace) => [namespace, new Map()]));
  let count = 0;
  let forgetting: NodeJS.Timeout | undefined;
  const forget = () => {
    for (const values of remembered.values()) values.clear();
    count = 0;
  };
  return (namespace, value) => {
    const values = remembered.get(namespace);
    const known = values?.get(value);
    if (known !== undefined) return known;
    const clear = `${namespace}\0${value}`;
    if (values === undefined) return pseudonymOf(clear);
    if (count >= rememberedLimit) forget();
    forgetting ??= setTimeout(() => {
      forget();
      forgetting = undefined;
    }, rememberedMs).unref();
    const pseudonym = pseudonymOf(clear);
    values.set(value, pseudonym);
    count += 1;
    return pseudonym;
  };
}
