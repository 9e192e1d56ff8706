import { z } from 'zod';

/** One calendarView range read with delta, and the query of its deltaLink (an opaque `$deltatoken`; the path with the user id is rebuilt, not stored). */
export const CalendarRange = z.object({
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  deltaQuery: z.string().startsWith('?'),
});
/** One calendarView range read with delta. */
export type CalendarRange = z.infer<typeof CalendarRange>;

/**
 * How far a calendar has been read: the ranges still followed with delta rounds, oldest first,
 * each starting where the one before ends. A position saved with a single range reads as a list of it.
 */
export const CalendarPosition = z.union([z.object({ ranges: z.array(CalendarRange).min(1) }), CalendarRange.transform((range) => ({ ranges: [range] }))]);
/** How far a calendar has been read. */
export type CalendarPosition = z.infer<typeof CalendarPosition>;
