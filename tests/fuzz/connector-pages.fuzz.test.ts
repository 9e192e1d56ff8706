import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnectors } from '../../cli/configured-connectors.ts';
import type { SourceSettings } from '../../cli/source-settings.ts';
import type { SourceConnector } from '../../connectors/source-connector.ts';
import { AttuneError } from '../../models/errors.ts';
import type { Source } from '../../models/source.ts';
import { startGoogleSimulator, type GoogleSimulator } from '../../simulator/google/google-server.ts';
import { startJiraSimulator, type JiraSimulator } from '../../simulator/jira/jira-server.ts';
import { generateOrganisation } from '../../simulator/organisation/generate-organisation.ts';
import { startSlackSimulator, type SlackSimulator } from '../../simulator/slack/slack-server.ts';
import { buildSlackWorkspace } from '../../simulator/slack/slack-workspace.ts';
import { createPseudonymizer } from '../../transforms/pseudonymizer.ts';

const runAt = '2026-11-23T12:00:00.000Z';
const now = new Date(runAt);
const organisation = generateOrganisation({ seed: 11, people: 24, weeks: 1, end: now });
const window = { start: new Date(now.getTime() - 7 * 86_400_000).toISOString(), end: runAt };
const pseudonymize = createPseudonymizer(Buffer.from('3f9a5d1c7e2b8f4061d3a9c5e7b1f2d4086c3e5a7b9d1f2e4c6a8b0d2f4e6a81', 'hex'));
const slackToken = 'xoxb-fuzz-pages-4c1d9e7a2b';

/** What a hostile vendor puts in place of one value of a page: odd Unicode, SQL, instants and zones that don't exist, huge and deep values. */
const hostileValue = fc.oneof(
  fc.constantFrom<unknown>(
    "1'; DROP TABLE events; --", '../../etc/passwd', '\u202e\u0000\uFFFF', '😀'.repeat(1000), '',
    'Mars/Olympus_Mons', 'America/New_York\u0000', '+99:99', 'UTC+25',
    '99999-12-31T23:59:59Z', '-000001-01-01T00:00:00Z', '1970-01-01T00:00:00Z', '9999999999999.000000', '0.000000', 'NaN',
    1e308, -1, 2 ** 53 + 1, null, true, [], {},
  ),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.nat(2000).map((depth) => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`) as unknown),
  fc.jsonValue({ maxDepth: 3 }),
);

/** How one page is made hostile: a value replaced, an array inflated many times, or the whole body replaced. */
type PageDamage = { kind: 'replace'; at: number; value: unknown } | { kind: 'inflate'; at: number; times: number } | { kind: 'body'; text: string };
const pageDamage: fc.Arbitrary<PageDamage> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: hostileValue }) },
  fc.record({ kind: fc.constant('inflate' as const), at: fc.nat(), times: fc.integer({ min: 50, max: 400 }) }),
  fc.record({ kind: fc.constant('body' as const), text: fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('', '{', 'null', '[]', `{"ok":true,"a":${'['.repeat(100_000)}`)) }),
);

/** Every node of a JSON value with a way to replace it (the root excluded). */
function nodesOf(value: unknown): { get(): unknown; set(next: unknown): void }[] {
  if (value === null || typeof value !== 'object') return [];
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((item, i) => [i, item]) : Object.entries(value);
  const holder = value as Record<string | number, unknown>;
  return entries.flatMap(([key, child]) => [{ get: () => holder[key], set: (next: unknown) => void (holder[key] = next) }, ...nodesOf(child)]);
}

/** `body` (a JSON page) with `damage` applied. */
function damaged(body: string, damage: PageDamage): string {
  if (damage.kind === 'body') return damage.text;
  let page: unknown;
  try {
    page = JSON.parse(body);
  } catch {
    return body;
  }
  const nodes = nodesOf(page);
  if (damage.kind === 'replace') nodes[damage.at % Math.max(nodes.length, 1)]?.set(damage.value);
  else {
    const arrays = nodes.filter((node) => Array.isArray(node.get()) && (node.get() as unknown[]).length > 0);
    const node = arrays[damage.at % Math.max(arrays.length, 1)];
    if (node) node.set(Array.from({ length: damage.times }, () => (node.get() as unknown[])).flat());
  }
  return JSON.stringify(page);
}

/** A loopback proxy before a simulator that damages the `nth` JSON page it passes (token requests excluded). */
async function startDamagingProxy(target: string): Promise<{ url: string; arm(nth: number, damage: PageDamage): void; damagedPages(): number; close(): Promise<void> }> {
  const base = new URL(target);
  let armed: { nth: number; damage: PageDamage } | null = null;
  let seen = 0;
  let damagedPages = 0;
  const server: Server = createServer((req, res) => {
    const upstream = httpRequest({ host: base.hostname, port: base.port, path: req.url, method: req.method, headers: { ...req.headers, host: base.host, 'accept-encoding': 'identity' } }, (answer: IncomingMessage) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        let body = Buffer.concat(chunks).toString('utf8');
        const isPage = /json/.test(String(answer.headers['content-type'])) && !/token/.test(req.url ?? '');
        if (isPage && armed && seen++ === armed.nth) {
          body = damaged(body, armed.damage);
          damagedPages++;
        }
        const headers = { ...answer.headers };
        delete headers['content-length'];
        delete headers['transfer-encoding'];
        res.writeHead(answer.statusCode ?? 502, headers);
        res.end(body);
      });
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${base.pathname}`,
    arm(nth, damage) {
      armed = { nth, damage };
      seen = 0;
    },
    damagedPages: () => damagedPages,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Reads a source whole as a run does (directory, streams, each stream's first page run); returns the error it ended with, if any. */
async function readWhole(connector: SourceConnector): Promise<unknown> {
  try {
    const directory = await connector.readDirectory();
    for (const person of directory.people) expect(person.pseudonym).toMatch(/^[0-9a-f]{32}$/);
    for (const stream of await connector.listStreams()) {
      const batch = await connector.fetchStream(stream, null, window);
      for (const event of batch.events) {
        expect(Number.isNaN(event.start.getTime())).toBe(false);
        expect(event.actor).toMatch(/^[0-9a-f]{32}$/);
      }
      for (const record of batch.quarantined) expect(JSON.stringify(record)).not.toMatch(/DROP TABLE|etc\/passwd|Olympus/);
    }
    return null;
  } catch (error) {
    return error;
  }
}

describe('connectors reading hostile pages, fuzzed', () => {
  const sims = {} as { slack: SlackSimulator; google: GoogleSimulator; jira: JiraSimulator };
  const proxies = {} as Record<'slack' | 'google' | 'jira', Awaited<ReturnType<typeof startDamagingProxy>>>;

  beforeAll(async () => {
    const options = { organisation, now, rateScale: 1000 };
    [sims.slack, sims.google, sims.jira] = await Promise.all([
      startSlackSimulator({ workspace: buildSlackWorkspace(organisation, {}), token: slackToken, now, rateScale: 1000 }),
      startGoogleSimulator(options),
      startJiraSimulator(options),
    ]);
    [proxies.slack, proxies.google, proxies.jira] = await Promise.all([startDamagingProxy(sims.slack.url), startDamagingProxy(sims.google.url), startDamagingProxy(sims.jira.host)]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([...Object.values(proxies), ...Object.values(sims)].map((s) => s.close()));
  });

  /** The connector of `source`, reading through its damaging proxy, retrying nothing. */
  const connectorOf = (source: 'slack' | 'google' | 'jira'): SourceConnector => {
    const settings: SourceSettings = {
      rateScale: 1000,
      retry: { attemptsPerRequest: 1, baseDelayMs: 1 },
      slack: { token: slackToken, apiUrl: proxies.slack.url },
      google: { serviceAccount: sims.google.credentials.serviceAccount, adminEmail: sims.google.credentials.adminEmail, apiUrl: proxies.google.url },
      jira: { host: proxies.jira.url.replace(/\/$/, ''), email: sims.jira.email, apiToken: sims.jira.apiToken, identityMap: undefined },
    };
    return createConnectors(settings, pseudonymize)[source as Source] as SourceConnector;
  };

  it.each(['slack', 'google', 'jira'] as const)('%s: a damaged page ends the read with one of attune\'s own errors, or is read or quarantined; never a crash', async (source) => {
    expect(await readWhole(connectorOf(source)), 'the undamaged simulator reads without an error').toBeNull();
    const outcomes = { read: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(fc.nat(15), pageDamage, async (nth, damage) => {
        proxies[source].arm(nth, damage);
        const error = await readWhole(connectorOf(source));
        if (error === null) return void outcomes.read++;
        outcomes.refused++;
        expect(error, String((error as Error).stack)).toBeInstanceOf(AttuneError);
      }),
      { numRuns: 20, seed: 1123 },
    );
    // Most runs did damage a page, and both outcomes occurred: the property was exercised.
    expect(proxies[source].damagedPages()).toBeGreaterThanOrEqual(10);
    expect(outcomes.read).toBeGreaterThan(0);
    expect(outcomes.refused).toBeGreaterThan(0);
  }, 240_000);
});
