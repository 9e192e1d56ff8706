import { z } from 'zod';
import { Source } from './source.ts';

/**
 * A record a source sent that did not match its schema. It keeps where to find the record
 * again and what was wrong, never the record's values (they may be content).
 */
export const QuarantineRecord = z.object({
  source: Source,
  stream: z.string().min(1),
  /** The source's own reference to re-fetch it (e.g. a Slack message ts), when it had one. */
  recordRef: z.string().nullable(),
  /** The schema problems, as field paths and issue codes. */
  problem: z.string().min(1),
});
/** A record a source sent that did not match its schema. */
export type QuarantineRecord = z.infer<typeof QuarantineRecord>;
