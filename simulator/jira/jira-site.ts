import { createInteractionPolicy } from '../organisation/interaction-policy.ts';
import type { Organisation } from '../organisation/organisation.ts';
import { Random } from '../random.ts';
import { deleteJiraRecords, type JiraDeletions } from './jira-deletions.ts';
import { buildJiraDirectory, type JiraDirectory } from './jira-directory.ts';
import { generateJiraIssues } from './jira-issue-generator.ts';
import { planJiraProjects, type JiraSimProject } from './jira-project.ts';
import type { JiraMalformedKind, JiraSimIssue } from './jira-sim-issue.ts';

/** A record broken on purpose: its issue, its own id and how. */
export interface JiraMalformedRef {
  issueId: string;
  recordId: string;
  kind: JiraMalformedKind;
}

/** Everything the simulated Jira site holds, plus the facts tests need to check a connector against it. */
export interface JiraSite extends JiraDirectory {
  projects: JiraSimProject[];
  /** Ascending by creation. */
  issues: JiraSimIssue[];
  malformed: JiraMalformedRef[];
  /** What was deleted on purpose (see deleteJiraRecords). */
  deleted: JiraDeletions;
}

/** Options of buildJiraSite. */
export interface JiraSiteOptions {
  /** How many records (histories, worklogs, comments in turn) to break on purpose (default 0). */
  malformed?: number;
  /** How many issues, comments and worklogs each to delete during the period (default 0). */
  deletions?: number;
}

const KINDS: readonly JiraMalformedKind[] = ['history_bad_created', 'worklog_text_seconds', 'comment_without_author'];

/**
 * Builds the Jira side of a simulated organisation: accounts, one project per leaf team, issues with
 * changelogs, worklogs and comments, and optionally a few malformed records (status-only histories,
 * worklogs and comments by people) and deletions. Deterministic for the organisation's seed.
 */
export function buildJiraSite(org: Organisation, options: JiraSiteOptions = {}): JiraSite {
  const random = new Random(org.seed).fork('jira');
  const directory = buildJiraDirectory(org, random);
  const projects = planJiraProjects(org);
  const issues = generateJiraIssues(org, random, { directory, projects, policy: createInteractionPolicy(org) });

  const people = new Set(directory.accountIdByPerson.values());
  const r = random.fork('malformed');
  const pick = <T extends { broken?: JiraMalformedKind }>(kind: JiraMalformedKind, records: { issue: JiraSimIssue; record: T; id: string }[]): JiraMalformedRef | null => {
    const free = records.filter((c) => c.record.broken === undefined);
    if (free.length === 0) return null;
    const chosen = r.pick(free);
    chosen.record.broken = kind;
    return { issueId: chosen.issue.id, recordId: chosen.id, kind };
  };
  const malformed: JiraMalformedRef[] = [];
  for (let i = 0; i < (options.malformed ?? 0); i++) {
    const kind = KINDS[i % KINDS.length] as JiraMalformedKind;
    const ref =
      kind === 'history_bad_created'
        ? pick(kind, issues.flatMap((issue) => issue.histories.filter((h) => people.has(h.authorId) && h.items.every((c) => c.field === 'status')).map((record) => ({ issue, record, id: record.id }))))
        : kind === 'worklog_text_seconds'
          ? pick(kind, issues.flatMap((issue) => issue.worklogs.filter((w) => people.has(w.authorId)).map((record) => ({ issue, record, id: record.id }))))
          : pick(kind, issues.flatMap((issue) => issue.comments.filter((c) => people.has(c.authorId)).map((record) => ({ issue, record, id: record.id }))));
    if (ref) malformed.push(ref);
  }
  const deleted = deleteJiraRecords(random.fork('deletions'), issues, people, org.period.end.getTime(), options.deletions ?? 0);
  return { ...directory, projects, issues, malformed, deleted };
}
