import type { ActivityEvent } from '../../../models/activity-event.ts';
import type { Pseudonymize } from '../../../models/pseudonym.ts';
import type { JiraSimIssue } from '../../../simulator/jira/jira-sim-issue.ts';
import type { JiraSite } from '../../../simulator/jira/jira-site.ts';
import { JIRA_STATUSES } from '../../../simulator/jira/jira-statuses.ts';
import type { Organisation } from '../../../simulator/organisation/organisation.ts';

/** An event as one comparable line. */
export function jiraEventKey(e: ActivityEvent): string {
  return [e.kind, e.sourceEventId, e.actor, e.counterparts.join(','), e.start.toISOString(), e.end.toISOString(), e.conversation, e.state, e.isThread, e.size].join('|');
}

/** The pseudonym of each person's account: by email, by the admin mapping when Jira hides it, else per account. */
export function jiraPseudonyms(site: JiraSite, org: Organisation, pseudonymize: Pseudonymize, identityMap: ReadonlyMap<string, string> = new Map()): Map<string, string> {
  const hidden = new Set(site.hiddenEmailPersonIds);
  return new Map(
    org.people.map((p) => {
      const accountId = site.accountIdByPerson.get(p.id) as string;
      const email = hidden.has(p.id) ? identityMap.get(accountId) : p.email;
      return [accountId, email === undefined ? pseudonymize('source-user', `jira:${accountId}`) : pseudonymize('person', email)] as const;
    }),
  );
}

const stateOf = new Map<string, string>(Object.values(JIRA_STATUSES).map((s) => [s.id, s.category === 'new' ? 'todo' : s.category === 'done' ? 'done' : 'in_progress']));

/** The assignee of a simulated issue at an instant, from its own records (not from the wire). */
function assigneeAt(issue: JiraSimIssue, at: number): string | null {
  let current = issue.initial.assigneeId;
  for (const h of issue.histories) {
    if (h.at > at) break;
    for (const c of h.items) if (c.field === 'assignee') current = c.to;
  }
  return current;
}

/**
 * The events a correct Jira connector yields for records that became visible in [from, end) with the
 * server's clock at `now`, computed straight from the simulator's generated issues: status changes and
 * assignments by anyone (apps and former staff as the one outsider, also as assignees), people's
 * worklogs and comments; malformed records, and issues and records deleted by `now`, left out.
 */
export function expectedJiraEvents(site: JiraSite, org: Organisation, pseudonymize: Pseudonymize, from: Date, end: Date, now: Date, identityMap?: ReadonlyMap<string, string>): string[] {
  const people = jiraPseudonyms(site, org, pseudonymize, identityMap);
  const outsider = pseudonymize('source-user', 'jira:outside-directory');
  const lo = from.getTime();
  const hi = Math.min(end.getTime(), now.getTime() + 1);
  const keys: string[] = [];
  const deleted = (at: number | undefined) => at !== undefined && at <= now.getTime();
  for (const issue of site.issues) {
    if (deleted(issue.deletedAt)) continue;
    const conversation = pseudonymize('conversation', `jira:issue:${issue.id}`);
    const key = (kind: string, id: string, actorId: string, counterpartId: string | null, start: number, finish: number, state: string | null) => {
      const movesIssue = kind === 'issue_status' || kind === 'issue_assignment';
      const actor = people.get(actorId) ?? (movesIssue ? outsider : undefined);
      if (!actor) return;
      const other = counterpartId === null ? undefined : (people.get(counterpartId) ?? outsider);
      const counterpart = other && other !== actor ? other : '';
      const size = kind === 'issue_assignment' ? (counterpartId === null ? 0 : 1) : null;
      keys.push([kind, pseudonymize('event', `jira:issue:${issue.id}:${id}`), actor, counterpart, new Date(start).toISOString(), new Date(finish).toISOString(), conversation, state, false, size].join('|'));
    };
    for (const h of issue.histories) {
      if (h.at < lo || h.at >= hi || h.broken) continue;
      for (const c of h.items) {
        if (c.field === 'status') key('issue_status', `history:${h.id}:status`, h.authorId, assigneeAt(issue, h.at), h.at, h.at, stateOf.get(c.to) ?? null);
        if (c.field === 'assignee') key('issue_assignment', `history:${h.id}:assignee`, h.authorId, c.to, h.at, h.at, null);
      }
    }
    for (const w of issue.worklogs) {
      if (w.created >= lo && w.created < hi && !w.broken && !deleted(w.deletedAt)) key('worklog', `worklog:${w.id}`, w.authorId, null, w.started, w.started + w.seconds * 1000, null);
    }
    for (const c of issue.comments) {
      if (c.created >= lo && c.created < hi && !c.broken && !deleted(c.deletedAt)) key('issue_comment', `comment:${c.id}`, c.authorId, assigneeAt(issue, c.created), c.created, c.created, null);
    }
  }
  return keys.sort();
}
