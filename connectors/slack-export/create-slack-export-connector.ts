import type { Pseudonymize } from '../../models/pseudonym.ts';
import type { RunWindow } from '../../models/run-window.ts';
import type { StreamBatch } from '../../models/stream-batch.ts';
import { memoizeAsync } from '../http/memoize-async.ts';
import { slackMessageEvents } from '../slack/slack-message-events.ts';
import type { SourceConnector } from '../source-connector.ts';
import { readSlackExportChannel } from './read-slack-export-channel.ts';
import { readSlackExportContents } from './read-slack-export-contents.ts';
import { chooseSlackExportChannels, type SlackExportChannelChoice } from './slack-export-channel-choice.ts';
import type { SlackExportFiles } from './slack-export-files.ts';
import { slackExportPosition } from './slack-export-position.ts';
import { slackExportStream } from './slack-export-stream.ts';
import { dayMs } from '../../models/time.ts';

/** Settings of the Slack export reader. */
export interface SlackExportConnectorOptions {
  /** The opened export (see openSlackExportFiles); the caller closes it. */
  files: SlackExportFiles;
  pseudonymize: Pseudonymize;
  /** User name of the attune app's bot user in the export; default `attune`. */
  botName?: string;
  /** Which channels to read; default the bot's (see chooseSlackExportChannels). */
  channels?: SlackExportChannelChoice;
  /** Slack user id → email for people the export shows no email of (SLACK_IDENTITY_MAP, see parseSlackIdentityMap); default none. */
  identityMap?: ReadonlyMap<string, string>;
}

/** How many of an export's people can be matched with other sources' by email. */
export interface SlackExportEmailCoverage {
  people: number;
  /** People the export shows no email of. */
  withoutEmail: number;
  /** Of those, people the identity map gives an email. */
  mapped: number;
}

/** The Slack source read from an export instead of the Web API. */
export interface SlackExportConnector extends SourceConnector {
  /** The UTC days the readable channels' day files span, a day wider on each side; null when there are none. */
  coveredWindow(): Promise<RunWindow | null>;
  /** How many people have an email, from the export or the identity map. */
  emailCoverage(): Promise<SlackExportEmailCoverage>;
  /** The ids of the channels chosen to read; throws the ConfigError of chooseSlackExportChannels when the choice can't be made. */
  chosenChannels(): Promise<ReadonlySet<string>>;
}


/**
 * The Slack source, read from a Slack export: people from users.json exactly as from `users.list`
 * (same allow-list, same pseudonyms; an export without emails is matched through `identityMap`); streams `export:<channel id>` for the channels that aren't
 * archived and those chosen (those not chosen answer skipped, as the API does channels without its bot); events from the day
 * files through the Slack connector's message allow-list and event mapping, so they equal the API's,
 * event ids included. No teams: an export has no user groups. No API, so no rate limits.
 */
export function createSlackExportConnector(options: SlackExportConnectorOptions): SlackExportConnector {
  const { files, pseudonymize, botName = 'attune', identityMap, channels: choice = 'bot' } = options;
  const contents = memoizeAsync(() => readSlackExportContents(files, pseudonymize, botName, identityMap));
  const chosen = memoizeAsync(async () => chooseSlackExportChannels(await contents(), choice));
  const readable = async () => {
    const ids = await chosen();
    return [...(await contents()).channels.values()].filter((c) => ids.has(c.id));
  };

  return {
    source: 'slack',

    // An export is files: no request is ever sent.
    requestsMade: () => 0,

    async checkAccess() {
      await chosen();
      return { missing: [] };
    },

    async readDirectory() {
      const { people, identities, unresolved, excluded } = (await contents()).users;
      return { people, teams: [], memberships: [], segments: [], identities, unresolved, excluded };
    },

    async listStreams() {
      const ids = await chosen();
      const channels = [...(await contents()).channels.values()].filter((c) => !c.archived || ids.has(c.id));
      return channels.map((c) => slackExportStream.of(c.id)).sort();
    },

    async fetchStream(stream, position, window): Promise<StreamBatch> {
      const { users, channels } = await contents();
      const channel = channels.get(slackExportStream.channelOf(stream) ?? '');
      if (!channel || !(await chosen()).has(channel.id)) {
        return { events: [], quarantined: [], deleted: [], position, skipped: channel && !channel.archived ? 'not_in_channel' : 'access_denied', requests: 0 };
      }
      const plan = slackExportPosition.plan(position, window);
      const to = Date.parse(window.end);
      const read = await readSlackExportChannel(files, channel, { threadsFrom: Date.parse(window.start), from: plan.from, to });
      const events = slackMessageEvents(read.messages, { channel: channel.id, size: channel.size, pseudonyms: users.pseudonyms, pseudonymize });
      return { events, quarantined: read.quarantined, deleted: [], position: plan.next(to), skipped: null, requests: 0 };
    },

    async coveredWindow() {
      const days = (await readable()).flatMap((c) => [c.days[0], c.days.at(-1)]).filter((d) => d !== undefined).sort();
      if (days.length === 0) return null;
      const start = Date.parse(`${days[0]}T00:00:00Z`) - dayMs;
      const end = Date.parse(`${days.at(-1)}T00:00:00Z`) + 2 * dayMs;
      return { start: new Date(start).toISOString(), end: new Date(end).toISOString() };
    },

    async emailCoverage() {
      const { people, unresolved, mapped } = (await contents()).users;
      return { people: people.length, withoutEmail: unresolved + mapped, mapped };
    },

    chosenChannels: chosen,
  };
}
