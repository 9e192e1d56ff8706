import { createHash } from 'node:crypto';
import { parseJql, type JqlIssueView } from './jira-jql.ts';
import type { JiraSite } from './jira-site.ts';
import type { JiraSimIssue } from './jira-sim-issue.ts';
import { JIRA_STATUSES } from './jira-statuses.ts';
import { createJiraWire, type VisibleIssue } from './jira-wire.ts';

/** A REST call as received: method, path, query and (POST) JSON body. */
export interface JiraRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: Record<string, unknown>;
}

/** A response: HTTP status and JSON body. */
export interface JiraResponse {
  status: number;
  body: unknown;
}

/** A served endpoint: its name (for counters and rate limits) and its handler at the server's clock. */
export interface JiraRoute {
  name: string;
  handle(request: JiraRequest, now: number): JiraResponse;
}

/** Jira's error body. */
export function jiraError(status: number, message: string): JiraResponse {
  return { status, body: { errorMessages: [message], errors: {} } };
}

const ISSUE_GONE = 'Issue does not exist or you do not have permission to see it.';

function intParam(value: unknown, fallback: number, max: number): number {
  const n = typeof value === 'number' ? value : Number.parseInt(String(value ?? ''), 10);
  return Number.isFinite(n) && n >= 0 ? Math.min(n, max) : fallback;
}

/** Fields asked for: GET gives a comma list (maybe repeated), POST an array. Empty means ids only. */
function requestedFields(request: JiraRequest): ReadonlySet<string> | 'all' | 'id' {
  const raw = request.method === 'POST' ? request.body.fields : request.query.getAll('fields').join(',');
  const list = (Array.isArray(raw) ? raw.map(String) : String(raw ?? '').split(',')).map((f) => f.trim()).filter((f) => f !== '' && !f.startsWith('-'));
  if (list.includes('*all') || list.includes('*navigable')) return 'all';
  const named = list.filter((f) => f !== 'id' && f !== 'key');
  return named.length === 0 ? 'id' : new Set(named);
}

/** One page of a startAt/maxResults list, at most `max` long. */
function window<T>(items: readonly T[], request: JiraRequest, fallback: number, max: number): { page: T[]; startAt: number; maxResults: number } {
  const startAt = intParam(request.query.get('startAt'), 0, Number.MAX_SAFE_INTEGER);
  const maxResults = Math.max(1, Math.min(max, intParam(request.query.get('maxResults'), fallback, max)));
  return { page: items.slice(startAt, startAt + maxResults), startAt, maxResults };
}

/**
 * The REST v3 endpoints the simulator serves over a site: enhanced JQL search with
 * `nextPageToken`/`isLast` (the old `/search` answers 410), per-issue changelog, worklogs and
 * comments with startAt paging, one issue (`/issue/{idOrKey}`, 404 once deleted), `/users/search` (a bare array), `/project/search` (startAt pages
 * with `isLast`), `/myself`, `/mypermissions` and `/status`. A permission in `withheld` (`USER_PICKER`: Browse users and
 * groups; `BROWSE_PROJECTS`) is one the API user lacks: `/mypermissions` says so, `/users/search` answers 403 without the
 * first, `/project/search` lists no project without the second. Issues
 * and records after the server's clock are invisible. Every page holds at most `pageCap` items
 * (default: Jira's own caps), whatever maxResults asks. Returns null for any other path.
 */
export function createJiraRoutes(
  site: JiraSite,
  origin: string,
  pageCap: number = Number.MAX_SAFE_INTEGER,
  withheld: ReadonlySet<string> = new Set(),
): (method: string, path: string) => JiraRoute | null {
  const cap = (max: number) => Math.min(max, pageCap);
  const wire = createJiraWire(site, origin);
  const zone = site.apiUser.timeZone;
  const byIdOrKey = new Map(site.issues.flatMap((i) => [[i.id, i] as const, [i.key, i] as const]));
  const byProject = new Map<string, JiraSimIssue[]>();
  for (const issue of site.issues) {
    const list = byProject.get(issue.projectKey);
    if (list) list.push(issue);
    else byProject.set(issue.projectKey, [issue]);
  }
  const api = `${origin}/rest/api/3`;

  const issueAt = (idOrKey: string, now: number): VisibleIssue | null => {
    const issue = byIdOrKey.get(idOrKey);
    return issue ? wire.visible(issue, now) : null;
  };

  const search: JiraRoute['handle'] = (request, now) => {
    const args = request.method === 'POST' ? request.body : Object.fromEntries(request.query);
    const jql = typeof args.jql === 'string' ? args.jql : '';
    const query = parseJql(jql, zone);
    if ('error' in query) return jiraError(400, query.error);
    const fields = requestedFields(request);
    const maxResults = Math.max(1, Math.min(cap(fields === 'id' ? 5000 : 100), intParam(args.maxResults, 50, fields === 'id' ? 5000 : 100)));
    const digest = createHash('sha256').update(jql).digest('base64url').slice(0, 12);
    const candidates = query.projects === null ? site.issues : [...query.projects].flatMap((key) => byProject.get(key) ?? []);
    const views = candidates
      .map((i) => wire.visible(i, now))
      .filter((v): v is VisibleIssue => v !== null)
      .map((v) => ({ v, key: { id: Number(v.issue.id), projectKey: v.issue.projectKey, created: v.issue.created, updated: v.updated } satisfies JqlIssueView }))
      .filter(({ key }) => query.matches(key))
      .sort((a, b) => query.compare(a.key, b.key));

    let from = 0;
    if (typeof args.nextPageToken === 'string' && args.nextPageToken !== '') {
      const after = decodeToken(args.nextPageToken, digest);
      if (after === null) return jiraError(400, 'The provided next page token is invalid or expired.');
      from = views.findIndex(({ key }) => query.compare(key, after) > 0);
      if (from < 0) from = views.length;
    }
    const page = views.slice(from, from + maxResults);
    const last = page[page.length - 1];
    const isLast = from + page.length >= views.length;
    return {
      status: 200,
      body: {
        issues: page.map(({ v }) => wire.issue(v, fields)),
        ...(isLast || !last ? {} : { nextPageToken: encodeToken(last.key, digest) }),
        isLast,
      },
    };
  };

  const perIssue = (name: string, render: (view: VisibleIssue, request: JiraRequest) => unknown): JiraRoute => ({
    name,
    handle(request, now) {
      const idOrKey = decodeURIComponent(request.path.split('/')[5] ?? '');
      const view = issueAt(idOrKey, now);
      return view ? { status: 200, body: render(view, request) } : jiraError(404, ISSUE_GONE);
    },
  });

  const oneIssue = perIssue('issue', (view, request) => wire.issue(view, requestedFields(request)));
  const changelog = perIssue('changelog', (view, request) => {
    const { page, startAt, maxResults } = window(view.histories, request, 100, cap(100));
    return {
      self: `${api}/issue/${view.issue.key}/changelog?maxResults=${maxResults}&startAt=${startAt}`,
      nextPage: startAt + page.length < view.histories.length ? `${api}/issue/${view.issue.key}/changelog?maxResults=${maxResults}&startAt=${startAt + maxResults}` : undefined,
      maxResults,
      startAt,
      total: view.histories.length,
      isLast: startAt + page.length >= view.histories.length,
      values: page.map((h) => wire.history(h)),
    };
  });
  const worklog = perIssue('worklog', (view, request) => {
    const { page, startAt, maxResults } = window(view.worklogs, request, 5000, cap(5000));
    return { startAt, maxResults, total: view.worklogs.length, worklogs: page.map((w) => wire.worklog(view.issue.id, w)) };
  });
  const comment = perIssue('comment', (view, request) => {
    const ordered = request.query.get('orderBy') === '-created' ? [...view.comments].reverse() : view.comments;
    const { page, startAt, maxResults } = window(ordered, request, 100, cap(100));
    return { startAt, maxResults, total: view.comments.length, comments: page.map((c) => wire.comment(view.issue.id, c)) };
  });

  const routes: Record<string, JiraRoute> = {
    'GET /rest/api/3/search/jql': { name: 'search', handle: search },
    'POST /rest/api/3/search/jql': { name: 'search', handle: search },
    'GET /rest/api/3/users/search': {
      name: 'users',
      handle: (request) =>
        withheld.has('USER_PICKER')
          ? jiraError(403, 'You do not have the permission to see the specified users.')
          : { status: 200, body: window(site.users, request, 50, cap(1000)).page.map((u) => wire.user(u.accountId)) },
    },
    'GET /rest/api/3/project/search': {
      name: 'projects',
      handle: (request) => {
        const browsable = withheld.has('BROWSE_PROJECTS') ? [] : site.projects;
        const { page, startAt, maxResults } = window(browsable, request, 50, cap(50));
        const values = page.map((p) => ({ self: `${api}/project/${p.id}`, id: p.id, key: p.key, name: p.name, projectTypeKey: 'software', simplified: false, style: 'classic', isPrivate: false }));
        return { status: 200, body: { self: `${api}/project/search?maxResults=${maxResults}&startAt=${startAt}`, maxResults, startAt, total: browsable.length, isLast: startAt + page.length >= browsable.length, values } };
      },
    },
    'GET /rest/api/3/myself': { name: 'myself', handle: () => ({ status: 200, body: wire.user(site.apiUser.accountId) }) },
    'GET /rest/api/3/mypermissions': {
      name: 'mypermissions',
      handle: (request) => {
        const keys = (request.query.get('permissions') ?? '').split(',').filter(Boolean);
        if (keys.length === 0) return jiraError(400, 'The permissions query parameter is required.');
        const permissions = Object.fromEntries(keys.map((key) => [key, { key, name: key, type: key === 'USER_PICKER' ? 'GLOBAL' : 'PROJECT', havePermission: !withheld.has(key) }]));
        return { status: 200, body: { permissions } };
      },
    },
    'GET /rest/api/3/status': { name: 'status', handle: () => ({ status: 200, body: Object.values(JIRA_STATUSES).map((s) => wire.status(s)) }) },
  };
  const removed: JiraRoute = {
    name: 'search-removed',
    handle: () => jiraError(410, 'The requested API has been removed. Please migrate to the /rest/api/3/search/jql API.'),
  };

  return (method, path) => {
    const exact = routes[`${method} ${path}`];
    if (exact) return exact;
    if (path === '/rest/api/3/search') return removed;
    const issuePath = /^\/rest\/api\/3\/issue\/[^/]+(?:\/(changelog|worklog|comment))?$/.exec(path);
    if (method === 'GET' && issuePath) return issuePath[1] === undefined ? oneIssue : issuePath[1] === 'changelog' ? changelog : issuePath[1] === 'worklog' ? worklog : comment;
    return null;
  };
}

function encodeToken(after: JqlIssueView, digest: string): string {
  return Buffer.from(JSON.stringify({ d: digest, a: after })).toString('base64url');
}

function decodeToken(token: string, digest: string): JqlIssueView | null {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { d?: unknown; a?: JqlIssueView };
    return parsed.d === digest && parsed.a && typeof parsed.a.id === 'number' ? parsed.a : null;
  } catch {
    return null;
  }
}
