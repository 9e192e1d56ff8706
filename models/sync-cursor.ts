import { z } from 'zod';
import { Source } from './source.ts';

/** How far one stream of one source has been read and saved. The position is the connector's own. */
export const SyncCursor = z.object({
  source: Source,
  /** The stream within the source, e.g. a Slack channel id. */
  stream: z.string().min(1),
  /** Connector-specific position, serialised; null before the first sync. */
  position: z.string().nullable(),
});
/** How far one stream of one source has been read and saved. */
export type SyncCursor = z.infer<typeof SyncCursor>;
