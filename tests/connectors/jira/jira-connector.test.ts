import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActivityEvent } from '../../../models/activity-event.ts';
import { AuthError } from '../../../models/errors.ts';
import { CANARY } from '../../../simulator/canary.ts';
import type { JiraSite } from '../../../simulator/jira/jira-site.ts';
import { expectedJiraEvents, jiraEventKey, jiraPseudonyms } from './expected-jira-events.ts';
import { startJiraFixture, type JiraFixture } from './jira-fixture.ts';
import { paceAfterRefusal } from '../../../connectors/jira/jira-api.ts';

const dayMs = 86_400_000;
const keysOf = (events: ActivityEvent[]) => events.map(jiraEventKey).sort();
const perIssue = ['changelog', 'worklog', 'comment'] as const;
/** Each event's latest version: an issue read again maps its earlier records again. */
const latestOf = (events: ActivityEvent[]) => [...new Map(events.map((e) => [e.sourceEventId, e])).values()];

/** When an issue was last changed, as visible at `now`: from the generated records, not the wire. */
function updatedAt(site: JiraSite, now: number): Map<string, number> {
  return new Map(
    site.issues
      .filter((i) => i.created <= now)
      .map((i) => {
        const times = [i.created, ...i.histories.map((h) => h.at), ...i.worklogs.map((w) => w.created), ...i.comments.map((c) => c.created)];
        return [i.id, Math.max(...times.filter((t) => t <= now))] as const;
      }),
  );
}

/** Strings that must never leave the connector: content, names, emails, account ids. */
function forbiddenIn(f: JiraFixture): string[] {
  return [CANARY, '@', ...f.sim.site.users.flatMap((u) => [u.accountId, u.displayName]), f.sim.apiToken];
}

describe('Jira connector on the simulated site', () => {
  let f: JiraFixture;
  beforeAll(async () => {
    f = await startJiraFixture({ malformed: 6 });
  });
  afterAll(() => f.close());

  const expected = (from: Date, end: Date, now: Date, identityMap?: ReadonlyMap<string, string>) =>
    expectedJiraEvents(f.sim.site, f.org, f.pseudonymize, from, end, now, identityMap);

  it('checks access with one call to /myself and one to /mypermissions', async () => {
    const before = f.sim.requests();
    await expect(f.connector().checkAccess()).resolves.toEqual({ missing: [] });
    expect(f.sim.requests('myself')).toBeGreaterThanOrEqual(1);
    expect(f.sim.requests('mypermissions')).toBeGreaterThanOrEqual(1);
    expect(f.sim.requests()).toBe(before + 2);
  });

  it('reads the directory: apps, deactivated accounts and its own account excluded, hidden emails unresolved, unknown zones in UTC', async () => {
    const { site } = f.sim;
    const before = f.sim.requests('users');
    const dir = await f.connector({ usersPageSize: 7 }).readDirectory();
    expect(f.sim.requests('users') - before).toBe(Math.ceil(site.users.length / 7) + 1);
    expect(dir.people).toHaveLength(f.org.people.length);
    expect(dir.excluded).toBe(site.users.length - f.org.people.length);
    expect(dir.unresolved).toBe(site.hiddenEmailPersonIds.length);
    expect(site.hiddenEmailPersonIds.length).toBeGreaterThanOrEqual(Math.floor(f.org.people.length * 0.1));

    const pseudonyms = jiraPseudonyms(site, f.org, f.pseudonymize);
    expect(dir.people.map((p) => p.pseudonym).sort()).toEqual([...pseudonyms.values()].sort());
    const hidden = site.hiddenEmailPersonIds.map((id) => f.pseudonymize('source-user', `jira:${site.accountIdByPerson.get(id)}`)).sort();
    expect(dir.people.filter((p) => !p.identityResolved).map((p) => p.pseudonym).sort()).toEqual(hidden);
    expect(dir.identities.filter((i) => i.email === null).map((i) => i.pseudonym).sort()).toEqual(hidden);
    expect(dir.identities.every((i) => i.sourceIds.length === 1 && i.sourceIds[0]?.source === 'jira')).toBe(true);

    const zoneless = new Set(site.unknownZonePersonIds.map((id) => pseudonyms.get(site.accountIdByPerson.get(id) as string)));
    expect(zoneless.size).toBe(2);
    for (const person of dir.people) {
      expect(person.timeZoneKnown).toBe(!zoneless.has(person.pseudonym));
      if (!person.timeZoneKnown) expect(person.timeZone).toBe('UTC');
    }
    expect(dir.teams).toEqual([]);
    expect(dir.memberships).toEqual([]);
  });

  it('links hidden emails through the admin mapping, and only those mapped', async () => {
    const { site } = f.sim;
    const mapped = site.hiddenEmailPersonIds.slice(0, 3);
    const identityMap = new Map(mapped.map((id) => [site.accountIdByPerson.get(id) as string, ` ${f.org.people.find((p) => p.id === id)!.email.toUpperCase()}`]));
    const connector = f.connector({ identityMap });
    const dir = await connector.readDirectory();
    expect(dir.unresolved).toBe(site.hiddenEmailPersonIds.length - 3);
    const normalised = new Map([...identityMap].map(([a, e]) => [a, e.trim().toLowerCase()]));
    const mappedPseudonyms = mapped.map((id) => f.pseudonymize('person', f.org.people.find((p) => p.id === id)!.email));
    expect(dir.people.filter((p) => mappedPseudonyms.includes(p.pseudonym)).every((p) => p.identityResolved)).toBe(true);
    const batch = await f.readAll(connector, f.period);
    expect(keysOf(batch.events)).toEqual(expected(f.org.period.start, f.org.period.end, f.org.period.end, normalised));
  });

  it('reads every issue across many small search pages: status changes, assignments, worklogs and comments, nothing missing or doubled', async () => {
    const before = Object.fromEntries(['search', 'status', ...perIssue].map((e) => [e, f.sim.requests(e)]));
    const batch = await f.readAll(f.connector({ pageSize: 5 }), f.period);
    const want = expected(f.org.period.start, f.org.period.end, f.org.period.end);
    expect(keysOf(batch.events)).toEqual(want);
    expect(new Set(batch.events.map((e) => e.sourceEventId)).size).toBe(batch.events.length);
    for (const kind of ['issue_status', 'issue_assignment', 'worklog', 'issue_comment'] as const) expect(batch.events.filter((e) => e.kind === kind).length).toBeGreaterThan(10);
    for (const state of ['in_progress', 'done'] as const) expect(batch.events.some((e) => e.state === state)).toBe(true);
    expect(batch.events.some((e) => e.kind === 'issue_comment' && e.counterparts.length === 1)).toBe(true);
    // Automation for Jira closes issues: its status changes move them, under the one outsider pseudonym.
    const outsider = f.pseudonymize('source-user', 'jira:outside-directory');
    expect(batch.events.filter((e) => e.kind === 'issue_status' && e.actor === outsider && e.state === 'done').length).toBeGreaterThan(3);
    expect(batch.events.every((e) => ActivityEvent.safeParse(e).success && e.start <= e.end)).toBe(true);

    const made = Object.fromEntries(Object.entries(before).map(([e, n]) => [e, f.sim.requests(e) - n]));
    const issues = [...updatedAt(f.sim.site, f.org.period.end.getTime()).values()].length;
    const visible = updatedAt(f.sim.site, f.org.period.end.getTime());
    const issuesOf = (key: string) => f.sim.site.issues.filter((i) => i.projectKey === key && visible.has(i.id)).length;
    // A search per project stream, in pages of 5 (an empty project still asks once).
    expect(made.search).toBe(f.sim.site.projects.reduce((sum, p) => sum + Math.max(1, Math.ceil(issuesOf(p.key) / 5)), 0));
    for (const e of perIssue) expect(made[e]).toBe(issues);
    expect(batch.requests).toBe(Object.values(made).reduce((a, b) => a + b, 0));
  });

  it('quarantines malformed histories, worklogs and comments with paths and codes only, and maps the rest', async () => {
    const batch = await f.readAll(f.connector(), f.period);
    const { malformed } = f.sim.site;
    expect(malformed).toHaveLength(6);
    const kindPath = { history_bad_created: 'history', worklog_text_seconds: 'worklog', comment_without_author: 'comment' } as const;
    expect(batch.quarantined.map((q) => q.recordRef).sort()).toEqual(malformed.map((m) => `issue:${m.issueId}:${kindPath[m.kind]}:${m.recordId}`).sort());
    expect(batch.quarantined.every((q) => q.source === 'jira' && q.stream.startsWith('project:') && /^[\w.]+: \w+(; [\w.]+: \w+)*$/.test(q.problem))).toBe(true);
    expect(batch.events.length).toBeGreaterThan(100);
  });

  it('reads incrementally: a second read fetches only the issues changed since the first, each whole', async () => {
    const { start, end } = f.org.period;
    const mid = new Date(start.getTime() + 9 * dayMs + 3_600_000 * 5 + 123);
    try {
      f.sim.setNow(mid);
      const connector = f.connector({ pageSize: 4 });
      const first = await f.readAll(connector, { start: start.toISOString(), end: mid.toISOString() });
      expect(keysOf(first.events)).toEqual(expected(start, mid, mid));

      f.sim.setNow(end);
      const before = f.sim.requests('changelog');
      const second = await f.readAll(connector, { start: mid.toISOString(), end: end.toISOString() }, first.positions);
      // The second search starts at the minute the first one stopped (JQL dates are to the minute).
      const searchedFrom = Math.floor(mid.getTime() / 60_000) * 60_000;
      const changed = f.sim.site.issues.filter((i) => (updatedAt(f.sim.site, end.getTime()).get(i.id) ?? -Infinity) >= searchedFrom).length;
      expect(f.sim.requests('changelog') - before).toBe(changed);
      expect(changed).toBeLessThan(f.sim.site.issues.length);
      const newKeys = new Set(keysOf(second.events));
      expect(expected(mid, end, end).filter((k) => !newKeys.has(k))).toEqual([]);
      expect(keysOf(latestOf([...first.events, ...second.events]))).toEqual(expected(start, end, end));

      // Reading the same position twice returns the same events.
      const again = await f.readAll(connector, { start: mid.toISOString(), end: end.toISOString() }, first.positions);
      expect(keysOf(again.events)).toEqual(keysOf(second.events));
    } finally {
      f.sim.setNow(end);
    }
  });

  it('loses nothing when a read ends on an instant shared by several records', async () => {
    const { start, end } = f.org.period;
    const tied = f.sim.site.issues
      .flatMap((i) => i.comments.filter((c) => c.created < end.getTime() && i.histories.some((h) => h.at === c.created)).map((c) => c.created))
      .sort((a, b) => a - b);
    expect(tied.length).toBeGreaterThan(0);
    const at = tied[Math.floor(tied.length / 2)] as number;
    try {
      f.sim.setNow(new Date(at));
      const connector = f.connector({ pageSize: 3 });
      const cut = new Date(at + 1);
      const first = await f.readAll(connector, { start: start.toISOString(), end: cut.toISOString() });
      f.sim.setNow(end);
      const second = await f.readAll(connector, { start: cut.toISOString(), end: end.toISOString() }, first.positions);
      expect(keysOf(latestOf([...first.events, ...second.events]))).toEqual(expected(start, end, end));
    } finally {
      f.sim.setNow(end);
    }
  });

  it('reads day by day with the server clock ahead of each window: the union is the whole period', async () => {
    const { start, end } = f.org.period;
    const seen = new Map<string, ActivityEvent>();
    let positions = new Map<string, string | null>();
    try {
      for (let day = start.getTime(); day < end.getTime(); day += dayMs) {
        const window = { start: new Date(day).toISOString(), end: new Date(day + dayMs).toISOString() };
        f.sim.setNow(new Date(day + dayMs + 2 * 3_600_000));
        const batch = await f.readAll(f.connector({ pageSize: 6 }), window, positions);
        for (const event of batch.events) seen.set(event.sourceEventId, event);
        positions = batch.positions;
      }
      expect(keysOf([...seen.values()])).toEqual(expected(start, end, end));
    } finally {
      f.sim.setNow(end);
    }
  });

  it('lets no content, name, email, account id or token out: events, people, identities aside, positions, quarantine, errors', async () => {
    const connector = f.connector();
    const dir = await connector.readDirectory();
    const batch = await f.readAll(connector, f.period);
    const failure = await f.readAll(f.connector({ apiToken: 'wrong-token' }), f.period).catch((e: unknown) => e);
    const text = JSON.stringify({ events: batch.events, quarantined: batch.quarantined, positions: [...batch.positions.values()], people: dir.people, teams: dir.teams, memberships: dir.memberships, error: String(failure), message: (failure as Error).message });
    for (const word of forbiddenIn(f)) expect(text.includes(word), word).toBe(false);
    // The wire does carry them: the check above could fail.
    const wire = await fetch(`${f.sim.host}/rest/api/3/search/jql?jql=${encodeURIComponent('created >= "2000-01-01" ORDER BY created ASC')}&fields=*all&maxResults=20`, {
      headers: { authorization: `Basic ${Buffer.from(`${f.sim.email}:${f.sim.apiToken}`).toString('base64')}` },
    }).then((r) => r.text());
    for (const word of [CANARY, '@', f.sim.site.issues[0]!.reporterId]) expect(wire).toContain(word);
  });

  it('refuses wrong credentials with an AuthError naming JIRA_API_TOKEN and JIRA_EMAIL, without echoing them', async () => {
    const connector = f.connector({ apiToken: 'ATATT-wrong' });
    const failure = await connector.checkAccess().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AuthError);
    expect((failure as AuthError).setting).toBe('JIRA_API_TOKEN');
    expect((failure as Error).message).toMatch(/JIRA_API_TOKEN/);
    expect((failure as Error).message).toMatch(/JIRA_EMAIL/);
    expect((failure as Error).message).not.toContain('ATATT-wrong');
    expect((failure as Error).message).not.toContain(f.sim.email);
    await expect(connector.readDirectory()).rejects.toBeInstanceOf(AuthError);
  });
});

describe('Jira connector under rate limits and revoked tokens', () => {
  it('rides out a 429 storm, honouring Retry-After, and returns the same events', async () => {
    const f = await startJiraFixture({ seed: 11, people: 30 });
    try {
      const calm = await f.readAll(f.connector(), f.period);
      expect(f.sim.rateLimited()).toBe(0);
      f.sim.injectRateLimitStorm(3, 'changelog');
      f.sim.injectRateLimitStorm(1, 'search');
      const started = Date.now();
      const stormy = await f.readAll(f.connector(), f.period);
      expect(f.sim.rateLimited()).toBe(4);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
      expect(keysOf(stormy.events)).toEqual(keysOf(calm.events));
      expect(stormy.events.length).toBeGreaterThan(100);
    } finally {
      await f.close();
    }
  });

  it('paces requests within its per-endpoint budget instead of bursting into 429s', async () => {
    const rateScale = 4; // simulator: 2400 a minute per endpoint; connector: 1200 a minute, 20 a second
    const f = await startJiraFixture({ seed: 12, people: 24, weeks: 1, rateScale });
    try {
      const started = Date.now();
      const batch = await f.readAll(f.connector({ concurrency: 8 }), f.period);
      const elapsed = (Date.now() - started) / 1000;
      const changelogs = f.sim.requests('changelog');
      expect(changelogs).toBeGreaterThan(20);
      expect(elapsed).toBeGreaterThanOrEqual((changelogs - 3) / 20 - 0.1);
      expect(f.sim.rateLimited()).toBe(0);
      expect(batch.events.length).toBeGreaterThan(0);
    } finally {
      await f.close();
    }
  });

  it("learns each endpoint's limit from its first burst-based 429: none after that, where a connector that knows nothing meets them again", async () => {
    // The simulator: 1,200 a minute per endpoint and method (20 a second, a bucket of 40).
    const f = await startJiraFixture({ seed: 12, people: 40, weeks: 1, rateScale: 2 });
    const unpaced = { requestsPerMinute: undefined, concurrency: 8 };
    try {
      const learner = f.connector(unpaced);
      const first = await f.readAll(learner, f.period);
      const learning = f.sim.rateLimited();
      // Unpaced until then, at most the requests in flight (8) meet each of the three per-issue endpoints' empty bucket.
      expect(learning).toBeGreaterThan(0);
      expect(learning).toBeLessThanOrEqual(24);
      const again = await f.readAll(learner, f.period);
      expect(f.sim.rateLimited()).toBe(learning);
      expect(keysOf(again.events)).toEqual(keysOf(first.events));
      expect(f.sim.requests('changelog')).toBeGreaterThan(2 * 40);
      // The same read by a connector that has learnt nothing runs into the limit again.
      await f.readAll(f.connector(unpaced), f.period);
      expect(f.sim.rateLimited()).toBeGreaterThan(learning);
    } finally {
      await f.close();
    }
  });

  it('slows an endpoint down until its 429s stop when the site names four times its real limit', async () => {
    // The simulator: 20 a second per endpoint and method (a bucket of 40), its 429s naming 80.
    const f = await startJiraFixture({ seed: 12, people: 40, weeks: 1, rateScale: 2, simulator: { namedLimit: 80 } });
    const unpaced = { requestsPerMinute: undefined, concurrency: 8 };
    try {
      const learner = f.connector(unpaced);
      await f.readAll(learner, f.period);
      await f.readAll(learner, f.period);
      const settled = f.sim.rateLimited();
      expect(settled).toBeGreaterThan(0);
      // Paced at 76, then 38, then 19 a second: by the third read no request is refused.
      await f.readAll(learner, f.period);
      expect(f.sim.rateLimited()).toBe(settled);
      expect(f.sim.requests('changelog')).toBeGreaterThan(3 * 40);
    } finally {
      await f.close();
    }
  });

  it('stops with an AuthError naming JIRA_API_TOKEN when the token is revoked mid-run', async () => {
    const f = await startJiraFixture({ seed: 13, people: 24, weeks: 1 });
    try {
      const connector = f.connector();
      await connector.readDirectory();
      const [stream = ''] = await connector.listStreams();
      f.sim.revoke();
      const failure = await connector.fetchStream(stream, null, f.period).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(AuthError);
      expect((failure as Error).message).toMatch(/JIRA_API_TOKEN/);
    } finally {
      await f.close();
    }
  });
});

describe('Jira pace after a refusal', () => {
  it('takes 95 % of the named limit first, halves when refused at that pace, and never falls below a quarter of it', () => {
    // 20 requests a second named: 1,140 a minute is 95 % of it.
    const first = paceAfterRefusal(undefined, 20);
    expect(first).toBeCloseTo(1140);
    expect(paceAfterRefusal(first, 20)).toBeCloseTo(570);
    // Refused again and again (other traffic on the site): the pace stops at a quarter of the named limit.
    let pace = first;
    for (let refusal = 0; refusal < 40; refusal++) pace = paceAfterRefusal(pace, 20);
    expect(pace).toBeCloseTo(285);
    // A lower limit named later is taken at once.
    expect(paceAfterRefusal(pace, 2)).toBeCloseTo(114);
  });
});
