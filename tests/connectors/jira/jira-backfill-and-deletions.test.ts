import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityEvent } from '../../../models/activity-event.ts';
import { openPrivateStore } from '../../../store/open-private-store.ts';
import type { PrivateStore } from '../../../store/private-store.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { loadStreamBatches } from '../load-stream-batches.ts';
import { expectedJiraEvents } from './expected-jira-events.ts';
import { startJiraFixture, type JiraFixture } from './jira-fixture.ts';

const dayMs = 86_400_000;
const perIssue = ['changelog', 'worklog', 'comment'] as const;
const idsOf = (keys: string[]) => keys.map((k) => k.split('|')[1] as string).sort();

describe('Jira: a 42-day backfill in 7-day steps', () => {
  it('reads each issue once: every step searches only the issues updated within it', async () => {
    const f = await startJiraFixture({ seed: 23, people: 30, weeks: 6 });
    try {
      const connector = f.connector({ pageSize: 20 });
      const { start, end } = f.org.period;
      expect(end.getTime() - start.getTime()).toBe(42 * dayMs);
      const before = Object.fromEntries(perIssue.map((e) => [e, f.sim.requests(e)]));
      const seen = new Map<string, ActivityEvent>();
      let positions = new Map<string, string | null>();
      // As a first read's fetch goes: growing windows from the start, each step from the last one's position.
      for (let at = start.getTime() + 7 * dayMs; at <= end.getTime(); at += 7 * dayMs) {
        const step = await f.readAll(connector, { start: start.toISOString(), end: new Date(at).toISOString() }, positions);
        for (const event of step.events) seen.set(event.sourceEventId, event);
        positions = step.positions;
      }
      const issues = f.sim.site.issues.filter((i) => i.created < end.getTime()).length;
      expect(issues).toBeGreaterThan(100);
      for (const e of perIssue) expect(f.sim.requests(e) - before[e]!).toBe(issues);
      expect([...seen.keys()].sort()).toEqual(idsOf(expectedJiraEvents(f.sim.site, f.org, f.pseudonymize, start, end, end)));
    } finally {
      await f.close();
    }
  });
});

describe('Jira: issues, comments and worklogs deleted since the last read', () => {
  let f: JiraFixture;
  let store: PrivateStore;
  let dataDir: string;
  beforeAll(async () => {
    f = await startJiraFixture({ seed: 29, people: 40, weeks: 2, simulator: { deletions: 8 } });
    dataDir = tempDir('jira-deletions');
    store = await openPrivateStore(dataDir);
  });
  afterAll(async () => {
    await store?.close();
    await f?.close();
  });

  it('removes what the site deleted after the first read: deleted issues, worklogs, and comments of issues changed since', async () => {
    const { start, end } = f.org.period;
    const mid = new Date(start.getTime() + 8 * dayMs);
    const { deleted, issues } = f.sim.site;
    const afterMid = <T extends { at: number }>(list: T[]) => list.filter((d) => d.at > mid.getTime());
    const storedIds = async () => (await store.select({ sql: "SELECT source_event_id AS id FROM events WHERE source = 'jira' ORDER BY 1" })).map((r) => String(r.id));
    const connector = f.connector();
    try {
      f.sim.setNow(mid);
      const first = await f.readAll(connector, { start: start.toISOString(), end: mid.toISOString() });
      await loadStreamBatches(store, dataDir, 'jira', first.batches);
      const atMid = await storedIds();
      expect(atMid).toEqual(idsOf(expectedJiraEvents(f.sim.site, f.org, f.pseudonymize, start, mid, mid)));

      f.sim.setNow(end);
      const second = await f.readAll(connector, f.period, first.positions);
      await loadStreamBatches(store, dataDir, 'jira', second.batches);

      // A deleted comment leaves no trace in Jira: it is seen when its issue changes again and is read whole.
      const lastChange = (issueId: string) => {
        const issue = issues.find((i) => i.id === issueId)!;
        return Math.max(issue.created, ...issue.histories.map((h) => h.at), ...issue.worklogs.map((w) => w.created), ...issue.comments.map((c) => c.created));
      };
      const unseen = afterMid(deleted.comments).filter((d) => lastChange(d.issueId) < mid.getTime());
      const commentId = (d: { issueId: string; commentId: string }) => f.pseudonymize('event', `jira:issue:${d.issueId}:comment:${d.commentId}`);
      const want = [...idsOf(expectedJiraEvents(f.sim.site, f.org, f.pseudonymize, start, end, end)), ...unseen.map(commentId).filter((id) => atMid.includes(id))].sort();
      expect(await storedIds()).toEqual(want);

      // The deletions the test is about were there at the first read and are gone now.
      const conversationOf = (issueId: string) => f.pseudonymize('conversation', `jira:issue:${issueId}`);
      const goneIssues = afterMid(deleted.issues).filter((d) => issues.find((i) => i.id === d.issueId)!.created < mid.getTime());
      const goneWorklogs = afterMid(deleted.worklogs).map((d) => f.pseudonymize('event', `jira:issue:${d.issueId}:worklog:${d.worklogId}`)).filter((id) => atMid.includes(id));
      const goneComments = afterMid(deleted.comments).filter((d) => !unseen.includes(d)).map(commentId).filter((id) => atMid.includes(id));
      expect(goneIssues.length, 'an issue deleted after the first read').toBeGreaterThan(0);
      expect(goneWorklogs.length, 'a worklog deleted after the first read').toBeGreaterThan(0);
      expect(goneComments.length, 'a comment deleted after the first read').toBeGreaterThan(0);
      const conversations = new Set((await store.select({ sql: "SELECT DISTINCT conversation FROM events WHERE source = 'jira'" })).map((r) => String(r.conversation)));
      for (const d of goneIssues) expect(conversations.has(conversationOf(d.issueId))).toBe(false);
      expect(f.sim.requests('issue')).toBe(goneIssues.length);
    } finally {
      f.sim.setNow(end);
    }
  });
});
