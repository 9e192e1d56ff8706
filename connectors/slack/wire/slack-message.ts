import { z } from 'zod';

const ts = z.string().regex(/^\d{1,12}\.\d{1,6}$/);

/**
 * A message of `conversations.history` / `conversations.replies`, allow-listed to metadata.
 * `text`, `blocks`, `files` and `attachments` are content: not in the schema, so parsing drops them.
 */
export const SlackMessage = z.object({
  ts,
  user: z.string().min(1).optional(),
  subtype: z.string().optional(),
  bot_id: z.string().nullish(),
  thread_ts: ts.optional(),
  parent_user_id: z.string().optional(),
  /** On a thread broadcast: the parent message, allow-listed to its author. */
  root: z.object({ user: z.string().min(1).optional() }).optional(),
  reply_count: z.number().int().nonnegative().optional(),
  latest_reply: ts.optional(),
  reactions: z.array(z.object({ name: z.string().min(1), users: z.array(z.string()), count: z.number().int().nonnegative() })).optional(),
});
/** A Slack message, metadata only. */
export type SlackMessage = z.infer<typeof SlackMessage>;
