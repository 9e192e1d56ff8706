import { z } from 'zod';
import { ConfigError } from '../../models/errors.ts';
import type { NudgeRecipient } from '../../models/nudge.ts';
import { RecordGoneError } from '../http/record-gone-error.ts';
import { StreamRefusedError } from '../http/stream-refused-error.ts';
import { missingSlackScopes, type SlackApi } from '../slack/slack-api.ts';
import { SlackChannel } from '../slack/wire/slack-channel.ts';
import { SlackMessageMetadata } from '../slack/wire/slack-message-metadata.ts';
import type { NudgeChannel } from './nudge-channel.ts';

/** The message metadata event type every nudge carries; its payload holds `nudge_key`. */
const slackNudgeEventType = 'attune_nudge';

/** How the Slack DM channel reaches Slack. */
export interface SlackDmChannelOptions {
  /** The Web API (bot token with `im:write`, `chat:write`, `im:history`), e.g. `createSlackApi({ token, apiUrl })`. */
  api: SlackApi;
  /** How many of the DM's latest messages `wasDelivered` looks through; default 200. */
  lookback?: number;
}

const Opened = z.object({ channel: SlackChannel });
const Posted = z.object({ ts: z.string().min(1) });
/** A history page of the DM, allow-listed to each message's metadata: no text, blocks or authors. */
const DmHistoryPage = z.object({ messages: z.array(z.object({ metadata: SlackMessageMetadata.optional() })) });
const tokenSetting = 'SLACK_BOT_TOKEN';
/** The bot token scopes nudges need: open the DM, post in it, read its history to look a nudge up. */
const nudgeScopes = ['im:write', 'chat:write', 'im:history'];

/** A connector-internal refusal (`channel_not_found` and the like) as a ConfigError: the DM can't be used. */
function refused(error: unknown): unknown {
  if (error instanceof StreamRefusedError || error instanceof RecordGoneError) {
    return new ConfigError(`Slack refused the bot's direct message (${error.message}): check that ${tokenSetting} has ${nudgeScopes.join(', ')}`, tokenSetting, 'slack');
  }
  return error;
}

/**
 * Nudges as Slack direct messages from the bot. `deliver` opens the DM with the one recipient
 * (`conversations.open users=<id>`) and posts there (`chat.postMessage`: text, blocks, no unfurls)
 * with message metadata `{event_type: attune_nudge, event_payload: {nudge_key}}`. `wasDelivered`
 * opens the same DM and looks for that metadata in its latest messages (`conversations.history`
 * with `include_all_metadata`). Errors come out of the Slack API layer's taxonomy: a revoked token
 * is an AuthError naming SLACK_BOT_TOKEN, a missing scope a ConfigError naming it.
 */
export function createSlackDmChannel(options: SlackDmChannelOptions): NudgeChannel {
  const { api, lookback = 200 } = options;

  const openDm = async (recipient: NudgeRecipient): Promise<string> => {
    if (recipient.slackUserId === null) throw new ConfigError('the recipient has no Slack user id: check canReach before delivering', tokenSetting, 'slack');
    const opened = await api.call('conversations.open', { users: recipient.slackUserId }, Opened);
    return opened.channel.id;
  };

  return {
    kind: 'slack',

    async checkAccess() {
      return { missing: await missingSlackScopes(api, nudgeScopes) };
    },

    canReach(recipient) {
      return recipient.slackUserId !== null && recipient.slackUserId !== '';
    },

    async wasDelivered(key, recipient) {
      try {
        const channel = await openDm(recipient);
        let seen = 0;
        const args = { channel, include_all_metadata: true, limit: Math.min(lookback, 100) };
        for await (const page of api.pages('conversations.history', args, DmHistoryPage)) {
          if (page.messages.some((m) => m.metadata?.event_type === slackNudgeEventType && m.metadata.event_payload?.nudge_key === key)) return true;
          seen += page.messages.length;
          if (seen >= lookback || page.messages.length === 0) return false;
        }
        return false;
      } catch (error) {
        throw refused(error);
      }
    },

    async deliver(key, recipient, message) {
      try {
        const channel = await openDm(recipient);
        await api.call(
          'chat.postMessage',
          {
            channel,
            text: message.text,
            blocks: JSON.stringify(message.blocks),
            unfurl_links: false,
            unfurl_media: false,
            metadata: JSON.stringify({ event_type: slackNudgeEventType, event_payload: { nudge_key: key } }),
          },
          Posted,
        );
        return 'sent';
      } catch (error) {
        // A deactivated user, a bot or an unknown id: this one person can't get a DM.
        if (error instanceof RecordGoneError) return 'unreachable';
        throw refused(error);
      }
    },
  };
}
