import { z } from 'zod';

const instant = z.iso.datetime({ offset: true });

/**
 * A `chats/getAllMessages` chatMessage, allow-listed to metadata: sender, time, chat, reply-to.
 * `body`, `subject`, `summary`, `attachments`, `mentions` and display names are content: not in the schema.
 */
export const GraphChatMessage = z.object({
  id: z.string().regex(/^\d{1,20}$/),
  chatId: z.string().min(1),
  messageType: z.string(),
  createdDateTime: instant,
  lastModifiedDateTime: instant,
  deletedDateTime: instant.nullish(),
  replyToId: z.string().nullish(),
  from: z.object({ user: z.object({ id: z.string().min(1) }).nullish() }).nullish(),
});
/** A Teams chat message, metadata only. */
export type GraphChatMessage = z.infer<typeof GraphChatMessage>;
