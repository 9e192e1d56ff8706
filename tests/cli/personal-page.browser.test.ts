import { existsSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttuneServer } from '../../cli/attune-server.ts';
import { releaseInputQueries } from '../../transforms/release/release-input-queries.ts';
import { releasedMetrics } from '../../transforms/release/released-metrics.ts';
import { rowsOf } from '../helpers/rows-of.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { buildDemoStore, buildTimeoutMs, csrfIn, linkToken, serveStore, weekLater, type DemoStore } from './serve-fixture.ts';

// Issue 17's "done when", in Debian's Chromium: a person opens their own page through a valid link,
// sees their own charts drawn, changes a sharing choice with the real form, and the next release
// reflects it; tampered, expired and other links are refused alike; forged changes are refused.

const chromiumPath = '/usr/bin/chromium';
const hasChromium = existsSync(chromiumPath);
if (!hasChromium) console.warn(`skipping the personal page's browser tests: no Debian chromium at ${chromiumPath} (apt-get install chromium)`);

const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** The metrics drawing on calendar data: a person who withholds their calendar counts in none of them. */
const calendarMetrics = releasedMetrics.filter((m) => m.sources.includes('calendar')).map((m) => m.column);

/** Each canvas of the page: whether the page script marked it drawn, its size, and whether it has any painted pixel (against a blank canvas of its size). */
const canvasesScript = `[...document.querySelectorAll('canvas')].map((c) => {
  const blank = document.createElement('canvas');
  blank.width = c.width;
  blank.height = c.height;
  const pixels = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let painted = 0;
  for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) painted++;
  return { id: c.id, drawn: c.dataset.drawn ?? null, width: c.width, height: c.height, differsFromBlank: c.toDataURL() !== blank.toDataURL(), painted };
})`;

/** The numbers Chart.js holds for each drawn chart, by canvas id: what it actually plotted. */
const plottedScript = `Object.fromEntries([...document.querySelectorAll('canvas')].map((c) => [c.id, Chart.getChart(c).data.datasets.map((d) => d.data)]))`;

describe.skipIf(!hasChromium)("a person's own page in headless Chromium", () => {
  let store: DemoStore;
  let server: AttuneServer;
  let browser: BrowserContext;
  /** A: withholds their calendar from team totals. B: leaves every team total. C: asks for erasure. */
  let A: string, B: string, C: string;
  let lastReleased: string;
  const problems: string[] = [];
  const foreignRequests: string[] = [];

  const select = (sql: string, params: Record<string, string> = {}) => store.select(sql, params);
  /** Everything the store records about a person's choices, to show that a refused change changed nothing. */
  const choicesOf = async (person: string) => ({
    log: await select('SELECT chosen_at::VARCHAR AS at, choice FROM personal_choices WHERE person = $p ORDER BY ALL', { p: person }),
    withheld: await select('SELECT source_kind FROM aggregate_source_exclusions WHERE person = $p ORDER BY ALL', { p: person }),
    optedOut: await select('SELECT opted_out_at::VARCHAR AS at FROM privacy_opt_outs WHERE person = $p', { p: person }),
    nudges: await select('SELECT stopped, snoozed_until::VARCHAR AS until FROM nudge_preferences WHERE person = $p', { p: person }),
    erasure: await select('SELECT requested_at::VARCHAR AS at FROM erasure_requests WHERE person = $p', { p: person }),
  });

  /**
   * For each cell released for `week` (analytics' team_week_metrics): the people it counts. The
   * private store's released_sets keeps a group's contributors only when they change, so a cell's
   * set is its group's latest recorded set at or before the week.
   */
  const releasedContributors = async (week: string) => {
    const cells = await rowsOf(
      join(store.dataDir, 'analytics.duckdb'),
      `SELECT team, metric FROM team_week_metrics WHERE status = 'released' AND week_start = DATE '${week}'`,
    );
    const sets = await select(
      "SELECT metric, group_id, strftime(week_start, '%Y-%m-%d') AS week, contributors FROM released_sets WHERE week_start <= $week::DATE ORDER BY week_start",
      { week },
    );
    const latest = new Map(sets.map((s) => [`${s.metric}|${s.group_id}`, s.contributors as string[]]));
    return cells.map((c) => {
      const contributors = latest.get(`${c.metric}|${c.team}`);
      if (!contributors) throw new Error(`no released set for the released cell ${c.metric} of ${c.team} in ${week}`);
      return { metric: String(c.metric), group: String(c.team), contributors };
    });
  };
  const cellsCounting = (cells: Awaited<ReturnType<typeof releasedContributors>>, person: string, metrics: readonly string[]) =>
    cells.filter((c) => metrics.includes(c.metric) && c.contributors.includes(person)).map((c) => `${c.metric}@${c.group}`);

  /** A fresh page whose console errors, uncaught errors and CSP violations land in `problems`. */
  const newPage = async (): Promise<Page> => {
    const page = await browser.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()} (${m.location().url})`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('websocket', (ws) => foreignRequests.push(ws.url()));
    return page;
  };
  const pageUrl = (person: string) => `${server.url}/me/${linkToken(person)}`;

  beforeAll(async () => {
    store = await buildDemoStore('browser');
    server = await serveStore(store);
    lastReleased = String((await select("SELECT strftime(max(week_start), '%Y-%m-%d') AS w FROM released_weeks"))[0]?.w);
    // A: counted in the most released chat cells of the last released week (and in calendar ones);
    // B: sharing the fewest of A's groups, so A's chat cells stay releasable once B leaves.
    const cells = await releasedContributors(lastReleased);
    const chatGroups = (p: string) => new Set(cellsCounting(cells, p, ['messages_sent']));
    const counted = [...new Set(cells.flatMap((c) => c.contributors))].sort();
    A = counted
      .filter((p) => cellsCounting(cells, p, ['meeting_minutes']).length > 0)
      .sort((x, y) => chatGroups(y).size - chatGroups(x).size || x.localeCompare(y))[0]!;
    const ofA = chatGroups(A);
    const shared = (p: string) => [...chatGroups(p)].filter((g) => ofA.has(g)).length;
    B = counted.filter((p) => p !== A).sort((x, y) => shared(x) - shared(y) || chatGroups(y).size - chatGroups(x).size || x.localeCompare(y))[0]!;
    C = counted.filter((p) => p !== A && p !== B).at(-1)!;

    browser = await chromium.launchPersistentContext(tempDir('chromium'), { executablePath: chromiumPath, headless: true, args: chromiumArgs, timeout: 120_000 });
    browser.on('request', (request) => {
      const url = new URL(request.url());
      if (url.protocol !== 'data:' && url.protocol !== 'blob:' && url.origin !== server.url) foreignRequests.push(request.url());
    });
    // A Content-Security-Policy violation (an inline script, a style or image from elsewhere) is a problem too.
    await browser.addInitScript(
      "document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));",
    );
  }, buildTimeoutMs);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("opens A's page through a valid link and draws A's own charts, with no console error, CSP violation or outside request", async () => {
    const page = await newPage();
    const response = await page.goto(pageUrl(A));
    expect(response?.status()).toBe(200);
    await page.waitForFunction("[...document.querySelectorAll('canvas')].every((c) => c.dataset.drawn === 'true')");
    const canvases = (await page.evaluate(canvasesScript)) as { id: string; drawn: string | null; width: number; height: number; differsFromBlank: boolean; painted: number }[];
    expect(canvases.map((c) => c.id)).toEqual(['chart-off-hours', 'chart-meetings', 'chart-focus', 'chart-people']);
    for (const canvas of canvases) {
      expect(canvas.drawn, canvas.id).toBe('true');
      expect(canvas.width * canvas.height, canvas.id).toBeGreaterThan(0);
      expect(canvas.differsFromBlank, canvas.id).toBe(true);
      expect(canvas.painted, canvas.id).toBeGreaterThan(500);
    }

    // What is drawn is A's own weeks, oldest first: the same numbers as A's rows of the store.
    const own = await select(
      `SELECT strftime(week_start, '%Y-%m-%d') AS week, meeting_minutes AS meetings, back_to_back_minutes AS b2b, focus_minutes AS focus, off_hours_minutes AS off
       FROM person_week_wellbeing WHERE person = $p AND week_start + 6 <= (SELECT max(day) FROM person_day_features)
       ORDER BY week_start DESC LIMIT 12`,
      { p: A },
    );
    own.reverse();
    expect(own.length).toBeGreaterThan(2);
    const plotted = (await page.evaluate(plottedScript)) as Record<string, (number | null)[][]>;
    expect(plotted['chart-meetings']?.[0]).toEqual(own.map((w) => Number(w.meetings)));
    expect(plotted['chart-meetings']?.[1]).toEqual(own.map((w) => Number(w.b2b)));
    expect(plotted['chart-focus']?.[0]).toEqual(own.map((w) => Number(w.focus)));
    expect(plotted['chart-off-hours']?.[0]).toEqual(own.map((w) => Number(w.off)));
    expect(await page.locator('tbody tr td:first-child').allTextContents()).toEqual(own.map((w) => w.week));

    // The nudges A was sent are listed, and nobody else's.
    const sent = await select("SELECT count(*)::INTEGER AS n FROM nudge_outbox WHERE person = $p AND status = 'sent'", { p: A });
    const listed = await page.locator('h2:has-text("Notes attune sent you") + ul li').count();
    expect(listed).toBe(Number(sent[0]?.n));

    await page.close();
    expect(problems).toEqual([]);
    expect(foreignRequests).toEqual([]);
  });

  it('downloads A\'s own data from the page', async () => {
    const page = await newPage();
    await page.goto(pageUrl(A));
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download everything attune keeps about you' }).click()]);
    expect(download.suggestedFilename()).toBe('my-attune-data.json');
    const data = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { tables: Record<string, unknown[]> };
    const events = await select('SELECT count(*)::INTEGER AS n FROM events WHERE actor = $p', { p: A });
    expect(data.tables.events?.length).toBe(Number(events[0]?.n));
    expect(data.tables.week_wellbeing?.length).toBeGreaterThan(0);
    expect(JSON.stringify(data)).not.toContain(A);
    await page.close();
    expect(problems).toEqual([]);
    expect(foreignRequests).toEqual([]);
  });

  it('refuses a tampered, expired, foreign-key, other-person and action link alike (403, one body, nothing of A)', async () => {
    const valid = linkToken(A);
    const [payload = '', signature = ''] = valid.split('.');
    const flip = (text: string, at: number) => `${text.slice(0, at)}${text[at] === 'A' ? 'B' : 'A'}${text.slice(at + 1)}`;
    const payloadOf = (person: string) => linkToken(person).split('.')[0] ?? '';
    const refusedTokens = {
      'tampered payload': `${flip(payload, Math.floor(payload.length / 2))}.${signature}`,
      'tampered signature': `${payload}.${flip(signature, 5)}`,
      // The last base64url character has spare bits a decoder ignores: changing it must still be refused.
      'tampered last character': `${payload}.${flip(signature, signature.length - 1)}`,
      expired: linkToken(A, 'page', { now: new Date(Date.now() - 8 * 86_400_000), days: 7 }),
      'signed with another key': linkToken(A, 'page', { key: randomBytes(32) }),
      "A's pseudonym under B's signature": `${payloadOf(A)}.${linkToken(B).split('.')[1]}`,
      'a snooze link used as a page link': linkToken(A, 'snooze'),
      'a stop link used as a page link': linkToken(A, 'stop'),
    };
    const bodies = new Set<string>();
    for (const [why, token] of Object.entries(refusedTokens)) {
      for (const path of [`/me/${token}`, `/me/${token}/export`]) {
        const response = await fetch(`${server.url}${path}`);
        const body = await response.text();
        expect(response.status, `${why}: ${path}`).toBe(403);
        expect(body, why).not.toContain(A);
        expect(body, why).not.toContain('attune-weeks');
        bodies.add(body);
      }
    }
    expect(bodies.size).toBe(1);
    expect([...bodies][0]).toContain('This link is not valid');

    // In the browser too: the refusal page, nothing of A's page.
    const page = await newPage();
    const response = await page.goto(`${server.url}/me/${refusedTokens['tampered payload']}`);
    expect(response?.status()).toBe(403);
    expect(await response?.text()).toBe([...bodies][0]);
    expect(await page.locator('canvas').count()).toBe(0);
    await page.close();
    // Chromium logs the 403 of the page itself as a failed load; nothing else may show up.
    expect(problems.filter((p) => !/status of 403/.test(p))).toEqual([]);
    problems.length = 0;
    expect(foreignRequests).toEqual([]);
  });

  it("refuses a change without the CSRF field, or with another page's, and changes nothing", async () => {
    const token = linkToken(A);
    const post = (tail: string, fields: URLSearchParams) =>
      fetch(`${server.url}/me/${token}${tail}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: fields.toString(),
        redirect: 'manual',
      });
    const change = (csrf: string | null) => {
      const fields = new URLSearchParams({ nudges: 'stop', aggregates: 'out', source: 'chat' });
      if (csrf !== null) fields.set('csrf', csrf);
      return fields;
    };
    const before = await choicesOf(A);
    const pageOfB = await (await fetch(pageUrl(B))).text();
    const otherPageOfA = await (await fetch(pageUrl(A))).text(); // A's own page, but through another link: its token is that link's
    expect((await post('/choices', change(null))).status).toBe(403);
    expect((await post('/choices', change(csrfIn(pageOfB)))).status).toBe(403);
    expect((await post('/choices', change(csrfIn(otherPageOfA)))).status).toBe(403);
    expect((await post('/erasure', new URLSearchParams({ confirm: 'yes', csrf: csrfIn(pageOfB) }))).status).toBe(403);
    expect((await post('/erasure', new URLSearchParams({ confirm: 'yes' }))).status).toBe(403);
    expect(await choicesOf(A)).toEqual(before);

    // The same change with the CSRF token of this link's own page is accepted: the refusals were about the token alone.
    const ownPage = await (await fetch(`${server.url}/me/${token}`)).text();
    const accepted = await post('/choices', change(csrfIn(ownPage)));
    expect(accepted.status).toBe(303);
    const changed = await choicesOf(A);
    expect(changed.withheld).toEqual([{ source_kind: 'calendar' }, { source_kind: 'issues' }]);
    expect(changed.optedOut).toHaveLength(1);
    expect(changed.nudges).toEqual([{ stopped: true, until: null }]);
    // Back as it was, through the same endpoint.
    const back = new URLSearchParams({ csrf: csrfIn(ownPage), nudges: 'on', aggregates: 'in' });
    for (const source of ['calendar', 'chat', 'issues']) back.append('source', source);
    expect((await post('/choices', back)).status).toBe(303);
    const restored = await choicesOf(A);
    expect({ withheld: restored.withheld, optedOut: restored.optedOut, nudges: restored.nudges }).toEqual({
      withheld: [],
      optedOut: [],
      nudges: [{ stopped: false, until: null }],
    });
  });

  it('saves sharing choices made with the real form: A withholds their calendar, B leaves every team total', async () => {
    const page = await newPage();
    await page.goto(pageUrl(A));
    await page.getByLabel('Calendar (meetings)').uncheck();
    await Promise.all([page.waitForURL(/\?saved=1$/), page.getByRole('button', { name: 'Save my choices' }).click()]);
    await expect(page.locator('p.notice').textContent()).resolves.toBe('Your choices are saved.');
    expect(await page.getByLabel('Calendar (meetings)').isChecked()).toBe(false);
    expect(await page.getByLabel('Chat (Slack, Teams)').isChecked()).toBe(true);
    expect(await page.getByLabel('Count me in team totals').isChecked()).toBe(true);
    const ofA = await choicesOf(A);
    expect(ofA.withheld).toEqual([{ source_kind: 'calendar' }]);
    expect(ofA.optedOut).toEqual([]);
    expect(ofA.log.map((c) => c.choice)).toContain('source:calendar:withheld');

    await page.goto(pageUrl(B));
    await page.getByLabel('Leave me out of every team total').check();
    await Promise.all([page.waitForURL(/\?saved=1$/), page.getByRole('button', { name: 'Save my choices' }).click()]);
    await expect(page.locator('p.notice').textContent()).resolves.toBe('Your choices are saved.');
    expect(await page.getByLabel('Leave me out of every team total').isChecked()).toBe(true);
    const ofB = await choicesOf(B);
    expect(ofB.optedOut).toHaveLength(1);
    expect(ofB.withheld).toEqual([]);
    expect(ofB.log.map((c) => c.choice)).toEqual(['aggregates:out']);
    await page.close();
    expect(problems).toEqual([]);
    expect(foreignRequests).toEqual([]);
  });

  it('records an erasure request made through the form, and the page says so', async () => {
    const page = await newPage();
    await page.goto(pageUrl(C));
    expect(await choicesOf(C).then((c) => c.erasure)).toEqual([]);
    await page.getByLabel('Erase everything attune keeps about me').check();
    await Promise.all([page.waitForURL(/\?saved=1$/), page.getByRole('button', { name: 'Ask for erasure' }).click()]);
    expect(await page.getByText('You asked for your data to be erased').isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Ask for erasure' }).count()).toBe(0);
    expect((await choicesOf(C)).erasure).toHaveLength(1);
    expect((await choicesOf(C)).log.map((c) => c.choice)).toEqual(['erasure:requested']);
    await page.close();
    expect(problems).toEqual([]);
    expect(foreignRequests).toEqual([]);
  });

  it("a week later, the next release reads A's chat but not A's calendar, and nothing of B", async () => {
    const before = await releasedContributors(lastReleased);
    // Before the choices took effect, A and B were counted in the week last released.
    expect(cellsCounting(before, A, calendarMetrics).length).toBeGreaterThan(0);
    expect(cellsCounting(before, A, ['messages_sent']).length).toBeGreaterThan(0);
    expect(cellsCounting(before, B, releasedMetrics.map((m) => m.column)).length).toBeGreaterThan(0);

    // Every page is closed: nothing uses the server while the run holds the store.
    await store.run(weekLater);
    const released = (await select("SELECT strftime(week_start, '%Y-%m-%d') AS w FROM released_weeks ORDER BY 1")).map((r) => String(r.w));
    const next = released.at(-1)!;
    expect(next > lastReleased).toBe(true);

    const cells = await releasedContributors(next);
    expect(calendarMetrics).toEqual(expect.arrayContaining(['meeting_minutes', 'focus_minutes', 'back_to_back_minutes', 'long_chains']));
    // What the release reads as values (members are counted whatever they chose, so that a choice can't be
    // seen in the cells): A's calendar metrics are left out, A's chat kept, and nothing of B's, that week or carried.
    const nextWeekEnd = new Date(Date.parse(`${next}T00:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10);
    const inputs = releaseInputQueries({ fromWeek: next, toWeek: nextWeekEnd, metrics: releasedMetrics });
    const values = await select(inputs.values.sql, inputs.values.params as Record<string, string>);
    const ofA = values.find((v) => v.person === A);
    expect(ofA?.messages_sent).not.toBeNull();
    for (const metric of calendarMetrics) expect(ofA?.[metric], metric).toBeNull();
    expect(values.some((v) => v.person === B)).toBe(false);
    const carried = await select(inputs.carried.sql, inputs.carried.params as Record<string, string>);
    expect(carried.some((v) => v.person === B)).toBe(false);
    for (const metric of calendarMetrics) expect(carried.find((v) => v.person === A)?.[metric] ?? null, metric).toBeNull();
    // Not a week released empty: calendar cells were released, counting other people.
    const calendarCells = cells.filter((c) => c.metric === 'meeting_minutes');
    expect(calendarCells.length).toBeGreaterThan(0);
    expect(calendarCells.every((c) => c.contributors.length >= 5)).toBe(true);
  }, buildTimeoutMs);

  it("after the run, A's page still shows A's choice", async () => {
    const page = await newPage();
    await page.goto(pageUrl(A));
    expect(await page.getByLabel('Calendar (meetings)').isChecked()).toBe(false);
    await page.waitForFunction("[...document.querySelectorAll('canvas')].every((c) => c.dataset.drawn === 'true')");
    await page.close();
    expect(problems).toEqual([]);
    expect(foreignRequests).toEqual([]);
  });
});
