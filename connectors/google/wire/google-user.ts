import { z } from 'zod';

/**
 * A Directory `users.list` user, allow-listed to what attune needs: the id and primary email (for
 * the vault and pseudonyms), suspension, the org unit, and the department and office of the
 * organisations. No names, titles, relations, phones or photos.
 */
export const GoogleUser = z.object({
  id: z.string().min(1),
  primaryEmail: z.string().min(3),
  suspended: z.boolean().optional(),
  archived: z.boolean().optional(),
  orgUnitPath: z.string().startsWith('/').optional(),
  organizations: z.array(z.object({ primary: z.boolean().optional(), department: z.string().optional(), location: z.string().optional() })).optional(),
});
/** A Directory user, allow-listed. */
export type GoogleUser = z.infer<typeof GoogleUser>;
