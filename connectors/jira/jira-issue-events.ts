import { ActivityEvent, type IssueState } from '../../models/activity-event.ts';
import type { Pseudonym, Pseudonymize } from '../../models/pseudonym.ts';
import type { JiraIssueRecords } from './read-jira-issues.ts';

/** What mapping an issues read needs to know. */
export interface JiraEventContext {
  /** Account id → pseudonym of the people in the directory. */
  pseudonyms: ReadonlyMap<string, Pseudonym>;
  pseudonymize: Pseudonymize;
  /** Status id → state, from the site's status categories. */
  states: ReadonlyMap<string, IssueState>;
  /** Records visible from here (UTC ms) are mapped. */
  from: number;
  /** The window's end: records visible from then on wait for the next read. */
  end: number;
}

/**
 * Maps the records of the issues read to events, by the Jira conventions of the brief:
 * `issue_status` per status change (actor = who changed it, state = the category after, counterpart =
 * the assignee then), `issue_assignment` per assignee change (counterpart = the new assignee; size
 * 1, or 0 when unassigned, so an assignment to oneself, which has no counterpart, stays one),
 * `worklog` (start = started, end = started + time spent) and `issue_comment` (counterpart = the
 * assignee then). Every record that became visible (history and comment `created`, worklog
 * `created`) in [from, end) is mapped, read before or not (loading it again changes nothing). Accounts outside the directory (apps such as
 * Automation for Jira, former staff) all share one outsider pseudonym: their status changes and
 * assignments still move the issue, their worklogs and comments yield no event. Nobody is their
 * own counterpart. No string of any record is read.
 */
export function jiraIssueEvents(issues: readonly JiraIssueRecords[], context: JiraEventContext): ActivityEvent[] {
  const { pseudonyms, pseudonymize, states, from, end } = context;
  const records: (() => ActivityEvent | null)[] = [];
  const inRange = (at: number) => at >= from && at < end;

  const outsider = pseudonymize('source-user', 'jira:outside-directory');
  /** The pseudonym of an account: its person's, else the one outsider pseudonym (apps, former staff). */
  const accountPseudonym = (accountId: string) => pseudonyms.get(accountId) ?? outsider;
  for (const issue of issues) {
    const conversation = jiraIssueConversation(pseudonymize, issue.id);
    const assigneeAt = assigneeTimeline(issue);
    const event = (kind: ActivityEvent['kind'], id: string, actorId: string | undefined, start: number, finish: number, counterpart: string | null, state: IssueState | null = null) => {
      const movesIssue = kind === 'issue_status' || kind === 'issue_assignment';
      const actor = actorId === undefined ? (movesIssue ? outsider : undefined) : movesIssue ? accountPseudonym(actorId) : pseudonyms.get(actorId);
      if (actor === undefined) return null;
      const other = counterpart === null ? undefined : accountPseudonym(counterpart);
      return ActivityEvent.parse({
        source: 'jira',
        kind,
        sourceEventId: pseudonymize('event', `jira:issue:${issue.id}:${id}`),
        actor,
        counterparts: other === undefined || other === actor ? [] : [other],
        start: new Date(start),
        end: new Date(finish),
        conversation,
        isThread: false,
        size: kind === 'issue_assignment' ? (counterpart === null ? 0 : 1) : null,
        state,
      });
    };

    for (const history of issue.histories) {
      if (!inRange(history.created)) continue;
      const author = history.author?.accountId;
      for (const item of history.items) {
        const field = item.fieldId ?? item.field;
        if (field === 'status') {
          const state = states.get(item.to ?? '') ?? null;
          records.push(() => event('issue_status', `history:${history.id}:status`, author, history.created, history.created, assigneeAt(history.created), state));
        } else if (field === 'assignee') {
          records.push(() => event('issue_assignment', `history:${history.id}:assignee`, author, history.created, history.created, item.to ?? null));
        }
      }
    }
    for (const worklog of issue.worklogs) {
      if (!inRange(worklog.created)) continue;
      const finish = worklog.started + worklog.timeSpentSeconds * 1000;
      records.push(() => event('worklog', `worklog:${worklog.id}`, worklog.author.accountId, worklog.started, finish, null));
    }
    for (const comment of issue.comments) {
      if (!inRange(comment.created)) continue;
      records.push(() => event('issue_comment', `comment:${comment.id}`, comment.author.accountId, comment.created, comment.created, assigneeAt(comment.created)));
    }
  }

  return records.flatMap((emit) => emit() ?? []).sort((a, b) => a.start.getTime() - b.start.getTime() || a.sourceEventId.localeCompare(b.sourceEventId));
}

/** The conversation of an issue's events: the issue. */
export function jiraIssueConversation(pseudonymize: Pseudonymize, issueId: string): Pseudonym {
  return pseudonymize('conversation', `jira:issue:${issueId}`);
}

/** The assignee (account id) of an issue at an instant, from its changelog; before the first change, that change's `from`. */
function assigneeTimeline(issue: JiraIssueRecords): (at: number) => string | null {
  const changes = issue.histories
    .flatMap((h) => h.items.filter((i) => (i.fieldId ?? i.field) === 'assignee').map((i) => ({ at: h.created, from: i.from ?? null, to: i.to ?? null })))
    .sort((a, b) => a.at - b.at);
  const initial = changes[0]?.from ?? (changes.length === 0 ? issue.assignee : null);
  return (at) => {
    let current = initial;
    for (const change of changes) {
      if (change.at > at) break;
      current = change.to;
    }
    return current;
  };
}
