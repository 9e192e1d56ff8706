import { z } from 'zod';

/**
 * How far a calendar has been read: the calendarView range of the last delta round and the query
 * of its deltaLink (an opaque `$deltatoken`; the path with the user id is rebuilt, not stored).
 */
export const CalendarPosition = z.object({
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  deltaQuery: z.string().startsWith('?'),
});
/** How far a calendar has been read. */
export type CalendarPosition = z.infer<typeof CalendarPosition>;
