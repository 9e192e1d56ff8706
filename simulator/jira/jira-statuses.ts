/** A Jira status category key. */
export type JiraStatusCategory = 'new' | 'indeterminate' | 'done';

/** A workflow status of the simulated site. */
export interface JiraSimStatus {
  id: string;
  name: string;
  category: JiraStatusCategory;
}

/**
 * The simulated site's workflow: To Do → In Progress → (In Review →) Done. Ids as a fresh Jira
 * Cloud site numbers them; two statuses share the `indeterminate` category, so a connector must
 * map by category, not by name.
 */
export const JIRA_STATUSES = {
  todo: { id: '10000', name: 'To Do', category: 'new' },
  inProgress: { id: '3', name: 'In Progress', category: 'indeterminate' },
  inReview: { id: '10001', name: 'In Review', category: 'indeterminate' },
  done: { id: '10002', name: 'Done', category: 'done' },
} as const satisfies Record<string, JiraSimStatus>;
