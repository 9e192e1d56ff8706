import type { Random } from '../random.ts';
import type { JiraSimIssue } from './jira-sim-issue.ts';

/** What was deleted on purpose: issues, and comments and worklogs of other issues, each with when. */
export interface JiraDeletions {
  issues: { issueId: string; at: number }[];
  comments: { issueId: string; commentId: string; at: number }[];
  worklogs: { issueId: string; worklogId: string; at: number }[];
}

/** A deletion instant after `created` and before `end`, to the second. */
function deletionTime(random: Random, created: number, end: number): number {
  return Math.floor((created + random.next() * (end - created)) / 1000) * 1000;
}

/**
 * Deletes `count` issues, `count` comments and `count` worklogs (by people, of issues not deleted) at
 * seeded instants before `end`, in place, as Jira Cloud does: a deleted issue is gone with its records;
 * a deleted comment leaves no trace; a deleted worklog leaves a changelog history changing the time
 * spent (by the worklog's author), which moves the issue's `updated`.
 */
export function deleteJiraRecords(random: Random, issues: readonly JiraSimIssue[], people: ReadonlySet<string>, end: number, count: number): JiraDeletions {
  const deletions: JiraDeletions = { issues: [], comments: [], worklogs: [] };
  if (count <= 0) return deletions;
  const candidates = issues.filter((i) => i.created < end);
  for (const issue of random.fork('issues').sample(candidates, count)) {
    issue.deletedAt = deletionTime(random, issue.created, end);
    deletions.issues.push({ issueId: issue.id, at: issue.deletedAt });
  }
  const kept = candidates.filter((i) => i.deletedAt === undefined);
  const comments = kept.flatMap((issue) => issue.comments.filter((c) => people.has(c.authorId) && c.created < end && !c.broken).map((comment) => ({ issue, comment })));
  for (const { issue, comment } of random.fork('comments').sample(comments, count)) {
    comment.deletedAt = deletionTime(random, comment.created, end);
    deletions.comments.push({ issueId: issue.id, commentId: comment.id, at: comment.deletedAt });
  }
  const worklogs = kept.flatMap((issue) => issue.worklogs.filter((w) => people.has(w.authorId) && w.created < end && !w.broken).map((worklog) => ({ issue, worklog })));
  let historyId = 190_000;
  for (const { issue, worklog } of random.fork('worklogs').sample(worklogs, count)) {
    const at = deletionTime(random, worklog.created, end);
    worklog.deletedAt = at;
    const spent = (before: number) => issue.worklogs.filter((w) => w.created <= before && (w.deletedAt ?? Infinity) > before).reduce((sum, w) => sum + w.seconds, 0);
    const items = [{ field: 'timespent' as const, from: String(spent(at - 1)), to: String(spent(at)) }];
    issue.histories.push({ id: String(historyId++), at, authorId: worklog.authorId, items });
    issue.histories.sort((a, b) => a.at - b.at || Number(a.id) - Number(b.id));
    deletions.worklogs.push({ issueId: issue.id, worklogId: worklog.id, at });
  }
  return deletions;
}
