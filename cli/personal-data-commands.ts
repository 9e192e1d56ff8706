import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { ConfigError } from '../models/errors.ts';
import type { NudgeMessage } from '../models/nudge.ts';
import type { PrivateStore } from '../store/private-store.ts';
import { openIdentity } from '../transforms/identity-sealing.ts';
import { personalExportQueries } from '../transforms/personal-data.ts';
import { newPersonalLink, signPersonalLink } from '../transforms/personal-links.ts';
import type { Config } from './config.ts';
import { createNudgeChannels } from './nudge-channels.ts';
import { loadNudgeSettings } from './nudge-settings.ts';
import { openKeyedStore } from './open-keyed-store.ts';
import { openSources } from './open-sources.ts';
import { personOfEmail } from './person-of-email.ts';

/** Everything the private store keeps about one person, as the download on their page gives it. */
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

/** What a personal link command sends: the page, or the page's download of everything attune keeps (a subject access request). */
type LinkKind = 'page' | 'export';

const wording: Record<LinkKind, { usage: string; subject: string; lead: string; button: string; path: string; done: string }> = {
  page: {
    usage: 'attune link --email person@example.com',
    subject: 'Your private attune page',
    lead: 'Here is your private link to your own attune page',
    button: 'Open my page',
    path: '',
    done: 'a link to their own page',
  },
  export: {
    usage: 'attune export-me --email person@example.com',
    subject: 'Your data from attune',
    lead: 'Here is your private link to download everything attune keeps about you (JSON)',
    button: 'Download my data',
    path: '/export',
    done: 'a link to download their own data',
  },
};

/**
 * `attune link --email …` and `attune export-me --email …` (for admins, on a person's request):
 * send that person a fresh personal link, to their own page or to the download of everything
 * attune keeps about them (their own rows; colleagues only as counts), in their own Slack DM or
 * mailbox through the same channels as nudges. The link is never printed and the data never
 * passes through the admin: whoever runs the command can't open either.
 */
export async function personalLinkCommand(
  kind: LinkKind,
  config: Config,
  args: string[],
  out: (text: string) => void,
  progress: (line: string) => void,
): Promise<number> {
  const words = wording[kind];
  const { values } = parseArgs({ args, options: { email: { type: 'string' } }, strict: true });
  const pseudonymOf = personOfEmail(values.email, words.usage);
  const nudgeSettings = await loadNudgeSettings(process.env);
  const { keys, store } = await openKeyedStore(config, { store: false });
  const person = pseudonymOf(keys.pseudonymKey);
  let entry;
  try {
    [entry] = await store.readVaultEntries([person]);
  } finally {
    await store.close();
  }
  if (!entry) throw new ConfigError('attune knows nobody with that e-mail address yet: run attune run first, or check the address', 'email');
  const identity = openIdentity(keys.vaultKey, entry);
  const recipient = { email: identity.email, slackUserId: identity.sourceIds.find((s) => s.source === 'slack')?.id ?? null };
  const token = signPersonalLink(keys.linkKey, newPersonalLink(person, 'page', new Date(), nudgeSettings.linkDays));
  const url = `${nudgeSettings.publicUrl}/me/${token}${words.path}`;
  const lead = `${words.lead}, valid for ${nudgeSettings.linkDays} days.`;
  const message: NudgeMessage = {
    subject: words.subject,
    text: `${lead} Only you can use it; please don't forward it.\n\n${url}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: lead } },
      { type: 'actions', elements: [{ type: 'button', action_id: 'attune_page', text: { type: 'plain_text', text: words.button }, url }] },
    ],
  };
  const open = await openSources(config, new Date(), progress);
  try {
    const channel = createNudgeChannels(open.settings, nudgeSettings.sender).find((c) => c.canReach(recipient));
    if (!channel) throw new ConfigError('no configured channel reaches this person: configure Slack, or ATTUNE_NUDGE_SENDER with Microsoft 365 or Google', 'ATTUNE_NUDGE_SENDER');
    if ((await channel.deliver(`link-${randomBytes(12).toString('hex')}`, recipient, message)) === 'unreachable') {
      throw new ConfigError(`${channel.kind} can't reach this person (a deactivated account?)`, 'email');
    }
    out(`sent ${words.done} by ${channel.kind === 'slack' ? 'Slack direct message' : 'e-mail'} (valid ${nudgeSettings.linkDays} days; not shown here)\n`);
    return 0;
  } finally {
    await open.close();
  }
}
