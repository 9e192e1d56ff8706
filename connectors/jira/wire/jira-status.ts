import { z } from 'zod';

/** A workflow status of `/status`, allow-listed to its id and its category key (`new`, `indeterminate`, `done`). */
export const JiraStatus = z.object({
  id: z.string().min(1),
  statusCategory: z.object({ key: z.string().min(1) }),
});
/** A workflow status, allow-listed. */
export type JiraStatus = z.infer<typeof JiraStatus>;
