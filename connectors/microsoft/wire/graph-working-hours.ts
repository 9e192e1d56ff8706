import { z } from 'zod';

const timeOfDay = z.string().regex(/^\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?$/);

/** The `workingHours` of a mailbox: days, start and end as local times, and the zone they are written in. */
export const GraphWorkingHours = z.object({
  daysOfWeek: z.array(z.enum(['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'])),
  startTime: timeOfDay,
  endTime: timeOfDay,
  timeZone: z.object({ name: z.string() }).nullish(),
});
/** The working hours of a mailbox. */
export type GraphWorkingHours = z.infer<typeof GraphWorkingHours>;
