import { knownTimeZone } from '../models/known-time-zone.ts';
import { defaultWorkingHours, type Person } from '../models/person.ts';
import type { Pseudonym } from '../models/pseudonym.ts';

/** A person as a source without working-hours settings knows them: its time zone (UTC when missing or unknown) and the default hours. */
export function personWithDefaultHours(pseudonym: Pseudonym, timeZone: string | null | undefined, identityResolved: boolean): Person {
  const known = knownTimeZone(timeZone);
  return {
    pseudonym,
    timeZone: known ?? 'UTC',
    ...defaultWorkingHours,
    workDays: [...defaultWorkingHours.workDays],
    identityResolved,
    timeZoneKnown: known !== null,
    workingHoursKnown: false,
  };
}
