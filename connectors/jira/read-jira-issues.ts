import type { Version3Client } from 'jira.js';
import { z } from 'zod';
import type { QuarantineRecord } from '../../models/quarantine-record.ts';
import { RecordGoneError } from '../http/record-gone-error.ts';
import type { JiraApi } from './jira-api.ts';
import { jqlDateAtOrBefore } from './jql-date.ts';
import { searchJiraIssues } from './search-jira-issues.ts';
import { JiraComment } from './wire/jira-comment.ts';
import { JiraHistory } from './wire/jira-history.ts';
import { JiraSearchHit, jiraSearchFields } from './wire/jira-search-hit.ts';
import { JiraWorklog } from './wire/jira-worklog.ts';

/** One issue's records as read: its whole changelog (for the assignee at any time), worklogs and comments, each parsed. */
export interface JiraIssueRecords {
  id: string;
  /** The current assignee's account id, or null. */
  assignee: string | null;
  histories: JiraHistory[];
  worklogs: JiraWorklog[];
  comments: JiraComment[];
  /** Whether every record of the issue parsed (none quarantined). */
  complete: boolean;
}

/** What one read of the issues found, the records that failed their schema, and the requests made. */
export interface JiraIssuesRead {
  issues: JiraIssueRecords[];
  quarantined: QuarantineRecord[];
  requests: number;
}

/** Bounds and paging of an issues read. */
export interface JiraIssuesReadOptions {
  /** Issues updated from this instant (UTC ms) on are searched: where the last search stopped, or (first read) a minute before the records wanted. */
  searchFrom: number;
  /** Issues updated from this instant on are left for the next read: the window's end, or a little earlier while Jira may still be indexing. */
  searchTo: number;
  /** The API user's time zone (JQL dates are read in it), or null when unknown. */
  zone: string | null;
  /** The key of the project whose issues are read. */
  project: string;
  pageSize: number;
  stream: string;
}

const ChangelogPage = z.object({ values: z.array(z.unknown()), isLast: z.boolean().optional(), total: z.number().optional() });
const WorklogPage = z.object({ worklogs: z.array(z.unknown()), total: z.number() });
const CommentPage = z.object({ comments: z.array(z.unknown()), total: z.number() });
const RecordId = z.object({ id: z.string().regex(/^\d+$/) });

/**
 * Finds the project's issues updated in [searchFrom, searchTo) and reads all their records. The search is
 * `/search/jql` (POST, `nextPageToken` pages) with a JQL bounding `updated` on both sides (JQL dates are
 * to the minute and in the API user's zone: see jqlDateAtOrBefore), so that consecutive searches meet
 * exactly and each issue is read by one of them (the one holding its `updated`), asking for `updated`
 * and `assignee` only. Per issue, its changelog (startAt pages until `isLast`),
 * worklogs and comments are read in parallel (the API bounds what is in flight). An issue gone
 * meanwhile is skipped; any other failure fails the read, and the requests still queued for other
 * issues are not sent. Each record is parsed alone and one that fails is quarantined with field
 * paths and issue codes, and the read goes on.
 */
export async function readJiraIssues(api: JiraApi, options: JiraIssuesReadOptions): Promise<JiraIssuesRead> {
  const { searchFrom, searchTo, zone, project, pageSize, stream } = options;
  const quarantined: QuarantineRecord[] = [];
  let requests = 0;
  const quarantine = (what: string, raw: unknown, error: z.ZodError) => {
    const id = RecordId.safeParse(raw).data?.id;
    quarantined.push({ source: 'jira', stream, recordRef: id === undefined ? null : `${what}:${id}`, problem: problemOf(error) });
  };
  const parseEach = <T extends z.ZodType>(schema: T, what: string, raws: readonly unknown[]): z.infer<T>[] =>
    raws.flatMap((raw) => {
      const parsed = schema.safeParse(raw);
      if (!parsed.success) quarantine(what, raw, parsed.error);
      return parsed.success ? [parsed.data] : [];
    });

  const jql = `project = "${project}" AND updated >= "${jqlDateAtOrBefore(searchFrom, zone)}" AND updated < "${jqlDateAtOrBefore(searchTo, zone)}" ORDER BY updated ASC`;
  const found = await searchJiraIssues(api, { jql, fields: jiraSearchFields, pageSize }, () => void requests++);
  const hits = new Map(parseEach(JiraSearchHit, 'issue', found).map((hit) => [hit.id, hit]));

  // Aborted with the first failure of an issue: the read fails with it, so nothing queued is worth sending.
  const failed = new AbortController();
  const readAll = async <P extends z.ZodType>(
    endpoint: 'changelog' | 'worklog' | 'comment',
    send: (client: Version3Client, startAt: number) => Promise<unknown>,
    schema: P,
    items: (page: z.infer<P>) => unknown[],
    done: (page: z.infer<P>, startAt: number, count: number) => boolean,
  ): Promise<unknown[]> => {
    const all: unknown[] = [];
    for (let startAt = 0; ; ) {
      const page = await api.call(endpoint, (c) => send(c, startAt), schema, failed.signal);
      requests++;
      const list = items(page);
      all.push(...list);
      if (list.length === 0 || done(page, startAt, list.length)) return all;
      startAt += list.length;
    }
  };

  const issues = await Promise.all(
    [...hits.values()].map(async (hit): Promise<JiraIssueRecords | null> => {
      const issueIdOrKey = hit.id;
      try {
        const [histories, worklogs, comments] = await Promise.all([
          readAll('changelog', (c, startAt) => c.issues.getChangeLogs<unknown>({ issueIdOrKey, startAt, maxResults: 100 }), ChangelogPage, (p) => p.values, (p, startAt, n) =>
            // Without isLast or total, a short page proves nothing (a site may cap pages): read on until an empty one.
            p.isLast ?? (p.total !== undefined && startAt + n >= p.total),
          ),
          readAll('worklog', (c, startAt) => c.issueWorklogs.getIssueWorklog<unknown>({ issueIdOrKey, startAt, maxResults: 5000 }), WorklogPage, (p) => p.worklogs, (p, startAt, n) => startAt + n >= p.total),
          readAll('comment', (c, startAt) => c.issueComments.getComments<unknown>({ issueIdOrKey, startAt, maxResults: 100, orderBy: 'created' }), CommentPage, (p) => p.comments, (p, startAt, n) => startAt + n >= p.total),
        ]);
        const parsed = {
          histories: parseEach(JiraHistory, `issue:${hit.id}:history`, histories),
          worklogs: parseEach(JiraWorklog, `issue:${hit.id}:worklog`, worklogs),
          comments: parseEach(JiraComment, `issue:${hit.id}:comment`, comments),
        };
        const complete = parsed.histories.length === histories.length && parsed.worklogs.length === worklogs.length && parsed.comments.length === comments.length;
        return { id: hit.id, assignee: hit.fields.assignee?.accountId ?? null, ...parsed, complete };
      } catch (error) {
        if (error instanceof RecordGoneError) return null;
        failed.abort(error);
        throw error;
      }
    }),
  );

  const byRef = (a: QuarantineRecord, b: QuarantineRecord) => (a.recordRef ?? '').localeCompare(b.recordRef ?? '') || a.problem.localeCompare(b.problem);
  return { issues: issues.filter((i): i is JiraIssueRecords => i !== null), quarantined: quarantined.sort(byRef), requests };
}

/** What was wrong with a record: field paths and issue codes, never values. */
function problemOf(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(record)'}: ${issue.code}`).join('; ');
}
