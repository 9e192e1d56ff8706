import { z } from 'zod';
import { JiraAccountRef } from './jira-account-ref.ts';
import { JiraTime } from './jira-time.ts';

/** The fields the connector asks the search for. Summary and description are never asked for. */
export const jiraSearchFields = ['updated', 'assignee'] as const;

/** An issue of `/search/jql`, allow-listed to its id, when it was last updated and its current assignee. */
export const JiraSearchHit = z.object({
  id: z.string().regex(/^\d+$/),
  fields: z.object({
    updated: JiraTime,
    assignee: JiraAccountRef.nullish(),
  }),
});
/** An issue of a search page, allow-listed. */
export type JiraSearchHit = z.infer<typeof JiraSearchHit>;
