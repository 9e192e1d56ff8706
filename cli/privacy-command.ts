import { parseArgs } from 'node:util';
import { ConfigError } from '../models/errors.ts';
import { normaliseEmail } from '../models/normalise-email.ts';
import { openPrivateStore } from '../store/open-private-store.ts';
import { deriveInstallationKeys } from '../transforms/installation-keys.ts';
import { createPseudonymizer } from '../transforms/pseudonymizer.ts';
import { optOutStatements } from '../transforms/release/opt-out-statements.ts';
import type { Config } from './config.ts';
import { loadInstallationSecret } from './installation-secret.ts';

/**
 * `attune privacy opt-out --email …` / `attune privacy opt-in --email …` (for admins): records a
 * person's choice about team aggregates under their pseudonym, never the email. It applies from
 * the next release on: the person is left out of every count of the weeks released from then.
 */
export async function privacyCommand(config: Config, args: string[], out: (text: string) => void): Promise<number> {
  const { positionals, values } = parseArgs({ args, options: { email: { type: 'string' } }, allowPositionals: true, strict: true });
  const [choice] = positionals;
  if (positionals.length !== 1 || (choice !== 'opt-out' && choice !== 'opt-in') || !values.email?.includes('@')) {
    throw new ConfigError('usage: attune privacy opt-out|opt-in --email person@example.com', 'email');
  }
  const keys = deriveInstallationKeys(await loadInstallationSecret(config.dataDir, config.pseudonymKey));
  const person = createPseudonymizer(keys.pseudonymKey)('person', normaliseEmail(values.email));
  const store = await openPrivateStore(config.dataDir);
  try {
    await store.run(optOutStatements(person, choice === 'opt-out', new Date().toISOString()));
  } finally {
    await store.close();
  }
  out(
    choice === 'opt-out'
      ? 'opted out of team aggregates: from the next release on, this person is left out of every count\n'
      : 'opted back in to team aggregates: counted again from the next release on\n',
  );
  return 0;
}
