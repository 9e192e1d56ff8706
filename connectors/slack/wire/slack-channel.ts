import { z } from 'zod';

/** A `conversations.list` channel, allow-listed to its id and member count (no name, topic or purpose). */
export const SlackChannel = z.object({
  id: z.string().min(1),
  num_members: z.number().int().nonnegative().optional(),
});
/** A `conversations.list` channel, allow-listed. */
export type SlackChannel = z.infer<typeof SlackChannel>;
