import { z } from 'zod';
import { RecordGoneError } from '../http/record-gone-error.ts';
import type { JiraApi } from './jira-api.ts';
import { jqlDateAtOrBefore } from './jql-date.ts';
import { searchJiraIssues } from './search-jira-issues.ts';

/** Which of the issues a project's stream has read are still its own, and which are gone from the site. */
export interface JiraIssuesGone {
  /** Issues deleted since they were read. */
  deleted: string[];
  /** Issues moved to another project: that project's stream reads them now. */
  moved: string[];
  requests: number;
}

/** Where to look: the project, the instant its records are read from, the API user's zone (null: unknown). */
export interface JiraIssuesGoneScope {
  project: string;
  from: number;
  zone: string | null;
}

const IssueId = z.object({ id: z.string().regex(/^\d+$/) });
const IssueProject = z.object({ fields: z.object({ project: z.object({ key: z.string() }) }) });
const minuteMs = 60_000;
/** Ids a search page holds when no field is asked for (Jira's cap). */
const idsPerPage = 5000;

/**
 * Finds which of the `known` issues the project no longer has: a search for the ids of the issues
 * updated since `from` (all the known ones were, and `updated` never goes back), then, for each
 * known issue missing from it, `GET /issue/{id}` to tell a deleted issue (404) from one moved to
 * another project. Jira reports no deleted issue otherwise.
 */
export async function findDeletedJiraIssues(api: JiraApi, scope: JiraIssuesGoneScope, known: readonly string[]): Promise<JiraIssuesGone> {
  const gone: JiraIssuesGone = { deleted: [], moved: [], requests: 0 };
  if (known.length === 0) return gone;
  const jql = `project = "${scope.project}" AND updated >= "${jqlDateAtOrBefore(scope.from - minuteMs, scope.zone)}"`;
  const found = await searchJiraIssues(api, { jql, fields: ['id'], pageSize: idsPerPage }, () => void gone.requests++);
  const listed = new Set(found.flatMap((raw) => IssueId.safeParse(raw).data?.id ?? []));
  for (const issueIdOrKey of known.filter((id) => !listed.has(id))) {
    try {
      const issue = await api.call('issue', (c) => c.issues.getIssue<unknown>({ issueIdOrKey, fields: ['project'] }), IssueProject);
      if (issue.fields.project.key !== scope.project) gone.moved.push(issueIdOrKey);
    } catch (error) {
      if (!(error instanceof RecordGoneError)) throw error;
      gone.deleted.push(issueIdOrKey);
    } finally {
      gone.requests++;
    }
  }
  return gone;
}
