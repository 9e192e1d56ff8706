import { z } from 'zod';
import { SlackChannel } from '../../slack/wire/slack-channel.ts';

/**
 * A channel of an export's channels.json / groups.json: the API's allow-listed channel, plus its
 * name (only to find its folder of day files), archived flag and member ids (only counted, and
 * looked at for the attune bot). No topic, purpose or creator.
 */
export const SlackExportChannel = SlackChannel.extend({
  name: z.string().min(1).max(255).refine((name) => !/[/\\\0]/.test(name) && name !== '.' && name !== '..', 'not a folder name'),
  is_archived: z.boolean().optional(),
  members: z.array(z.string()).optional(),
});
/** A channel of an export, allow-listed. */
export type SlackExportChannel = z.infer<typeof SlackExportChannel>;
