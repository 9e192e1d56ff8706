import { createHmac } from 'node:crypto';
import type { Pseudonym, Pseudonymize } from '../models/pseudonym.ts';

/**
 * Keyed pseudonyms: HMAC-SHA-256 of `namespace NUL value` under the installation's pseudonym
 * key, truncated to 128 bits. Without the key a pseudonym can't be recomputed from an email,
 * unlike a plain or salted hash.
 */
export function createPseudonymizer(key: Uint8Array): Pseudonymize {
  if (key.length < 32) throw new RangeError('the pseudonym key must be at least 32 bytes');
  return (namespace, value): Pseudonym =>
    createHmac('sha256', key).update(`${namespace}\0${value}`).digest('hex').slice(0, 32);
}
