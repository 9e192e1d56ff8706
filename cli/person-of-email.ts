import { ConfigError } from '../models/errors.ts';
import { normaliseEmail } from '../models/normalise-email.ts';
import { createPseudonymizer } from '../transforms/pseudonymizer.ts';

/**
 * The pseudonym of the person an admin names with `--email` (link, export-me, erase): the
 * `person` pseudonym of the normalised address under the installation's pseudonym key, as the
 * connectors pseudonymise people. A value that is no e-mail address stops with `usage`.
 */
export function personOfEmail(pseudonymKey: Uint8Array, email: string | undefined, usage: string): string {
  if (!email?.includes('@')) throw new ConfigError(`usage: ${usage}`, 'email');
  return createPseudonymizer(pseudonymKey)('person', normaliseEmail(email));
}
