import { z } from 'zod';

/** A messages.send answer, allow-listed to the new message's id. */
export const GmailSent = z.object({ id: z.string().min(1) });
/** A messages.send answer, allow-listed. */
export type GmailSent = z.infer<typeof GmailSent>;

/** A messages.list page: message ids only (Gmail lists nothing else), and the next page's token. */
export const GmailMessagesPage = z.object({
  messages: z.array(z.object({ id: z.string().min(1) })).optional(),
  nextPageToken: z.string().optional(),
});
/** A messages.list page. */
export type GmailMessagesPage = z.infer<typeof GmailMessagesPage>;

/**
 * A messages.get answer in `metadata` format, allow-listed to the requested headers' names and
 * values: no snippet, labels, sizes or body.
 */
export const GmailMessageHeaders = z.object({
  payload: z.object({ headers: z.array(z.object({ name: z.string(), value: z.string() })).optional() }).optional(),
});
/** A messages.get answer in `metadata` format, allow-listed. */
export type GmailMessageHeaders = z.infer<typeof GmailMessageHeaders>;
