import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttuneServer } from '../../cli/attune-server.ts';
import type { IdentityRecord } from '../../models/identity-record.ts';
import { nudgeActionIds } from '../../transforms/nudges/nudge-messages.ts';
import { buildDemoStore, buildTimeoutMs, csrfIn, linkToken, peopleWithIdentities, serveStore, simulatedFullNames, type DemoStore } from './serve-fixture.ts';

// `attune serve` over plain HTTP: strict headers on every answer, the e-mailed Snooze and Stop
// links (a GET changes nothing, each link works once), Slack's signed interactivity requests, and
// the proof that no page or response carries anyone else's data, pseudonym or identity.

const signingSecret = 'attune-test-slack-signing-secret';

/** Slack's request signature, computed here from Slack's documentation: `v0=` + hex HMAC-SHA-256 of `v0:<timestamp>:<raw body>`. */
const slackSignature = (secret: string, timestamp: number, body: string) => `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;

/** A form body as Slack posts a button click (`payload=<JSON>`). */
const clickBody = (slackUser: string, actionId: string, nudgeKey: string) =>
  new URLSearchParams({
    payload: JSON.stringify({ type: 'block_actions', user: { id: slackUser }, actions: [{ action_id: actionId, value: nudgeKey }] }),
  }).toString();

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
  redirect: 'manual' as const,
});

describe('attune serve over HTTP', () => {
  let store: DemoStore;
  let server: AttuneServer;
  /** The same store served without SLACK_SIGNING_SECRET. */
  let serverWithoutSlack: AttuneServer;
  let people: IdentityRecord[];
  /** The server's clock when a test pins it; else the real time. */
  let pinnedNow: Date | undefined;
  const slackIdOf = (person: string) => people.find((p) => p.pseudonym === person)?.sourceIds.find((s) => s.source === 'slack')?.id;
  /** Someone's nudge preferences and the log of their choices: what a refused request must leave as it was. */
  const stateOf = async (person: string) => ({
    preference: await store.select('SELECT stopped, epoch_ms(snoozed_until)::DOUBLE AS until FROM nudge_preferences WHERE person = $p', { p: person }),
    log: await store.select('SELECT chosen_at::VARCHAR AS at, choice FROM personal_choices WHERE person = $p ORDER BY ALL', { p: person }),
  });

  beforeAll(async () => {
    store = await buildDemoStore('serve');
    server = await serveStore(store, { slackSigningSecret: signingSecret, clock: () => pinnedNow ?? new Date() });
    serverWithoutSlack = await serveStore(store);
    people = await peopleWithIdentities(store);
  }, buildTimeoutMs);

  afterAll(async () => {
    await server?.close();
    await serverWithoutSlack?.close();
  });

  it('answers every route with strict headers, and serves no inline script', async () => {
    const [person] = people.map((p) => p.pseudonym);
    const page = linkToken(person!);
    const requests: [string, RequestInit, number][] = [
      ['/healthz', {}, 200],
      ['/assets/chart.umd.min.js', {}, 200],
      ['/assets/personal-page.js', {}, 200],
      ['/assets/attune.css', {}, 200],
      ['/favicon.ico', {}, 204],
      ['/nowhere', {}, 404],
      [`/me/${page}`, {}, 200],
      [`/me/${page}?saved=1`, {}, 200],
      [`/me/${page}/export`, {}, 200],
      [`/me/${page}/nowhere`, {}, 404],
      [`/me/${page}x`, {}, 403],
      [`/me/${page}/choices`, form({ nudges: 'on', aggregates: 'in' }), 403],
      [`/me/${page}/erasure`, form({ confirm: 'yes' }), 403],
      [`/n/${linkToken(person!, 'snooze')}`, {}, 200],
      [`/n/${page}`, {}, 403],
      ['/slack/interactivity', form({ payload: '{}' }), 401],
    ];
    for (const [path, init, status] of requests) {
      const response = await fetch(`${server.url}${path}`, init);
      const body = await response.text();
      expect(response.status, path).toBe(status);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("default-src 'none'");
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).not.toMatch(/unsafe-inline|unsafe-eval|\*|https?:/);
      expect(response.headers.get('referrer-policy'), path).toBe('no-referrer');
      expect(response.headers.get('cache-control'), path).toBe('no-store');
      expect(response.headers.get('x-frame-options'), path).toBe('DENY');
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      // Every script tag loads attune's own file, or is a JSON data island (never run).
      for (const tag of body.match(/<script\b[^>]*>/g) ?? []) expect(tag, path).toMatch(/ src="\/assets\/[\w.-]+\.js"| type="application\/json"/);
      expect(body, path).not.toMatch(/ on[a-z]+="/); // no inline event handlers
    }
    const noSlack = await fetch(`${serverWithoutSlack.url}/slack/interactivity`, form({ payload: '{}' }));
    expect(noSlack.status).toBe(401);
    expect(noSlack.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  describe("an e-mailed nudge's Snooze and Stop links", () => {
    it('a GET only shows a confirmation; a POST with its CSRF token snoozes; the same link again is refused', async () => {
      const person = people.at(-1)!.pseudonym;
      const before = await stateOf(person);
      expect(before.preference).toEqual([]);
      const token = linkToken(person, 'snooze');
      const url = `${server.url}/n/${token}`;

      const shown = await fetch(url);
      expect(shown.status).toBe(200);
      const confirmation = await shown.text();
      expect(confirmation).toContain('Snooze');
      expect(await fetch(url).then((r) => r.status)).toBe(200); // a link scanner's GETs don't use the link up
      expect(await stateOf(person)).toEqual(before);

      expect((await fetch(url, form({}))).status).toBe(403);
      expect((await fetch(url, form({ csrf: csrfIn(await (await fetch(`${server.url}/n/${linkToken(person, 'snooze')}`)).text()) }))).status).toBe(403);
      expect(await stateOf(person)).toEqual(before);

      const applied = await fetch(url, form({ csrf: csrfIn(confirmation) }));
      expect(applied.status).toBe(200);
      expect(await applied.text()).toContain('Snoozed');
      const after = await stateOf(person);
      expect(after.preference).toHaveLength(1);
      expect(after.preference[0]?.stopped).toBe(false);
      const until = Number(after.preference[0]?.until);
      expect(Math.abs(until - (Date.now() + 30 * 86_400_000))).toBeLessThan(5 * 60_000);
      expect(after.log.map((c) => c.choice)).toEqual(['nudges:snooze']);

      const replayed = await fetch(url, form({ csrf: csrfIn(confirmation) }));
      expect(replayed.status).toBe(403);
      expect((await fetch(url)).status).toBe(403);
      expect(await stateOf(person)).toEqual(after);
    });

    it('a Stop link stops, once; expired or page links are refused at /n/', async () => {
      const person = people.at(-2)!.pseudonym;
      const token = linkToken(person, 'stop');
      const before = await stateOf(person);
      const expired = linkToken(person, 'stop', { now: new Date(Date.now() - 8 * 86_400_000), days: 7 });
      expect((await fetch(`${server.url}/n/${expired}`)).status).toBe(403);
      expect((await fetch(`${server.url}/n/${linkToken(person)}`)).status).toBe(403);
      expect(await stateOf(person)).toEqual(before);

      const csrf = csrfIn(await (await fetch(`${server.url}/n/${token}`)).text());
      const stopped = await fetch(`${server.url}/n/${token}`, form({ csrf }));
      expect(stopped.status).toBe(200);
      expect(await stateOf(person).then((s) => s.preference)).toEqual([{ stopped: true, until: null }]);
      expect((await fetch(`${server.url}/n/${token}`, form({ csrf }))).status).toBe(403);
    });
  });

  describe("Slack's button clicks", () => {
    let nudgeKey: string;
    let recipient: string;
    let recipientSlackId: string;
    let otherSlackId: string;
    const post = (target: AttuneServer, body: string, headers: Record<string, string>) =>
      fetch(`${target.url}/slack/interactivity`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body });
    const signed = (body: string, timestamp = Math.floor(Date.now() / 1000), secret = signingSecret) => ({
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': slackSignature(secret, timestamp, body),
    });

    beforeAll(async () => {
      const [nudge] = await store.select("SELECT nudge_key, person FROM nudge_outbox WHERE status = 'sent' AND channel = 'slack' ORDER BY nudge_key LIMIT 1");
      expect(nudge, 'the demo run sends at least one nudge by Slack').toBeDefined();
      nudgeKey = String(nudge?.nudge_key);
      recipient = String(nudge?.person);
      recipientSlackId = slackIdOf(recipient)!;
      otherSlackId = people.map((p) => slackIdOf(p.pseudonym)).find((id) => id && id !== recipientSlackId)!;
      expect(recipientSlackId).toMatch(/^U\w+$/);
      expect(otherSlackId).toMatch(/^U\w+$/);
    });

    it('refuses a stale, forged, unsigned or unconfigured request (401) and one clicked by someone else (403), changing nothing', async () => {
      const before = await stateOf(recipient);
      const body = clickBody(recipientSlackId, nudgeActionIds.stop, nudgeKey);
      // The server's clock is pinned to the second the requests are signed against, so the window's edges are tested
      // exactly: on a loaded machine a second or two passed before the server read its clock, and now + 301 was let in.
      const now = Math.floor(Date.now() / 1000);
      pinnedNow = new Date(now * 1000);
      try {
        expect((await post(server, body, signed(body, now - 301))).status).toBe(401);
        expect((await post(server, body, signed(body, now + 301))).status).toBe(401);
      } finally {
        pinnedNow = undefined;
      }
      expect((await post(server, body, signed(body, now, 'not-the-signing-secret'))).status).toBe(401);
      expect((await post(server, body, { ...signed(body), 'x-slack-signature': signed(body)['x-slack-signature'].replace(/.$/, (c) => (c === '0' ? '1' : '0')) })).status).toBe(401);
      expect((await post(server, `${body}&extra=1`, signed(body))).status).toBe(401); // the body changed after signing
      expect((await post(server, body, {})).status).toBe(401);
      expect((await post(serverWithoutSlack, body, signed(body))).status).toBe(401);
      const byAnother = clickBody(otherSlackId, nudgeActionIds.stop, nudgeKey);
      expect((await post(server, byAnother, signed(byAnother))).status).toBe(403);
      const unknownNudge = clickBody(recipientSlackId, nudgeActionIds.stop, 'f'.repeat(32));
      expect((await post(server, unknownNudge, signed(unknownNudge))).status).toBe(403);
      expect(await stateOf(recipient)).toEqual(before);
    });

    it("applies a signed click by the nudge's own recipient, once: the same request replayed is refused", async () => {
      const body = clickBody(recipientSlackId, nudgeActionIds.snooze, nudgeKey);
      const headers = signed(body);
      const answer = await post(server, body, headers);
      expect(answer.status).toBe(200);
      const text = await answer.text();
      expect(JSON.parse(text)).toMatchObject({ response_type: 'ephemeral', replace_original: false });
      expect(text).toContain('Snoozed');
      for (const p of people) {
        expect(text).not.toContain(p.pseudonym);
        if (p.email) expect(text).not.toContain(p.email);
      }
      const after = await stateOf(recipient);
      expect(after.preference).toHaveLength(1);
      expect(after.preference[0]?.stopped).toBe(false);
      expect(after.preference[0]?.until).not.toBeNull();
      expect(after.log.map((c) => c.choice)).toEqual(['nudges:snooze']);

      const replayed = await post(server, body, headers);
      expect(replayed.status).toBe(403);
      expect(await stateOf(recipient)).toEqual(after);
    });
  });

  it("gives each person only their own data: no other person's pseudonym, and nobody's e-mail, source id or name, in any page or response", async () => {
    const pseudonyms = people.map((p) => p.pseudonym);
    const emails = people.flatMap((p) => (p.email ? [p.email] : []));
    const sourceIds = people.flatMap((p) => p.sourceIds.map((s) => ({ person: p.pseudonym, id: s.id })));
    const names = simulatedFullNames();
    expect(pseudonyms.length).toBeGreaterThanOrEqual(60);
    expect(emails.length).toBeGreaterThanOrEqual(50);
    expect(sourceIds.filter((s) => s.id.startsWith('U')).length).toBeGreaterThanOrEqual(50);
    expect(sourceIds.every((s) => s.id.length >= 8)).toBe(true); // long enough that a match is no accident

    // Ten people spread over the store, with those a nudge was sent to (their pages list nudges).
    const nudged = (await store.select("SELECT DISTINCT person FROM nudge_outbox WHERE status = 'sent' ORDER BY person")).map((r) => String(r.person));
    const chosen = [...new Set([...nudged, ...pseudonyms.filter((_, i) => i % Math.ceil(pseudonyms.length / 8) === 0)])].slice(0, 10);
    expect(chosen.length).toBe(10);
    expect(nudged.length).toBeGreaterThan(0);

    for (const person of chosen) {
      const page = linkToken(person);
      const html = await (await fetch(`${server.url}/me/${page}`)).text();
      const exported = await (await fetch(`${server.url}/me/${page}/export`)).text();
      const saved = await fetch(`${server.url}/me/${page}/choices`, form({ csrf: csrfIn(html), nudges: 'on', aggregates: 'in', source: 'calendar' }));
      const savedPage = await (await fetch(`${server.url}${saved.headers.get('location')}`)).text();
      const confirmation = await (await fetch(`${server.url}/n/${linkToken(person, 'stop')}`)).text();
      const responses = { page: html, export: exported, saved: `${saved.headers.get('location')}\n${await saved.text()}`, savedPage, confirmation };

      // The responses are about this person: their own weeks and rows.
      const weeks = JSON.parse(/<script type="application\/json" id="attune-weeks">(.*?)<\/script>/s.exec(html)?.[1] ?? 'null') as unknown[];
      // Complete weeks only: the page leaves out a week the data does not reach the end of.
      const ownWeeks = await store.select(
        'SELECT count(*)::INTEGER AS n FROM person_week_wellbeing WHERE person = $p AND week_start + 6 <= (SELECT max(day) FROM person_day_features)',
        { p: person },
      );
      expect(weeks.length).toBe(Math.min(12, Number(ownWeeks[0]?.n)));
      const ownEvents = await store.select('SELECT count(*)::INTEGER AS n FROM events WHERE actor = $p', { p: person });
      expect((JSON.parse(exported) as { tables: { events: unknown[] } }).tables.events.length).toBe(Number(ownEvents[0]?.n));

      for (const [what, text] of Object.entries(responses)) {
        for (const other of pseudonyms) if (other !== person) expect(text.includes(other), `another person's pseudonym in ${what}`).toBe(false);
        for (const email of emails) expect(text.includes(email), `an e-mail address in ${what}`).toBe(false);
        for (const { id } of sourceIds) expect(text.includes(id), `a source user id in ${what}`).toBe(false);
        for (const name of names) expect(text.includes(name), `a name in ${what}`).toBe(false);
      }
    }
  });
});
