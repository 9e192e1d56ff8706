import { z } from 'zod';
import type { JiraApi } from './jira-api.ts';

const SearchPage = z.object({ issues: z.array(z.unknown()), nextPageToken: z.string().nullish(), isLast: z.boolean().optional() });

/** A bounded JQL search and what to ask of each issue: fields (none: ids only) and the page size. */
export interface JiraSearch {
  jql: string;
  fields: readonly string[];
  pageSize: number;
}

/**
 * Every issue a JQL search finds, raw, through `/search/jql` (POST, `nextPageToken` pages until
 * `isLast`); `countPage` is told of each request.
 */
export async function searchJiraIssues(api: JiraApi, search: JiraSearch, countPage: () => void): Promise<unknown[]> {
  const found: unknown[] = [];
  let nextPageToken: string | undefined;
  do {
    const token = nextPageToken;
    const page = await api.call(
      'search',
      (c) =>
        c.issueSearch.searchForIssuesUsingJqlEnhancedSearchPost<unknown>({
          jql: search.jql,
          fields: [...search.fields],
          maxResults: search.pageSize,
          ...(token === undefined ? {} : { nextPageToken: token }),
        }),
      SearchPage,
    );
    countPage();
    found.push(...page.issues);
    nextPageToken = page.isLast === true ? undefined : (page.nextPageToken ?? undefined);
  } while (nextPageToken !== undefined);
  return found;
}
