import { z } from 'zod';

/** A calendarView/delta item saying an event is gone from the view: `{ id, "@removed": { reason } }`. */
export const GraphRemovedEvent = z.object({ id: z.string().min(1), '@removed': z.object({ reason: z.string().optional() }) });
/** A removed delta item. */
export type GraphRemovedEvent = z.infer<typeof GraphRemovedEvent>;
