import { z } from 'zod';
import { JiraAccountRef } from './jira-account-ref.ts';
import { JiraTime } from './jira-time.ts';

/** A worklog, allow-listed: author, when the work started, how long, when it was logged. `comment` is content and not in it. */
export const JiraWorklog = z.object({
  id: z.string().min(1),
  author: JiraAccountRef,
  started: JiraTime,
  timeSpentSeconds: z.number().int().nonnegative(),
  created: JiraTime,
});
/** A worklog, allow-listed. */
export type JiraWorklog = z.infer<typeof JiraWorklog>;
