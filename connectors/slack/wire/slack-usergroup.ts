import { z } from 'zod';

/** A `usergroups.list` group with its member ids; `date_delete` > 0 marks a deleted group. */
export const SlackUsergroup = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  date_delete: z.number().optional(),
  users: z.array(z.string()).optional(),
});
/** A `usergroups.list` group, allow-listed. */
export type SlackUsergroup = z.infer<typeof SlackUsergroup>;
