import { z } from 'zod';

/**
 * A Graph `user`, allow-listed to what attune needs: no display name, given name, surname, job
 * title or phones. `mail` goes to the identity vault only; department and office location become segments.
 */
export const GraphUser = z.object({
  id: z.string().min(1),
  mail: z.string().nullish(),
  department: z.string().nullish(),
  officeLocation: z.string().nullish(),
  accountEnabled: z.boolean().nullish(),
});
/** A Graph user, allow-listed. */
export type GraphUser = z.infer<typeof GraphUser>;
