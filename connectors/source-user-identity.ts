import { normaliseEmail } from '../models/normalise-email.ts';
import type { Pseudonym, Pseudonymize } from '../models/pseudonym.ts';
import type { Source } from '../models/source.ts';

/**
 * Who a source's user is: the person of their email when the source shows one (the same pseudonym
 * in every source), else a pseudonym of this one source account, never a guess.
 */
export function sourceUserIdentity(
  pseudonymize: Pseudonymize,
  source: Source,
  id: string,
  email: string | null | undefined,
): { pseudonym: Pseudonym; email: string | null } {
  const normalised = email ? normaliseEmail(email) || null : null;
  return {
    pseudonym: normalised === null ? pseudonymize('source-user', `${source}:${id}`) : pseudonymize('person', normalised),
    email: normalised,
  };
}
