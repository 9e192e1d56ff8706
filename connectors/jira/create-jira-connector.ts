import { z } from 'zod';
import type { ActivityKind, IssueState } from '../../models/activity-event.ts';
import { knownTimeZone } from '../../models/known-time-zone.ts';
import type { Pseudonymize } from '../../models/pseudonym.ts';
import type { StreamBatch } from '../../models/stream-batch.ts';
import { directoryMaxAgeMs, memoizeAsync } from '../http/memoize-async.ts';
import { createRetryPolicy, type RetryPolicyOptions } from '../http/retry-policy.ts';
import type { SourceConnector } from '../source-connector.ts';
import { createJiraApi } from './jira-api.ts';
import { findDeletedJiraIssues } from './find-deleted-jira-issues.ts';
import { jiraIssueConversation, jiraIssueEvents } from './jira-issue-events.ts';
import { listJiraProjects } from './list-jira-projects.ts';
import { parseJiraPosition } from './jira-position.ts';
import { readJiraIssues } from './read-jira-issues.ts';
import { readJiraUsers } from './read-jira-users.ts';
import { JiraStatus } from './wire/jira-status.ts';
import { JiraUser } from './wire/jira-user.ts';

/** Settings of the Jira connector. */
export interface JiraConnectorOptions {
  /** The site's origin, e.g. https://your-site.atlassian.net (JIRA_HOST); a loopback simulator in tests. */
  host: string;
  /** The email of the account the API token belongs to (JIRA_EMAIL). */
  email: string;
  /** An API token of that account (JIRA_API_TOKEN). */
  apiToken: string;
  pseudonymize: Pseudonymize;
  /** Admin mapping for accounts whose email Jira hides (JIRA_IDENTITY_MAP, see parseJiraIdentityMap); default none. */
  identityMap?: ReadonlyMap<string, string>;
  /** Requests per minute per endpoint until the site names its limit in a 429; default none (see JiraApiOptions). */
  requestsPerMinute?: number;
  /** Requests in flight at once, per connector instance; default 4. */
  concurrency?: number;
  /** Issues per search page; default 100 (Jira's cap when fields are asked for). */
  pageSize?: number;
  /** Accounts per `/users/search` page; default 1000. */
  usersPageSize?: number;
  /** Projects per `/project/search` page; default 50 (Jira's cap). */
  projectsPageSize?: number;
  /** The retry policy's numbers for transient failures (one budget per connector instance); default createRetryPolicy()'s. */
  retry?: RetryPolicyOptions;
  /** Per-request timeout; default 30 s. */
  timeoutMs?: number;
  /** Clock, for leaving what Jira may still be indexing to the next read; default Date.now. */
  now?: () => number;
}

/** A stream of the Jira source: one project's issues, `project:<KEY>`. */
const ProjectStream = /^project:([A-Z][A-Z0-9_]{0,254})$/;
const Myself = JiraUser.pick({ accountId: true, timeZone: true });
const Statuses = z.array(JiraStatus);
/** The permissions the connector reads with, by Jira's keys and the names an admin grants them under. */
const readPermissions: Record<string, string> = { USER_PICKER: 'Browse users and groups (global)', BROWSE_PROJECTS: 'Browse projects' };
/** `/mypermissions`' answer: whether the account has each permission asked about. */
const MyPermissions = z.object({ permissions: z.record(z.string(), z.object({ havePermission: z.boolean() })) });
const states: Record<string, IssueState> = { new: 'todo', indeterminate: 'in_progress', done: 'done' };
const issueKinds: ActivityKind[] = ['issue_status', 'issue_assignment', 'worklog', 'issue_comment'];
const minuteMs = 60_000;
/** How long Jira may take to index an update: a search reaching to the present leaves that last minute to the next read. */
const indexingLagMs = minuteMs;
const byNumber = (a: string, b: string) => Number(a) - Number(b);

/**
 * The Jira Cloud source through jira.js: directory from `/users/search` (no teams: see the
 * report on why projects are not teams), a stream per project the account can browse
 * (`project:<KEY>`, a cursor each, so one project's failure leaves the others' reads stored)
 * whose events are status changes, assignments, worklogs and comments, metadata only and
 * pseudonymized here. Each read searches the issues updated since the last search up to the window's
 * end and reads each found issue whole (records since the stream's first read), so the issue counts as
 * read in full: its comments and worklogs deleted since are removed; issues read earlier that the
 * project no longer has are checked one by one and, when deleted, removed with all their events. The account of the API token (from `/myself`) is read once per instance; the
 * user list afresh by every sync (readDirectory), and by `fetchStream` when none younger than
 * directoryMaxAgeMs is at hand (it may run in another, long-lived worker).
 */
export function createJiraConnector(options: JiraConnectorOptions): SourceConnector {
  const { pseudonymize, identityMap = new Map(), pageSize = 100, usersPageSize = 1000, projectsPageSize = 50, now = Date.now } = options;
  const api = createJiraApi({ ...options, retry: createRetryPolicy(options.retry) });
  const myself = memoizeAsync(() => api.call('myself', (c) => c.myself.getCurrentUser<unknown>(), Myself));
  const users = memoizeAsync(async () => readJiraUsers(api, { pseudonymize, identityMap, selfAccountId: (await myself()).accountId, pageSize: usersPageSize }), {
    maxAgeMs: directoryMaxAgeMs,
  });

  return {
    source: 'jira',

    requestsMade: () => api.requestsMade(),

    async checkAccess() {
      await myself();
      const { permissions } = await api.call('mypermissions', (c) => c.permissions.getMyPermissions<unknown>({ permissions: Object.keys(readPermissions).join(',') }), MyPermissions);
      return { missing: Object.entries(readPermissions).flatMap(([key, name]) => (permissions[key]?.havePermission === false ? [name] : [])) };
    },

    async readDirectory() {
      const { people, identities, unresolved, excluded } = await users.refresh();
      return { people, teams: [], memberships: [], segments: [], identities, unresolved, excluded };
    },

    async listStreams() {
      return (await listJiraProjects(api, projectsPageSize)).map((key) => `project:${key}`);
    },

    async fetchStream(stream, position, window): Promise<StreamBatch> {
      const project = ProjectStream.exec(stream)?.[1];
      if (project === undefined) return { events: [], quarantined: [], deleted: [], position, skipped: 'access_denied', requests: 0 };
      const saved = parseJiraPosition(position);
      const origin = saved === null ? Date.parse(window.start) : Date.parse(saved.origin);
      const end = Date.parse(window.end);
      const searchFrom = saved === null ? origin - minuteMs : Date.parse(saved.searchedTo);
      const searchTo = Math.max(searchFrom, Math.min(end, now() - indexingLagMs));
      const [self, { pseudonyms }, statuses] = await Promise.all([myself(), users(), api.call('status', (c) => c.workflowStatuses.getStatuses<unknown>(), Statuses)]);
      const stateOf = new Map(statuses.flatMap((s) => (states[s.statusCategory.key] ? [[s.id, states[s.statusCategory.key] as IssueState] as const] : [])));
      const zone = knownTimeZone(self.timeZone);
      const read = await readJiraIssues(api, { searchFrom, searchTo, zone, project, pageSize, stream });
      const gone = await findDeletedJiraIssues(api, { project, from: origin, zone }, saved?.issues ?? []);
      const events = jiraIssueEvents(read.issues, { pseudonyms, pseudonymize, states: stateOf, from: origin, end });
      // An issue read whole (every record parsed) has no other event since the origin; a deleted one has none at all.
      const whole = [...read.issues.filter((i) => i.complete).map((i) => i.id), ...gone.deleted];
      const readInFull: StreamBatch['readInFull'] =
        whole.length === 0 ? null : { conversations: whole.map((id) => jiraIssueConversation(pseudonymize, id)), kinds: issueKinds, ranges: [{ from: new Date(origin).toISOString(), to: window.end }] };
      const left = new Set([...gone.deleted, ...gone.moved]);
      const issues = [...new Set([...(saved?.issues ?? []), ...read.issues.map((i) => i.id)])].filter((id) => !left.has(id)).sort(byNumber);
      const next = { origin: new Date(origin).toISOString(), searchedTo: new Date(searchTo).toISOString(), issues };
      return { events, quarantined: read.quarantined, deleted: [], readInFull, position: JSON.stringify(next), skipped: null, requests: read.requests + gone.requests + 1 };
    },
  };
}
