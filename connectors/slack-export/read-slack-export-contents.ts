import { ConfigError } from '../../models/errors.ts';
import type { Pseudonymize } from '../../models/pseudonym.ts';
import { slackUsersOf, type SlackUsers } from '../slack/slack-users.ts';
import { readJsonArray } from './read-json-array.ts';
import type { SlackExportFiles } from './slack-export-files.ts';
import { SlackExportBot } from './wire/slack-export-bot.ts';
import { SlackExportChannel } from './wire/slack-export-channel.ts';

/** One channel of an export, as the import needs it: no name beyond its folder, members only counted. */
export interface SlackExportChannelInfo {
  id: string;
  /** The folder of its day files. */
  folder: string;
  /** Member count, the API's `num_members`; null when the export doesn't list members. */
  size: number | null;
  archived: boolean;
  /** Whether it is a private channel (listed in groups.json). */
  isPrivate: boolean;
  /** Whether the attune bot is a member: what the API path can read, and what an import reads when no channels are chosen. */
  botIsMember: boolean;
  /** Its day files' dates (YYYY-MM-DD), ascending. */
  days: string[];
}

/** What an export holds besides its messages: the people (pseudonymized) and the channels with their days. */
export interface SlackExportContents {
  users: SlackUsers;
  /** Whether users.json has the attune bot (an active bot user named as asked): exports made before it was installed don't. */
  hasBot: boolean;
  channels: Map<string, SlackExportChannelInfo>;
}

const dayFile = /^([^/]+)\/(\d{4}-\d{2}-\d{2})\.json$/;
const setting = 'the slack-export PATH';

async function readList(files: SlackExportFiles, path: string): Promise<unknown[]> {
  const items = await readJsonArray(files, path);
  if (items === 'invalid') throw new ConfigError(`the Slack export's ${path} is not a JSON array: check ${setting}`, setting, 'slack');
  return items === 'missing' ? [] : items;
}

/**
 * Reads an export's users.json (people through the Slack connector's allow-list and pseudonyms,
 * exactly as `users.list` is read, emails it lacks taken from `identityMap`) and its channels.json and groups.json (public and private
 * channels). The attune bot is the active bot user named `botName`, if the export has one (see
 * chooseSlackExportChannels for what its absence means). Channels that don't parse are left out.
 */
export async function readSlackExportContents(
  files: SlackExportFiles,
  pseudonymize: Pseudonymize,
  botName: string,
  identityMap?: ReadonlyMap<string, string>,
): Promise<SlackExportContents> {
  const members = await readList(files, 'users.json');
  const bot = members.map((m) => SlackExportBot.safeParse(m).data).find((b) => b !== undefined && !b.deleted && b.name === botName);
  const days = new Map<string, string[]>();
  for (const path of files.paths) {
    const match = dayFile.exec(path);
    if (!match) continue;
    const list = days.get(match[1] as string) ?? [];
    list.push(match[2] as string);
    days.set(match[1] as string, list);
  }
  const channels = new Map<string, SlackExportChannelInfo>();
  for (const list of ['channels.json', 'groups.json'] as const) {
    for (const raw of await readList(files, list)) {
      const parsed = SlackExportChannel.safeParse(raw);
      if (!parsed.success || channels.has(parsed.data.id)) continue;
      const { id, name, is_archived = false, members: ids } = parsed.data;
      channels.set(id, {
        id,
        folder: name,
        size: ids?.length ?? null,
        archived: is_archived,
        isPrivate: list === 'groups.json',
        botIsMember: bot !== undefined && (ids?.includes(bot.id) ?? false),
        days: (days.get(name) ?? []).sort(),
      });
    }
  }
  return { users: await slackUsersOf([members], pseudonymize, identityMap), hasBot: bot !== undefined, channels };
}
