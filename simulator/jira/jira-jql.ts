import { jiraTime } from './jira-time.ts';

/** What a JQL clause can look at: an issue as visible now. */
export interface JqlIssueView {
  id: number;
  projectKey: string;
  created: number;
  updated: number;
}

/** A parsed query: which issues match and in what order. */
export interface JqlQuery {
  /** The only projects whose issues can match (from its project clauses), or null when any can. */
  projects: ReadonlySet<string> | null;
  matches(issue: JqlIssueView): boolean;
  compare(a: JqlIssueView, b: JqlIssueView): number;
}

const COMPARATORS: Record<string, (a: number, b: number) => boolean> = {
  '>=': (a, b) => a >= b,
  '>': (a, b) => a > b,
  '<=': (a, b) => a <= b,
  '<': (a, b) => a < b,
  '=': (a, b) => a === b,
};
const SORT_FIELDS = { updated: 'updated', created: 'created', key: 'id', id: 'id' } as const;

/**
 * Parses the subset of JQL the simulator serves: clauses joined by AND, each
 * `updated|created <op> "yyyy-MM-dd[ HH:mm]"` (read in the searching user's `timeZone`) or
 * `project = KEY` / `project in (A, B)`, then an optional `ORDER BY field [ASC|DESC], …` over
 * updated, created, key and id (ties broken by id). Unbounded queries are refused, as Jira
 * Cloud's enhanced search does. Returns Jira's error message for anything else.
 */
export function parseJql(jql: string, timeZone: string): JqlQuery | { error: string } {
  const [where = '', orderBy] = jql.split(/\s+ORDER\s+BY\s+/i);
  const trimmed = where.trim();
  if (/^ORDER\s+BY\s/i.test(trimmed) || trimmed === '') {
    return { error: 'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.' };
  }
  const tests: ((issue: JqlIssueView) => boolean)[] = [];
  const projectClauses: ReadonlySet<string>[] = [];
  for (const clause of trimmed.split(/\s+AND\s+/i)) {
    const date = /^(updated|created)\s*(>=|<=|>|<|=)\s*["']([^"']+)["']$/i.exec(clause.trim());
    if (date) {
      const bound = jiraTime.parseJql(date[3] as string, timeZone);
      if (bound === null) return { error: `Date value '${date[3]}' for field '${date[1]}' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd'.` };
      const field = (date[1] as string).toLowerCase() as 'updated' | 'created';
      const op = COMPARATORS[date[2] as string] as (a: number, b: number) => boolean;
      tests.push((issue) => op(issue[field], bound));
      continue;
    }
    const project = /^project\s*(?:=\s*"?([A-Z][A-Z0-9]*)"?|in\s*\(([^)]*)\))$/i.exec(clause.trim());
    if (project) {
      const keys = new Set((project[1] ?? project[2] ?? '').split(',').map((k) => k.trim().replace(/"/g, '').toUpperCase()));
      tests.push((issue) => keys.has(issue.projectKey));
      projectClauses.push(keys);
      continue;
    }
    return { error: `Error in the JQL Query: the clause '${clause.trim()}' is not supported.` };
  }

  const sorts: { field: 'updated' | 'created' | 'id'; sign: number }[] = [];
  for (const part of (orderBy ?? '').split(',').filter((p) => p.trim() !== '')) {
    const m = /^\s*(\w+)(?:\s+(ASC|DESC))?\s*$/i.exec(part);
    const field = m ? SORT_FIELDS[(m[1] as string).toLowerCase() as keyof typeof SORT_FIELDS] : undefined;
    if (!m || !field) return { error: `Not able to sort using field '${part.trim()}'.` };
    sorts.push({ field, sign: (m[2] ?? 'ASC').toUpperCase() === 'DESC' ? -1 : 1 });
  }
  if (sorts.length === 0) sorts.push({ field: 'id', sign: -1 });

  const [firstProjects, ...otherProjects] = projectClauses;
  return {
    projects: firstProjects ? new Set([...firstProjects].filter((k) => otherProjects.every((keys) => keys.has(k)))) : null,
    matches: (issue) => tests.every((t) => t(issue)),
    compare: (a, b) => {
      for (const { field, sign } of sorts) if (a[field] !== b[field]) return (a[field] - b[field]) * sign;
      return a.id - b.id;
    },
  };
}
