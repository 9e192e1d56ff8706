import { z } from 'zod';
import type { JiraApi } from './jira-api.ts';

const ProjectsPage = z.object({ values: z.array(z.unknown()), isLast: z.boolean().optional() });
/** A project key as Jira allows it: a letter, then letters, digits or underscores. */
const ProjectRef = z.object({ key: z.string().regex(/^[A-Z][A-Z0-9_]{0,254}$/) });

/**
 * The keys of every project the account can browse, from `/project/search` page by page: each
 * page starts after the projects returned so far, until one says `isLast` (or comes back empty).
 * A project whose key does not parse is left out.
 */
export async function listJiraProjects(api: JiraApi, pageSize: number): Promise<string[]> {
  const keys: string[] = [];
  for (let startAt = 0; ; ) {
    const from = startAt;
    const page = await api.call('projects', (c) => c.projects.searchProjects<unknown>({ startAt: from, maxResults: pageSize }), ProjectsPage);
    for (const raw of page.values) {
      const project = ProjectRef.safeParse(raw);
      if (project.success) keys.push(project.data.key);
    }
    startAt += page.values.length;
    if (page.values.length === 0 || page.isLast === true) return [...new Set(keys)].sort();
  }
}
