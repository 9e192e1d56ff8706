import type { JiraSimComment, JiraSimHistory, JiraSimIssue, JiraSimWorklog } from './jira-sim-issue.ts';
import type { JiraSimUser } from './jira-sim-user.ts';
import { JIRA_STATUSES, type JiraSimStatus } from './jira-statuses.ts';
import type { JiraSite } from './jira-site.ts';
import { jiraTime } from './jira-time.ts';

type Json = Record<string, unknown>;

/** An issue as it stands at the server's clock: the records visible then and the fields they imply. */
export interface VisibleIssue {
  issue: JiraSimIssue;
  histories: JiraSimHistory[];
  worklogs: JiraSimWorklog[];
  comments: JiraSimComment[];
  statusId: string;
  assigneeId: string | null;
  summary: string;
  description: string;
  updated: number;
}

/** Renders the site's records in Jira Cloud REST v3's wire format. */
export interface JiraWire {
  /** The issue as visible at `now` (UTC ms), or null when it was created later or deleted by then. */
  visible(issue: JiraSimIssue, now: number): VisibleIssue | null;
  issue(view: VisibleIssue, fields: ReadonlySet<string> | 'all' | 'id'): Json;
  history(history: JiraSimHistory): Json;
  worklog(issueId: string, worklog: JiraSimWorklog): Json;
  comment(issueId: string, comment: JiraSimComment): Json;
  user(accountId: string): Json | null;
  status(status: JiraSimStatus): Json;
}

const CATEGORIES = {
  new: { id: 2, key: 'new', colorName: 'blue-gray', name: 'To Do' },
  indeterminate: { id: 4, key: 'indeterminate', colorName: 'yellow', name: 'In Progress' },
  done: { id: 3, key: 'done', colorName: 'green', name: 'Done' },
} as const;

/** Atlassian Document Format for a one-paragraph text. */
function adf(text: string): Json {
  return { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] };
}

/** Jira's short duration form, e.g. `2h 30m`. */
function timeSpent(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return [h ? `${h}h` : '', m ? `${m}m` : ''].filter(Boolean).join(' ') || '0m';
}

/**
 * The wire renderer of a site served at `origin`. Times are written in the API user's zone, as
 * Jira writes them for the requesting user. Records broken on purpose are rendered broken.
 */
export function createJiraWire(site: JiraSite, origin: string): JiraWire {
  const zone = site.apiUser.timeZone;
  const time = (ms: number) => jiraTime.format(ms, zone);
  const users = new Map<string, JiraSimUser>(site.users.map((u) => [u.accountId, u]));
  const statuses = new Map<string, JiraSimStatus>(Object.values(JIRA_STATUSES).map((s) => [s.id, s]));
  const projects = new Map(site.projects.map((p) => [p.key, p]));
  const api = `${origin}/rest/api/3`;

  const user = (accountId: string): Json | null => {
    const u = users.get(accountId);
    if (!u) return null;
    return {
      self: `${api}/user?accountId=${encodeURIComponent(u.accountId)}`,
      accountId: u.accountId,
      accountType: u.accountType,
      ...(u.emailAddress === null ? {} : { emailAddress: u.emailAddress }),
      avatarUrls: { '48x48': `https://avatar.example/${u.accountId.slice(-6)}/48` },
      displayName: u.displayName,
      active: u.active,
      ...(u.timeZone === null ? {} : { timeZone: u.timeZone }),
      locale: 'en_GB',
    };
  };
  const status = (s: JiraSimStatus): Json => ({
    self: `${api}/status/${s.id}`,
    description: '',
    iconUrl: `${origin}/images/icons/statuses/generic.png`,
    name: s.name,
    untranslatedName: s.name,
    id: s.id,
    statusCategory: { self: `${api}/statuscategory/${CATEGORIES[s.category].id}`, ...CATEGORIES[s.category] },
  });
  const statusName = (id: string) => statuses.get(id)?.name ?? id;
  const displayName = (id: string | null) => (id === null ? null : (users.get(id)?.displayName ?? null));

  return {
    visible(issue, now) {
      const present = (created: number, deletedAt = Number.POSITIVE_INFINITY) => created <= now && deletedAt > now;
      if (!present(issue.created, issue.deletedAt)) return null;
      const histories = issue.histories.filter((h) => h.at <= now);
      const worklogs = issue.worklogs.filter((w) => present(w.created, w.deletedAt));
      const comments = issue.comments.filter((c) => present(c.created, c.deletedAt));
      let { assigneeId, statusId, summary, description } = issue.initial;
      for (const change of histories.flatMap((h) => h.items)) {
        if (change.field === 'status') statusId = change.to;
        else if (change.field === 'assignee') assigneeId = change.to;
        else if (change.field === 'summary') summary = change.to;
        else if (change.field === 'description') description = change.to;
      }
      // A deleted record's creation moved `updated` for good (Jira never moves it back).
      const created = (records: readonly { created: number }[]) => records.map((r) => r.created).filter((at) => at <= now);
      const updated = Math.max(issue.created, ...histories.map((h) => h.at), ...created(issue.worklogs), ...created(issue.comments));
      return { issue, histories, worklogs, comments, statusId, assigneeId, summary, description, updated };
    },

    issue(view, fields) {
      const { issue } = view;
      if (fields === 'id') return { id: issue.id };
      const project = projects.get(issue.projectKey);
      const all: Json = {
        summary: view.summary,
        description: adf(view.description),
        status: status(statuses.get(view.statusId) ?? JIRA_STATUSES.todo),
        assignee: view.assigneeId === null ? null : user(view.assigneeId),
        reporter: user(issue.reporterId),
        created: time(issue.created),
        updated: time(view.updated),
        project: project ? { self: `${api}/project/${project.id}`, id: project.id, key: project.key, name: project.name, projectTypeKey: 'software' } : null,
        issuetype: { self: `${api}/issuetype/10001`, id: '10001', name: 'Task', subtask: false },
      };
      const chosen = fields === 'all' ? all : Object.fromEntries(Object.entries(all).filter(([k]) => fields.has(k)));
      return { expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations', id: issue.id, self: `${api}/issue/${issue.id}`, key: issue.key, fields: chosen };
    },

    history(h) {
      const items = h.items.map((c) => {
        if (c.field === 'status') return { field: 'status', fieldtype: 'jira', fieldId: 'status', from: c.from, fromString: statusName(c.from), to: c.to, toString: statusName(c.to) };
        if (c.field === 'assignee') {
          return { field: 'assignee', fieldtype: 'jira', fieldId: 'assignee', from: c.from, fromString: displayName(c.from), to: c.to, toString: displayName(c.to), tmpFromAccountId: c.from, tmpToAccountId: c.to };
        }
        if (c.field === 'timespent') return { field: 'timespent', fieldtype: 'jira', fieldId: 'timespent', from: c.from, fromString: c.from, to: c.to, toString: c.to };
        return { field: c.field, fieldtype: 'jira', fieldId: c.field, from: null, fromString: c.from, to: null, toString: c.to };
      });
      return { id: h.id, author: user(h.authorId), created: h.broken === 'history_bad_created' ? 'yesterday at 5pm' : time(h.at), items };
    },

    worklog(issueId, w) {
      const author = user(w.authorId);
      return {
        self: `${api}/issue/${issueId}/worklog/${w.id}`,
        author,
        updateAuthor: author,
        ...(w.comment === null ? {} : { comment: adf(w.comment) }),
        created: time(w.created),
        updated: time(w.created),
        started: time(w.started),
        timeSpent: timeSpent(w.seconds),
        timeSpentSeconds: w.broken === 'worklog_text_seconds' ? String(w.seconds) : w.seconds,
        id: w.id,
        issueId,
      };
    },

    comment(issueId, c) {
      const author = user(c.authorId);
      return {
        self: `${api}/issue/${issueId}/comment/${c.id}`,
        id: c.id,
        ...(c.broken === 'comment_without_author' ? {} : { author }),
        body: adf(c.body),
        updateAuthor: author,
        created: time(c.created),
        updated: time(c.created),
        jsdPublic: true,
      };
    },

    user,
    status,
  };
}
