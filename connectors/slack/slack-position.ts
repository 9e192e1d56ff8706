import { z } from 'zod';
import { SchemaDriftError } from '../../models/errors.ts';

/**
 * How far a Slack channel has been read: the newest message ts kept (null before any), and for
 * each recent thread (parent ts) the newest reply ts already read and how many replies it had then
 * (absent in positions saved before they were kept).
 */
export const SlackPosition = z.object({
  newestTs: z.string().nullable(),
  threads: z.record(z.string(), z.string()),
  replyCounts: z.record(z.string(), z.number().int().nonnegative()).default({}),
});
/** How far a Slack channel has been read. */
export type SlackPosition = z.infer<typeof SlackPosition>;

/** Parses a saved position (null before the first read). */
export function parseSlackPosition(saved: string | null): SlackPosition | null {
  if (saved === null) return null;
  try {
    return SlackPosition.parse(JSON.parse(saved));
  } catch {
    throw new SchemaDriftError('the saved Slack channel position is not valid; reset the channel cursor to read it again', 'slack');
  }
}
