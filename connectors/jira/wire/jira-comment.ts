import { z } from 'zod';
import { JiraAccountRef } from './jira-account-ref.ts';
import { JiraTime } from './jira-time.ts';

/** A comment, allow-listed to its id, author and creation time. `body` is content and not in it. */
export const JiraComment = z.object({
  id: z.string().min(1),
  author: JiraAccountRef,
  created: JiraTime,
});
/** A comment, allow-listed. */
export type JiraComment = z.infer<typeof JiraComment>;
