import { parseArgs } from 'node:util';
import { ConfigError } from '../models/errors.ts';
import { openPrivateStore } from '../store/open-private-store.ts';
import { personalChoiceStatements } from '../transforms/personal-choices.ts';
import { nudgeCountsQuery } from '../transforms/nudges/nudge-outbox.ts';
import type { Config } from './config.ts';
import { formatTable } from './format-table.ts';
import { openKeyedStore, requireExistingStore } from './open-keyed-store.ts';
import { personOfEmail } from './person-of-email.ts';

/**
 * `attune privacy opt-out --email …` / `attune privacy opt-in --email …` (for admins): records a
 * person's choice about team aggregates under their pseudonym, never the email, with its time in
 * the person's log of choices (shown on their own page). It applies from the next release on: the
 * person is left out of every count of the weeks released from then. Only on an existing
 * installation: it creates no store or key.
 */
export async function privacyCommand(config: Config, args: string[], out: (text: string) => void): Promise<number> {
  if (args.length === 1 && args[0] === 'nudges') return nudgeCountsCommand(config, out);
  const { positionals, values } = parseArgs({ args, options: { email: { type: 'string' } }, allowPositionals: true, strict: true });
  const [choice] = positionals;
  const usage = 'attune privacy opt-out|opt-in --email person@example.com';
  if (positionals.length !== 1 || (choice !== 'opt-out' && choice !== 'opt-in')) throw new ConfigError(`usage: ${usage}`, 'email');
  const pseudonymOf = personOfEmail(values.email, usage);
  const { keys, store } = await openKeyedStore(config, { store: false });
  const at = new Date().toISOString();
  try {
    const person = pseudonymOf(keys.pseudonymKey);
    await store.run(personalChoiceStatements(person, { kind: 'aggregates', value: choice === 'opt-out' ? 'out' : 'in' }, at));
  } finally {
    await store.close();
  }
  out(
    choice === 'opt-out'
      ? `opted out of team aggregates at ${at} (recorded; the person's page shows it): from the next release on, this person is left out of every count\n`
      : `opted back in to team aggregates at ${at} (recorded; the person's page shows it): counted again from the next release on\n`,
  );
  return 0;
}

/**
 * `attune privacy nudges` (for admins): how many nudges each rule planned, by status, and how many
 * erasure requests wait: counts only. No command lists who was nudged or who asked.
 */
async function nudgeCountsCommand(config: Config, out: (text: string) => void): Promise<number> {
  requireExistingStore(config.dataDir);
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
