import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { ConfigError } from '../models/errors.ts';
import { normaliseEmail } from '../models/normalise-email.ts';
import type { NudgeMessage } from '../models/nudge.ts';
import { openPrivateStore } from '../store/open-private-store.ts';
import type { PrivateStore } from '../store/private-store.ts';
import { openIdentity } from '../transforms/identity-sealing.ts';
import { deriveInstallationKeys } from '../transforms/installation-keys.ts';
import { personalExportQueries } from '../transforms/personal-data.ts';
import { newPersonalLink, signPersonalLink } from '../transforms/personal-links.ts';
import { createPseudonymizer } from '../transforms/pseudonymizer.ts';
import type { Config } from './config.ts';
import { loadInstallationSecret } from './installation-secret.ts';
import { createNudgeChannels } from './nudge-channels.ts';
import { loadNudgeSettings } from './nudge-settings.ts';
import { openSources } from './open-sources.ts';

/** Everything the private store keeps about one person, as `attune export-me` and the page's download give it. */
export interface PersonalExport {
  exportedAt: string;
  tables: Record<string, unknown[]>;
}

/** Reads one person's export from the store (see personalExportQueries). */
export async function readPersonalExport(store: PrivateStore, person: string, at: Date): Promise<PersonalExport> {
  const tables: Record<string, unknown[]> = {};
  for (const [name, query] of Object.entries(personalExportQueries(person))) tables[name] = await store.select(query);
  return { exportedAt: at.toISOString(), tables };
}

/** Reads `--email` (and the given extra string options) of a personal-data command, or says how to call it. */
function personArgs(args: string[], usage: string, extra: Record<string, { type: 'string' }> = {}) {
  const { values } = parseArgs({ args, options: { email: { type: 'string' }, ...extra }, strict: true });
  if (!values.email?.includes('@')) throw new ConfigError(`usage: ${usage}`, 'email');
  return values as Record<string, string | undefined> & { email: string };
}

/** The installation's keys and the pseudonym of the person an admin names by e-mail. */
async function personOf(config: Config, email: string) {
  const keys = deriveInstallationKeys(await loadInstallationSecret(config.dataDir, config.pseudonymKey));
  return { keys, person: createPseudonymizer(keys.pseudonymKey)('person', normaliseEmail(email)) };
}

/**
 * `attune link --email …`: sends a person a fresh link to their own page, in their own Slack DM
 * or mailbox, through the same channels as nudges. The link is never printed, so whoever runs
 * the command (an admin) can't open the person's page.
 */
export async function linkCommand(config: Config, args: string[], out: (text: string) => void, progress: (line: string) => void): Promise<number> {
  const { email } = personArgs(args, 'attune link --email person@example.com');
  const nudgeSettings = await loadNudgeSettings(process.env);
  const { keys, person } = await personOf(config, email);
  const store = await openPrivateStore(config.dataDir);
  let entry;
  try {
    [entry] = await store.readVaultEntries([person]);
  } finally {
    await store.close();
  }
  if (!entry) throw new ConfigError('attune knows nobody with that e-mail address yet: run attune run first, or check the address', 'email');
  const identity = openIdentity(keys.vaultKey, entry);
  const recipient = { email: identity.email, slackUserId: identity.sourceIds.find((s) => s.source === 'slack')?.id ?? null };
  const url = `${nudgeSettings.publicUrl}/me/${signPersonalLink(keys.linkKey, newPersonalLink(person, 'page', new Date(), nudgeSettings.linkDays))}`;
  const text = `Here is your private link to your own attune page, valid for ${nudgeSettings.linkDays} days. Only you can use it; please don't forward it.\n\n${url}`;
  const message: NudgeMessage = {
    subject: 'Your private attune page',
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `Here is your private link to your own attune page, valid for ${nudgeSettings.linkDays} days.` } },
      { type: 'actions', elements: [{ type: 'button', action_id: 'attune_page', text: { type: 'plain_text', text: 'Open my page' }, url }] },
    ],
  };
  const open = await openSources(config, new Date(), progress);
  try {
    const channel = createNudgeChannels(open.settings, nudgeSettings.sender).find((c) => c.canReach(recipient));
    if (!channel) throw new ConfigError('no configured channel reaches this person: configure Slack, or ATTUNE_NUDGE_SENDER with Microsoft 365 or Google', 'ATTUNE_NUDGE_SENDER');
    await channel.deliver(`link-${randomBytes(12).toString('hex')}`, recipient, message);
    out(`sent a link to their own page by ${channel.kind === 'slack' ? 'Slack direct message' : 'e-mail'} (valid ${nudgeSettings.linkDays} days; not shown here)\n`);
    return 0;
  } finally {
    await open.close();
  }
}

/**
 * `attune export-me --email … --out FILE`: writes everything the private store keeps about one
 * person (their own rows; colleagues only as counts) to a JSON file readable by its owner alone,
 * for a subject access request. The same content as the download on the person's own page.
 */
export async function exportMeCommand(config: Config, args: string[], out: (text: string) => void): Promise<number> {
  const values = personArgs(args, 'attune export-me --email person@example.com --out FILE.json', { out: { type: 'string' } });
  if (!values.out) throw new ConfigError('usage: attune export-me --email person@example.com --out FILE.json', 'out');
  const { person } = await personOf(config, values.email);
  const store = await openPrivateStore(config.dataDir);
  let data: PersonalExport;
  try {
    data = await readPersonalExport(store, person, new Date());
  } finally {
    await store.close();
  }
  await writeFile(values.out, JSON.stringify(data, null, 2) + '\n', { mode: 0o600 });
  const rows = Object.values(data.tables).reduce((sum, t) => sum + t.length, 0);
  out(`wrote ${rows} rows about this person to ${values.out}${rows === 0 ? ' (attune holds nothing about this address)' : ''}\n`);
  return 0;
}
