import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANARY } from '../../simulator/canary.ts';
import { startJiraSimulator, type JiraSimulator } from '../../simulator/jira/jira-server.ts';
import { JIRA_STATUSES } from '../../simulator/jira/jira-statuses.ts';
import { generateOrganisation } from '../../simulator/organisation/generate-organisation.ts';

const END = new Date('2026-03-02T00:00:00Z');
const org = generateOrganisation({ seed: 8, people: 40, weeks: 2, end: END });
const jiraTimePattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{4}$/;

type Json = Record<string, unknown>;
type Issue = { id: string; key?: string; fields?: Json };
type SearchPage = { issues: Issue[]; nextPageToken?: string; isLast: boolean };

/** A request as jira.js sends it: Basic auth with email and API token, JSON in and out. */
async function call(sim: JiraSimulator, path: string, init: { method?: string; body?: unknown; auth?: string | null } = {}): Promise<{ status: number; body: unknown; headers: Headers }> {
  const auth = init.auth === undefined ? `Basic ${Buffer.from(`${sim.email}:${sim.apiToken}`).toString('base64')}` : init.auth;
  const res = await fetch(`${sim.host}${path}`, {
    method: init.method ?? 'GET',
    headers: { accept: 'application/json', 'content-type': 'application/json', ...(auth === null ? {} : { authorization: auth }) },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return { status: res.status, body: await res.json(), headers: res.headers };
}

/** Follows nextPageToken to the end (POST). */
async function searchAll(sim: JiraSimulator, jql: string, fields: string[], maxResults: number): Promise<SearchPage[]> {
  const pages: SearchPage[] = [];
  let nextPageToken: string | undefined;
  do {
    const { status, body } = await call(sim, '/rest/api/3/search/jql', { method: 'POST', body: { jql, fields, maxResults, nextPageToken } });
    expect(status).toBe(200);
    pages.push(body as SearchPage);
    nextPageToken = (body as SearchPage).nextPageToken;
  } while (nextPageToken && pages.length < 1000);
  return pages;
}

describe('Jira simulator: wire format', () => {
  let sim: JiraSimulator;
  beforeAll(async () => {
    sim = await startJiraSimulator({ organisation: org, now: END, rateScale: 1000, malformed: 3 });
  });
  afterAll(() => sim.close());

  it('answers /myself with Basic auth, and 401 with Jira error JSON without it or with a wrong token', async () => {
    const me = await call(sim, '/rest/api/3/myself');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ accountId: sim.site.apiUser.accountId, emailAddress: sim.email, accountType: 'atlassian', timeZone: sim.site.apiUser.timeZone });
    for (const auth of [null, `Basic ${Buffer.from(`${sim.email}:wrong`).toString('base64')}`]) {
      const refused = await call(sim, '/rest/api/3/myself', { auth });
      expect(refused.status).toBe(401);
      expect(refused.body).toEqual({ errorMessages: [expect.any(String)], errors: {} });
    }
  });

  it('answers the removed /rest/api/3/search with 410 and unbounded JQL with 400', async () => {
    expect((await call(sim, '/rest/api/3/search?jql=order+by+created')).status).toBe(410);
    const unbounded = await call(sim, '/rest/api/3/search/jql', { method: 'POST', body: { jql: 'ORDER BY updated ASC' } });
    expect(unbounded.status).toBe(400);
    expect((unbounded.body as { errorMessages: string[] }).errorMessages[0]).toMatch(/Unbounded/);
  });

  it('returns only ids unless fields are asked for, pages by nextPageToken until isLast, in updated order', async () => {
    const idsOnly = await call(sim, `/rest/api/3/search/jql?jql=${encodeURIComponent('created >= "2000-01-01"')}&maxResults=3`);
    expect((idsOnly.body as SearchPage).issues.every((i) => Object.keys(i).join() === 'id')).toBe(true);
    expect((idsOnly.body as SearchPage).isLast).toBe(false);

    const pages = await searchAll(sim, 'created >= "2000-01-01" ORDER BY updated ASC', ['updated', 'summary'], 7);
    const issues = pages.flatMap((p) => p.issues);
    expect(pages.length).toBe(Math.ceil(sim.site.issues.length / 7));
    expect(pages.slice(0, -1).every((p) => !p.isLast && typeof p.nextPageToken === 'string')).toBe(true);
    expect(pages.at(-1)).toMatchObject({ isLast: true });
    expect(pages.at(-1)?.nextPageToken).toBeUndefined();
    expect(issues.map((i) => i.id).sort()).toEqual(sim.site.issues.map((i) => i.id).sort());
    const updated = issues.map((i) => i.fields?.updated as string);
    expect(updated.every((u) => jiraTimePattern.test(u))).toBe(true);
    const ms = updated.map((u) => Date.parse(u.replace(/(\d{2})(\d{2})$/, '$1:$2')));
    expect(ms).toEqual([...ms].sort((a, b) => a - b));
    expect(issues.every((i) => String(i.fields?.summary).includes(CANARY) && i.fields?.description === undefined)).toBe(true);
  });

  it('reads JQL dates in the API user\'s time zone, to the minute', async () => {
    // 2026-02-20 10:00 in Berlin (UTC+1) is 09:00 UTC.
    const bound = Date.parse('2026-02-20T09:00:00Z');
    const pages = await searchAll(sim, 'updated >= "2026-02-20 10:00"', ['updated'], 100);
    const found = new Set(pages.flatMap((p) => p.issues.map((i) => i.id)));
    const lastChange = (i: (typeof sim.site.issues)[number]) => Math.max(i.created, ...i.histories.map((h) => h.at), ...i.worklogs.map((w) => w.created), ...i.comments.map((c) => c.created));
    expect(found).toEqual(new Set(sim.site.issues.filter((i) => lastChange(i) >= bound).map((i) => i.id)));
    expect(found.size).toBeGreaterThan(0);
    expect(found.size).toBeLessThan(sim.site.issues.length);
  });

  it('serves changelog, worklogs and comments with startAt paging; content and names ride along as Jira sends them', async () => {
    const issue = [...sim.site.issues].sort((a, b) => b.histories.length - a.histories.length)[0]!;
    const first = (await call(sim, `/rest/api/3/issue/${issue.key}/changelog?startAt=0&maxResults=2`)).body as Json;
    expect(first).toMatchObject({ startAt: 0, maxResults: 2, total: issue.histories.length, isLast: issue.histories.length <= 2 });
    const all = (await call(sim, `/rest/api/3/issue/${issue.id}/changelog`)).body as { values: { id: string; created: string; items: Json[] }[] };
    expect(all.values.map((h) => h.id)).toEqual(issue.histories.map((h) => h.id));
    const status = all.values.flatMap((h) => h.items).find((i) => i.field === 'status');
    expect(status).toMatchObject({ fieldtype: 'jira', from: expect.any(String), fromString: expect.any(String), to: expect.any(String) });
    const edits = sim.site.issues.flatMap((i) => i.histories.filter((h) => h.items.some((c) => c.field === 'summary')).map((h) => [i, h] as const));
    const [edited] = edits[0]!;
    const raw = JSON.stringify((await call(sim, `/rest/api/3/issue/${edited.id}/changelog`)).body);
    expect(raw).toContain(CANARY);

    const worked = sim.site.issues.find((i) => i.worklogs.length > 1)!;
    const worklogs = (await call(sim, `/rest/api/3/issue/${worked.key}/worklog?startAt=1&maxResults=1`)).body as { startAt: number; total: number; worklogs: Json[] };
    expect(worklogs).toMatchObject({ startAt: 1, total: worked.worklogs.length });
    expect(worklogs.worklogs[0]).toMatchObject({ id: worked.worklogs[1]!.id, started: expect.stringMatching(jiraTimePattern), author: { accountId: worked.worklogs[1]!.authorId } });
    const commented = sim.site.issues.find((i) => i.comments.length > 0)!;
    const comments = (await call(sim, `/rest/api/3/issue/${commented.id}/comment`)).body as { total: number; comments: { body: Json }[] };
    expect(comments.total).toBe(commented.comments.length);
    expect(JSON.stringify(comments.comments[0]!.body)).toContain(CANARY);
    expect((await call(sim, '/rest/api/3/issue/NOPE-1/comment')).status).toBe(404);
  });

  it('lists users as a bare array: hidden emails, apps and deactivated accounts as Jira has them', async () => {
    const pages: Json[][] = [];
    for (let startAt = 0; ; startAt += 10) {
      const page = (await call(sim, `/rest/api/3/users/search?startAt=${startAt}&maxResults=10`)).body as Json[];
      if (page.length === 0) break;
      pages.push(page);
    }
    const users = pages.flat();
    expect(users).toHaveLength(sim.site.users.length);
    expect(users.filter((u) => u.accountType === 'app')).toHaveLength(2);
    expect(users.filter((u) => u.active === false)).toHaveLength(2);
    const people = users.filter((u) => u.accountType === 'atlassian' && u.active === true && u.accountId !== sim.site.apiUser.accountId);
    expect(people.filter((u) => u.emailAddress === undefined)).toHaveLength(Math.round(org.people.length * 0.15));
    expect(people.filter((u) => u.timeZone === undefined)).toHaveLength(2);
  });

  it('serves the workflow statuses with their categories', async () => {
    const statuses = (await call(sim, '/rest/api/3/status')).body as { id: string; statusCategory: { key: string } }[];
    expect(new Map(statuses.map((s) => [s.id, s.statusCategory.key]))).toEqual(new Map(Object.values(JIRA_STATUSES).map((s) => [s.id, s.category])));
  });

  it('hides what lies after its clock: issues, records, and the updated time they make', async () => {
    const at = new Date(org.period.start.getTime() + 5 * 86_400_000);
    sim.setNow(at);
    try {
      const pages = await searchAll(sim, 'created >= "2000-01-01"', ['updated', 'created'], 100);
      const issues = pages.flatMap((p) => p.issues);
      expect(issues.map((i) => i.id).sort()).toEqual(sim.site.issues.filter((i) => i.created <= at.getTime()).map((i) => i.id).sort());
      const issue = sim.site.issues.find((i) => i.created < at.getTime() && i.histories.some((h) => h.at > at.getTime()) && i.histories.some((h) => h.at <= at.getTime()))!;
      const changelog = (await call(sim, `/rest/api/3/issue/${issue.id}/changelog`)).body as { total: number };
      expect(changelog.total).toBe(issue.histories.filter((h) => h.at <= at.getTime()).length);
      const updated = issues.find((i) => i.id === issue.id)?.fields?.updated as string;
      const visible = [issue.created, ...issue.histories.map((h) => h.at), ...issue.worklogs.map((w) => w.created), ...issue.comments.map((c) => c.created)].filter((t) => t <= at.getTime());
      expect(Date.parse(updated.replace(/(\d{2})(\d{2})$/, '$1:$2'))).toBe(Math.max(...visible));
    } finally {
      sim.setNow(END);
    }
  });
});

describe('Jira simulator: rate limits and revocation', () => {
  it('answers 429 with Retry-After, X-RateLimit-Reset and RateLimit-Reason once an endpoint\'s bucket is empty, and on injected storms', async () => {
    const sim = await startJiraSimulator({ organisation: org, now: END, requestsPerMinute: 60 });
    try {
      const statuses = await Promise.all(Array.from({ length: 6 }, () => call(sim, '/rest/api/3/status')));
      const limited = statuses.filter((r) => r.status === 429);
      expect(limited.length).toBeGreaterThan(0);
      expect(statuses.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(2);
      const { headers, body } = limited[0]!;
      expect(Number(headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(headers.get('x-ratelimit-reset')).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}Z$/);
      expect(headers.get('ratelimit-reason')).toBe('jira-burst-based');
      expect(body).toEqual({ errorMessages: [expect.any(String)], errors: {} });
      // Other endpoints have their own buckets.
      expect((await call(sim, '/rest/api/3/myself')).status).toBe(200);

      sim.injectRateLimitStorm(2, 'myself');
      expect((await call(sim, '/rest/api/3/myself')).status).toBe(429);
      expect((await call(sim, '/rest/api/3/myself')).status).toBe(429);
      expect((await call(sim, '/rest/api/3/myself')).status).toBe(200);
      expect(sim.rateLimited()).toBe(limited.length + 2);

      sim.revoke();
      expect((await call(sim, '/rest/api/3/myself')).status).toBe(401);
      expect(sim.requests('myself')).toBe(5);
    } finally {
      await sim.close();
    }
  });
});
