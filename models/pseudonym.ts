import { z } from 'zod';

/** A keyed HMAC-SHA-256 pseudonym, truncated to 128 bits, as lower-case hex. */
export const Pseudonym = z.string().regex(/^[0-9a-f]{32}$/, 'a pseudonym is 32 lower-case hex characters');
/** A keyed HMAC-SHA-256 pseudonym, truncated to 128 bits, as lower-case hex. */
export type Pseudonym = z.infer<typeof Pseudonym>;

/**
 * What is being pseudonymized. Each namespace is hashed apart, so a channel id can never
 * produce the same pseudonym as a person.
 * - person: a normalised primary email
 * - source-user: a source's own user id, for people whose email the source hides
 * - conversation: a channel, chat or calendar
 * - event: a source's own event id
 * - team: a team or group id
 */
export type PseudonymNamespace = 'person' | 'source-user' | 'conversation' | 'event' | 'team';

/** Maps a clear identifier to its pseudonym under the installation's secret key. */
export type Pseudonymize = (namespace: PseudonymNamespace, value: string) => Pseudonym;
