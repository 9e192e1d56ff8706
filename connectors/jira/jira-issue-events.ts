import { ActivityEvent, type IssueState } from '../../models/activity-event.ts';
import type { Pseudonym, Pseudonymize } from '../../models/pseudonym.ts';
import type { JiraPosition } from './jira-position.ts';
import type { JiraIssueRecords } from './read-jira-issues.ts';

/** What mapping an issues read needs to know. */
export interface JiraEventContext {
  /** Account id → pseudonym of the people in the directory. */
  pseudonyms: ReadonlyMap<string, Pseudonym>;
  pseudonymize: Pseudonymize;
  /** Status id → state, from the site's status categories. */
  states: ReadonlyMap<string, IssueState>;
  /** Records visible from here (UTC ms) are new, except those at exactly `from` in `skip`. */
  from: number;
  skip: ReadonlySet<string>;
  /** The window's end: records visible from then on wait for the next read. */
  end: number;
}

/** The events of the new records and the position after them. */
export interface JiraEventsRead {
  events: ActivityEvent[];
  position: JiraPosition;
}

interface NewRecord {
  key: string;
  visibleAt: number;
  emit: () => ActivityEvent | null;
}

/**
 * Maps the new records of the issues read to events, by the Jira conventions of the brief:
 * `issue_status` per status change (actor = who changed it, state = the category after, counterpart =
 * the assignee then), `issue_assignment` per assignee change (counterpart = the new assignee; size
 * 1, or 0 when unassigned, so an assignment to oneself, which has no counterpart, stays one),
 * `worklog` (start = started, end = started + time spent) and `issue_comment` (counterpart = the
 * assignee then). A record is new when it became visible (history and comment `created`, worklog
 * `created`) in [from, end) and is not in `skip`. Accounts outside the directory (apps such as
 * Automation for Jira, former staff) all share one outsider pseudonym: their status changes and
 * assignments still move the issue, their worklogs and comments yield no event. Nobody is their
 * own counterpart. No string of any record is read.
 */
export function jiraIssueEvents(issues: readonly JiraIssueRecords[], context: JiraEventContext): JiraEventsRead {
  const { pseudonyms, pseudonymize, states, from, skip, end } = context;
  const records: NewRecord[] = [];
  const isNew = (key: string, at: number) => at >= from && at < end && !(at === from && skip.has(key));

  const outsider = pseudonymize('source-user', 'jira:outside-directory');
  /** The pseudonym of an account: its person's, else the one outsider pseudonym (apps, former staff). */
  const accountPseudonym = (accountId: string) => pseudonyms.get(accountId) ?? outsider;
  for (const issue of issues) {
    const conversation = pseudonymize('conversation', `jira:issue:${issue.id}`);
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
      if (!isNew(`h:${history.id}`, history.created)) continue;
      const author = history.author?.accountId;
      for (const item of history.items) {
        const field = item.fieldId ?? item.field;
        if (field === 'status') {
          const state = states.get(item.to ?? '') ?? null;
          records.push({ key: `h:${history.id}`, visibleAt: history.created, emit: () => event('issue_status', `history:${history.id}:status`, author, history.created, history.created, assigneeAt(history.created), state) });
        } else if (field === 'assignee') {
          records.push({ key: `h:${history.id}`, visibleAt: history.created, emit: () => event('issue_assignment', `history:${history.id}:assignee`, author, history.created, history.created, item.to ?? null) });
        }
      }
      records.push({ key: `h:${history.id}`, visibleAt: history.created, emit: () => null });
    }
    for (const worklog of issue.worklogs) {
      if (!isNew(`w:${worklog.id}`, worklog.created)) continue;
      const finish = worklog.started + worklog.timeSpentSeconds * 1000;
      records.push({ key: `w:${worklog.id}`, visibleAt: worklog.created, emit: () => event('worklog', `worklog:${worklog.id}`, worklog.author.accountId, worklog.started, finish, null) });
    }
    for (const comment of issue.comments) {
      if (!isNew(`c:${comment.id}`, comment.created)) continue;
      records.push({ key: `c:${comment.id}`, visibleAt: comment.created, emit: () => event('issue_comment', `comment:${comment.id}`, comment.author.accountId, comment.created, comment.created, assigneeAt(comment.created)) });
    }
  }

  const events = records
    .flatMap((r) => r.emit() ?? [])
    .sort((a, b) => a.start.getTime() - b.start.getTime() || a.sourceEventId.localeCompare(b.sourceEventId));
  return { events, position: nextPosition(records, from, skip) };
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

/** The newest instant of the new records, with the keys seen at it; unchanged when nothing was new. */
function nextPosition(records: readonly NewRecord[], from: number, skip: ReadonlySet<string>): JiraPosition {
  const newest = records.reduce((max, r) => Math.max(max, r.visibleAt), Number.NEGATIVE_INFINITY);
  if (newest === Number.NEGATIVE_INFINITY) return { from: new Date(from).toISOString(), skip: [...skip].sort() };
  const keys = new Set(records.filter((r) => r.visibleAt === newest).map((r) => r.key));
  if (newest === from) for (const key of skip) keys.add(key);
  return { from: new Date(newest).toISOString(), skip: [...keys].sort() };
}
