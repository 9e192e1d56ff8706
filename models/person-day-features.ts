import { z } from 'zod';
import { Pseudonym } from './pseudonym.ts';

/** One person's wellbeing features for one local day in their own time zone. */
export const PersonDayFeatures = z.object({
  person: Pseudonym,
  /** Local calendar day, YYYY-MM-DD. */
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  isWorkingDay: z.boolean(),
  messagesSent: z.number().int().nonnegative(),
  /** Five-minute slots with any message activity, in minutes. */
  activeMinutes: z.number().int().nonnegative(),
  /** Active minutes outside working hours on a working day. */
  afterHoursMinutes: z.number().int().nonnegative(),
  /** Active minutes on a non-working day. */
  nonWorkingDayMinutes: z.number().int().nonnegative(),
  /** Minutes from the first to the end of the last active slot of the day. */
  workdaySpanMinutes: z.number().int().nonnegative(),
  /** People interacted with that day, in either direction. */
  distinctCollaborators: z.number().int().nonnegative(),
});
/** One person's wellbeing features for one local day. */
export type PersonDayFeatures = z.infer<typeof PersonDayFeatures>;
