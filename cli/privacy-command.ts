import { parseArgs } from 'node:util';
import { ConfigError } from '../models/errors.ts';
import { normaliseEmail } from '../models/normalise-email.ts';
import { openPrivateStore } from '../store/open-private-store.ts';
import { deriveInstallationKeys } from '../transforms/installation-keys.ts';
import { createPseudonymizer } from '../transforms/pseudonymizer.ts';
import { optOutStatements } from '../transforms/release/opt-out-statements.ts';
import { nudgeCountsQuery } from '../transforms/nudges/nudge-outbox.ts';
import type { Config } from './config.ts';
import { formatTable } from './format-table.ts';
import { loadInstallationSecret } from './installation-secret.ts';

/**
 * `attune privacy opt-out --email …` / `attune privacy opt-in --email …` (for admins): records a
 * person's choice about team aggregates under their pseudonym, never the email. It applies from
 * the next release on: the person is left out of every count of the weeks released from then.
 */
export async function privacyCommand(config: Config, args: string[], out: (text: string) => void): Promise<number> {
  if (args.length === 1 && args[0] === 'nudges') return nudgeCountsCommand(config, out);
  const { positionals, values } = parseArgs({ args, options: { email: { type: 'string' } }, allowPositionals: true, strict: true });
  const [choice] = positionals;
  if (positionals.length !== 1 || (choice !== 'opt-out' && choice !== 'opt-in') || !values.email?.includes('@')) {
    throw new ConfigError('usage: attune privacy opt-out|opt-in --email person@example.com', 'email');
  }
  const keys = deriveInstallationKeys(await loadInstallationSecret(config.dataDir, config.pseudonymKey));
  const person = createPseudonymizer(keys.pseudonymKey)('person', normaliseEmail(values.email));
  const store = await openPrivateStore(config.dataDir, config.duckdb);
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

/**
 * `attune privacy nudges` (for admins): how many nudges each rule planned, by status, and how many
 * erasure requests wait: counts only. No command lists who was nudged or who asked.
 */
async function nudgeCountsCommand(config: Config, out: (text: string) => void): Promise<number> {
  const store = await openPrivateStore(config.dataDir, config.duckdb);
  try {
    const rows = await store.select(nudgeCountsQuery());
    const [requests] = await store.select({ sql: 'SELECT count(*)::INTEGER AS n FROM erasure_requests' });
    out(formatTable(['rule', 'status', 'nudges'], rows.map((r) => [r.rule, r.status, r.nudges])));
    out(`erasure requests waiting: ${String(requests?.n ?? 0)}\n`);
  } finally {
    await store.close();
  }
  return 0;
}
