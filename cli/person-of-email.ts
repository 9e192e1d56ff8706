import { ConfigError } from '../models/errors.ts';
import { isEmailAddress, normaliseEmail } from '../models/normalise-email.ts';
import { createPseudonymizer } from '../transforms/pseudonymizer.ts';

/**
 * The person an admin names with `--email` (link, export-me, erase, privacy), checked at once (a value
 * that is no e-mail address stops with `usage`, before any key or store is opened) and
 * pseudonymised once the key is at hand: the `person` pseudonym of the normalised address under
 * the installation's pseudonym key, as the connectors pseudonymise people.
 */
export function personOfEmail(email: string | undefined, usage: string): (pseudonymKey: Uint8Array) => string {
  if (email === undefined) throw new ConfigError(`usage: ${usage}`, 'email');
  if (!isEmailAddress(email)) throw new ConfigError(`--email is not an e-mail address: give the person's address (usage: ${usage})`, 'email');
  return (pseudonymKey) => createPseudonymizer(pseudonymKey)('person', normaliseEmail(email));
}
