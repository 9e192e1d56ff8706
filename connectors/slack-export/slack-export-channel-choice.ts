import { ConfigError } from '../../models/errors.ts';
import type { SlackExportContents } from './read-slack-export-contents.ts';

/**
 * Which channels of an export an import reads: the ones named (`--channels general,eng`, by the
 * names of the export's channel folders), every public channel that isn't archived
 * (`--all-public`), or, by default, those the attune bot is a member of (only when the export has the bot).
 */
export type SlackExportChannelChoice = { names: readonly string[] } | 'all-public' | 'bot';

/** The two ways to choose channels, as an error names them. */
const flags = '--channels NAME,NAME (e.g. --channels general,eng) or --all-public';
const setting = 'the channels to import (--channels or --all-public)';

/**
 * The ids of the channels `choice` picks in an export. Named channels are read even when archived
 * (the admin asked for them); the other two choices leave archived ones out. Throws a ConfigError
 * naming both flags when there is no choice and the export has no attune bot, and one naming each
 * channel the export doesn't have.
 */
export function chooseSlackExportChannels(contents: SlackExportContents, choice: SlackExportChannelChoice): Set<string> {
  const channels = [...contents.channels.values()];
  if (choice === 'all-public') return new Set(channels.filter((c) => !c.isPrivate && !c.archived).map((c) => c.id));
  if (choice === 'bot') {
    if (!contents.hasBot) {
      throw new ConfigError(
        `the Slack export has no active attune bot user, so it does not say which channels to read: choose them with ${flags}`,
        setting,
        'slack',
      );
    }
    return new Set(channels.filter((c) => c.botIsMember && !c.archived).map((c) => c.id));
  }
  const byName = new Map(channels.map((c) => [c.folder, c.id]));
  const missing = choice.names.filter((name) => !byName.has(name));
  if (missing.length > 0) {
    throw new ConfigError(
      `the Slack export has no channel named ${missing.join(', ')}: check --channels against the channel folders of the export (names without #)`,
      setting,
      'slack',
    );
  }
  return new Set(choice.names.map((name) => byName.get(name) as string));
}
