/** How a record was broken on purpose, for the quarantine tests. */
export type JiraMalformedKind = 'history_bad_created' | 'worklog_text_seconds' | 'comment_without_author';

/** One changed field of a changelog history. Status values are status ids; assignee values are account ids. */
export type JiraSimChange =
  | { field: 'status'; from: string; to: string }
  | { field: 'assignee'; from: string | null; to: string | null }
  | { field: 'summary' | 'description'; from: string; to: string }
  /** Time spent (seconds, as strings): Jira records a deleted worklog this way. */
  | { field: 'timespent'; from: string; to: string };

/** A changelog history: who changed what, when (UTC ms). */
export interface JiraSimHistory {
  id: string;
  at: number;
  authorId: string;
  items: JiraSimChange[];
  broken?: JiraMalformedKind;
}

/** A worklog: `started` (UTC ms) for `seconds`, logged at `created`. `comment` is content. */
export interface JiraSimWorklog {
  id: string;
  authorId: string;
  started: number;
  seconds: number;
  created: number;
  comment: string | null;
  broken?: JiraMalformedKind;
  /** When it was deleted (UTC ms), if it was. */
  deletedAt?: number;
}

/** A comment; `body` is content. */
export interface JiraSimComment {
  id: string;
  authorId: string;
  created: number;
  body: string;
  broken?: JiraMalformedKind;
  /** When it was deleted (UTC ms), if it was. */
  deletedAt?: number;
}

/**
 * An issue of the simulated site with its whole history. What it looks like at some instant
 * (status, assignee, summary, `updated`) follows from the records visible then.
 */
export interface JiraSimIssue {
  id: string;
  key: string;
  projectKey: string;
  created: number;
  reporterId: string;
  /** Assignee, status, summary and description at creation (no changelog entry records them). */
  initial: { assigneeId: string | null; statusId: string; summary: string; description: string };
  /** Ascending by `at`. */
  histories: JiraSimHistory[];
  /** Ascending by `created`. */
  worklogs: JiraSimWorklog[];
  /** Ascending by `created`. */
  comments: JiraSimComment[];
  /** When the issue was deleted (UTC ms), if it was: from then on it is gone, records and all. */
  deletedAt?: number;
}
