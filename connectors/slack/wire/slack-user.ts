import { z } from 'zod';

/**
 * A `users.list` member, allow-listed to what attune needs: no names, titles, phone or avatar.
 * The email goes to the identity vault only.
 */
export const SlackUser = z.object({
  id: z.string().min(1),
  deleted: z.boolean().optional(),
  is_bot: z.boolean().optional(),
  tz: z.string().nullish(),
  profile: z.object({ email: z.string().nullish() }).optional(),
});
/** A `users.list` member, allow-listed. */
export type SlackUser = z.infer<typeof SlackUser>;
