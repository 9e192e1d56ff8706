import { z } from 'zod';

/** A page of Calendar `events.list`: raw items (each parsed alone), the calendar's zone and the tokens. */
export const GoogleEventsPage = z.object({
  items: z.array(z.unknown()).optional(),
  timeZone: z.string().optional(),
  nextPageToken: z.string().min(1).optional(),
  nextSyncToken: z.string().min(1).optional(),
});
/** A page of Calendar `events.list`, allow-listed. */
export type GoogleEventsPage = z.infer<typeof GoogleEventsPage>;
