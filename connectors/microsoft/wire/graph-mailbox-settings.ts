import { z } from 'zod';
import { GraphWorkingHours } from './graph-working-hours.ts';

/** `mailboxSettings`, allow-listed to the time zone and working hours (no automatic-reply texts). */
export const GraphMailboxSettings = z.object({
  timeZone: z.string().nullish(),
  workingHours: GraphWorkingHours.nullish(),
});
/** A mailbox's settings, allow-listed. */
export type GraphMailboxSettings = z.infer<typeof GraphMailboxSettings>;
