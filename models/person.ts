import { z } from 'zod';
import { Pseudonym } from './pseudonym.ts';

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export const IsoWeekday = z.number().int().min(1).max(7);

/** A person as the private store knows them: a pseudonym, a time zone and working hours. No name, no email. */
export const Person = z.object({
  pseudonym: Pseudonym,
  /** IANA time zone name. */
  timeZone: z.string().min(1),
  workDays: z.array(IsoWeekday).min(1),
  /** Start of the working day, minutes after local midnight. */
  workStartMinute: z.number().int().min(0).max(1440),
  /** End of the working day, minutes after local midnight. */
  workEndMinute: z.number().int().min(0).max(1440),
  /** False when no source gave an email, so the pseudonym is per source account. */
  identityResolved: z.boolean(),
  /** False when the source had no valid time zone and UTC stands in; another source's zone then wins. */
  timeZoneKnown: z.boolean(),
  /** True when the working hours are the person's own settings (e.g. Graph), not the default; they then win over defaults. */
  workingHoursKnown: z.boolean(),
});
/** A person as the private store knows them. */
export type Person = z.infer<typeof Person>;

/** The working hours used when no source says otherwise: 09:00–17:00, Monday to Friday. */
export const defaultWorkingHours = { workDays: [1, 2, 3, 4, 5], workStartMinute: 9 * 60, workEndMinute: 17 * 60 } as const;
