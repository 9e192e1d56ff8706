import { z } from 'zod';

/** A user reference inside a record (author, assignee), allow-listed to the account id: no name, no email. */
export const JiraAccountRef = z.object({ accountId: z.string().min(1) });
/** A user reference, allow-listed to the account id. */
export type JiraAccountRef = z.infer<typeof JiraAccountRef>;
