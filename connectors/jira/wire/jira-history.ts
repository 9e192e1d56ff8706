import { z } from 'zod';
import { JiraAccountRef } from './jira-account-ref.ts';
import { JiraTime } from './jira-time.ts';

/**
 * A changelog history, allow-listed: who, when, and per item the field and the raw `from`/`to`
 * values (status ids, account ids). `fromString`/`toString` are not in the schema: for summary and
 * description they are content, for assignees they are names.
 */
export const JiraHistory = z.object({
  id: z.string().min(1),
  author: JiraAccountRef.nullish(),
  created: JiraTime,
  items: z.array(
    z.object({
      field: z.string(),
      fieldId: z.string().optional(),
      from: z.string().nullish(),
      to: z.string().nullish(),
    }),
  ),
});
/** A changelog history, allow-listed. */
export type JiraHistory = z.infer<typeof JiraHistory>;
