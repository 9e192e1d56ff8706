import { z } from 'zod';

/**
 * The `metadata` of a message (returned by conversations.history with `include_all_metadata`),
 * allow-listed to the event type and a nudge's idempotency key: any other payload field is dropped.
 */
export const SlackMessageMetadata = z.object({
  event_type: z.string(),
  event_payload: z.object({ nudge_key: z.string().optional() }).optional(),
});
/** A message's metadata, allow-listed. */
export type SlackMessageMetadata = z.infer<typeof SlackMessageMetadata>;
