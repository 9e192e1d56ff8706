import type { Progress } from '../../models/progress.ts';
import type { Pseudonymize } from '../../models/pseudonym.ts';
import type { StreamBatch } from '../../models/stream-batch.ts';
import { directoryMaxAgeMs, memoizeAsync } from '../http/memoize-async.ts';
import type { RetryPolicyOptions } from '../http/retry-policy.ts';
import { StreamRefusedError } from '../http/stream-refused-error.ts';
import type { SourceConnector } from '../source-connector.ts';
import { listSlackChannels } from './list-slack-channels.ts';
import { readSlackChannel } from './read-slack-channel.ts';
import { readSlackMemberships } from './read-slack-memberships.ts';
import { readSlackUsers } from './read-slack-users.ts';
import { createSlackApi, missingSlackScopes } from './slack-api.ts';
import { slackConversation, slackMessageEvents } from './slack-message-events.ts';
import { parseSlackPosition } from './slack-position.ts';
import type { SlackTier } from './slack-tiers.ts';
import type { SlackMessage } from './wire/slack-message.ts';

/** The bot token scopes the connector reads with (README, Connecting the sources). */
const readScopes = ['channels:history', 'groups:history', 'channels:read', 'groups:read', 'users:read', 'users:read.email', 'usergroups:read'];

/** Settings of the Slack connector. */
export interface SlackConnectorOptions {
  /** Bot token (xoxb-…), from SLACK_BOT_TOKEN. */
  token: string;
  /** The Web API base URL, ending with `/api/`; default Slack's own. */
  apiUrl?: string;
  pseudonymize: Pseudonymize;
  /** Requests per minute per method of each tier; default Slack's documented Tier 2 20, Tier 3 50, Tier 4 100. */
  tierBudgets?: Partial<Record<SlackTier, number>>;
  /** The sliding window Slack counts the tier budgets in, ms; default a minute. Shorter only against a simulator. */
  rateWindowMs?: number;
  /** Requests in flight at once, per connector instance; default 4. */
  concurrency?: number;
  /** Items per page; default 200. */
  pageSize?: number;
  /** Messages a channel read holds before it hands them over to be staged (when the caller stages as it reads); default 25,000. */
  partMessages?: number;
  /** How long after a parent its thread's new replies are looked for; default 7 days. */
  threadLookbackDays?: number;
  /** Where to say what the source could not read (e.g. user groups on a free plan); default nowhere. */
  progress?: Progress;
  /** The retry policy's numbers for transient failures (one budget per connector instance); default createRetryPolicy()'s. */
  retry?: RetryPolicyOptions;
  /** Per-request timeout; default 30 s. */
  timeoutMs?: number;
  /** The channel ids an admin chose to read (recorded by an export import); default every channel the bot can read. */
  channels?: ReadonlySet<string> | null;
}

/** The progress line of a workspace without user groups. */
const userGroupsUnavailable = {
  plan_upgrade_required: 'slack: user groups not available on this plan: teams from user groups skipped',
  unknown_method: 'slack: user groups not available on this workspace (usergroups.list unknown): teams from user groups skipped',
} as const;

/**
 * The Slack source: directory from `users.list` + `usergroups.list`, streams = channels, events =
 * messages, thread replies and reactions, metadata only and pseudonymized here. Each read re-reads the
 * thread look-back and reports it read in full, so messages deleted there are removed. The user and channel
 * lists are read afresh by every sync (readDirectory, listStreams), and by `fetchStream` when it has
 * none younger than directoryMaxAgeMs (it may run in another, long-lived worker).
 * With `channels`, only the chosen channels are listed. Given somewhere to stage events as it reads, a
 * channel read hands them over every `partMessages` messages, so a company-wide channel is never held whole.
 * User groups are optional: without them (free plans) the directory has no teams and `progress` says so.
 */
export function createSlackConnector(options: SlackConnectorOptions): SourceConnector {
  const { pseudonymize, pageSize = 200, threadLookbackDays = 7, partMessages = 25_000 } = options;
  const api = createSlackApi(options);
  const users = memoizeAsync(() => readSlackUsers(api, pseudonymize, pageSize), { maxAgeMs: directoryMaxAgeMs });
  const channels = memoizeAsync(() => listSlackChannels(api, pageSize), { maxAgeMs: directoryMaxAgeMs });

  return {
    source: 'slack',

    requestsMade: () => api.requestsMade(),

    async checkAccess() {
      return { missing: await missingSlackScopes(api, readScopes) };
    },

    async readDirectory() {
      const { people, identities, pseudonyms, unresolved, excluded } = await users.refresh();
      const { teams, memberships, unavailable } = await readSlackMemberships(api, pseudonyms);
      if (unavailable !== null) options.progress?.(userGroupsUnavailable[unavailable]);
      return { people, teams, memberships, segments: [], identities, unresolved, excluded };
    },

    async listStreams() {
      const chosen = options.channels;
      return [...(await channels.refresh()).keys()].filter((channel) => !chosen || chosen.has(channel)).sort();
    },

    async fetchStream(channel, position, window, stage): Promise<StreamBatch> {
      const saved = parseSlackPosition(position);
      const [{ pseudonyms }, sizes] = await Promise.all([users(), channels()]);
      const context = { channel, size: sizes.get(channel) ?? null, pseudonyms, pseudonymize };
      const handOver = stage && {
        messages: partMessages,
        to: (messages: SlackMessage[], parentAuthors: ReadonlyMap<string, string>) => stage(slackMessageEvents(messages, { ...context, parentAuthors })),
      };
      try {
        const read = await readSlackChannel(api, channel, saved, window, { pageSize, threadLookbackDays, ...(handOver ? { handOver } : {}) });
        const events = slackMessageEvents(read.messages, { ...context, parentAuthors: read.parentAuthors });
        // The Web API tells a bot of no deletion: what the re-read look-back no longer lists was deleted (unless a
        // message could not be read, which may be one of them).
        const conversations = [slackConversation(pseudonymize, channel), ...read.whole.threads.map((ts) => slackConversation(pseudonymize, channel, ts))];
        const readInFull: StreamBatch['readInFull'] =
          read.quarantined.length === 0 ? { conversations, kinds: ['message', 'thread_reply', 'reaction'], ranges: [{ from: read.whole.from, to: window.end }] } : null;
        return { events, quarantined: read.quarantined, deleted: [], readInFull, position: JSON.stringify(read.position), skipped: null, requests: read.requests };
      } catch (error) {
        if (!(error instanceof StreamRefusedError)) throw error;
        return { events: [], quarantined: [], deleted: [], position, skipped: error.reason, requests: 1 };
      }
    },
  };
}
