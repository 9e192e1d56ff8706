import { z } from 'zod';
import type { SlackApi } from './slack-api.ts';
import { SlackChannel } from './wire/slack-channel.ts';

const ChannelsPage = z.object({ channels: z.array(SlackChannel) });

/**
 * Public and private channels that aren't archived (all pages of `conversations.list`), in the
 * order Slack lists them, with their member counts (null when Slack doesn't say).
 * Membership of the bot is not checked here: reading a channel it isn't in is skipped later.
 */
export async function listSlackChannels(api: SlackApi, pageSize: number): Promise<Map<string, number | null>> {
  const channels = new Map<string, number | null>();
  const args = { types: 'public_channel,private_channel', exclude_archived: true, limit: pageSize };
  for await (const page of api.pages('conversations.list', args, ChannelsPage)) {
    for (const channel of page.channels) channels.set(channel.id, channel.num_members ?? null);
  }
  return channels;
}
