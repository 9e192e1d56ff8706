import { z } from 'zod';
import { Pseudonym } from './pseudonym.ts';
import { Source } from './source.ts';

/** What kind of activity an event records. */
export const ActivityKind = z.enum(['message', 'thread_reply', 'reaction']);
/** What kind of activity an event records. */
export type ActivityKind = z.infer<typeof ActivityKind>;

/**
 * One unit of metadata-only activity: who, with whom, when, where (pseudonymous), how big.
 * There is no field for content, and parsing through this schema drops any that is passed in.
 */
export const ActivityEvent = z.object({
  source: Source,
  kind: ActivityKind,
  /** Keyed hash of the source's own event id: stable across reruns, unique per source. */
  sourceEventId: z.string().min(1),
  actor: Pseudonym,
  counterparts: z.array(Pseudonym),
  start: z.date(),
  end: z.date(),
  conversation: Pseudonym.nullable(),
  isThread: z.boolean(),
  /** How many people the activity reaches (conversation members, attendees), when known. */
  size: z.number().int().nonnegative().nullable(),
});
/** One unit of metadata-only activity. */
export type ActivityEvent = z.infer<typeof ActivityEvent>;
