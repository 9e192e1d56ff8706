import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateOrganisation } from '../../simulator/organisation/generate-organisation.ts';
import type { Organisation } from '../../simulator/organisation/organisation.ts';
import { CANARY } from '../../simulator/canary.ts';
import { buildGoogleTenant } from '../../simulator/google/google-tenant.ts';
import { buildJiraSite } from '../../simulator/jira/jira-site.ts';
import { buildGraphTenant } from '../../simulator/microsoft/graph-tenant.ts';
import { buildSlackWorkspace } from '../../simulator/slack/slack-workspace.ts';
import { startSlackSimulator } from '../../simulator/slack/slack-server.ts';
import { deriveInstallationKeys } from '../../transforms/installation-keys.ts';
import { normaliseEmail } from '../../models/normalise-email.ts';
import { createPseudonymizer } from '../../transforms/pseudonymizer.ts';
import { demoRunEnv } from '../helpers/demo-store.ts';
import { runCli, type CliResult } from '../helpers/run-cli.ts';
import { rowsOf } from '../helpers/rows-of.ts';
import { rawTextOf, stringValuesOf } from '../helpers/scan-data-dir.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { testSecretHex } from '../helpers/test-secret.ts';

const secretHex = testSecretHex;
const demo = { people: 120, weeks: 6, seed: 11 };
const runAt = '2026-11-23T12:00:00.000Z';
const dayLater = '2026-11-24T12:00:00.000Z';

/** The organisation the embedded simulator builds for `demo` at `runAt`: the test's ground truth. */
const organisation: Organisation = generateOrganisation({ ...demo, end: new Date(runAt) });
const pseudonymOf = (email: string) =>
  createPseudonymizer(deriveInstallationKeys(Buffer.from(secretHex, 'hex')).pseudonymKey)('person', normaliseEmail(email));

/** The sum over the summary's lines of the number a pattern captures, e.g. "events fetched, 12 new" → 12 per source line. */
function summaryCount(stdout: string, pattern: RegExp): number {
  const matches = [...stdout.matchAll(new RegExp(pattern, 'g'))];
  if (matches.length === 0) throw new Error(`the summary has no ${pattern}: ${stdout}`);
  return matches.reduce((sum, match) => sum + Number((match[1] ?? '').replaceAll(',', '')), 0);
}

describe('attune run on the built-in simulated workspace', () => {
  const dataDir = join(tempDir('e2e'), 'data');
  const env = (at: string) => demoRunEnv(dataDir, at, demo, secretHex);
  const eventCount = async () => Number((await rowsOf(join(dataDir, 'attune.duckdb'), 'SELECT count(*) AS n FROM events'))[0]?.n);
  let first: CliResult;
  let eventsAfterFirst: number;

  beforeAll(async () => {
    first = await runCli(['run'], env(runAt));
    eventsAfterFirst = await eventCount();
  }, 300_000);

  it('succeeds and ends with a summary of the source, the store and the release', () => {
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(`slack (simulated): ${organisation.people.length} people (1 unresolved, 4 excluded, 0 without a time zone from this source)`);
    expect(summaryCount(first.stdout, /([\d,]+) events fetched/)).toBe(eventsAfterFirst);
    for (const source of ['slack', 'google', 'microsoft', 'jira']) expect(first.stdout).toMatch(new RegExp(`\\n  ${source} \\(simulated\\): [\\d,]+ people`));
    expect(summaryCount(first.stdout, /([\d,]+) quarantined;/)).toBe(12);
    expect(summaryCount(first.stdout, /([\d,]+) skipped/)).toBe(2);
    expect(summaryCount(first.stdout, /([\d,]+) team-week cells released/)).toBeGreaterThan(0);
    expect(first.stderr).toMatch(/slack: directory/);
  });

  it('reruns on the same data without fetching old events again or adding duplicates', async () => {
    const again = await runCli(['run'], env(runAt));
    expect(again.code, again.stderr).toBe(0);
    expect(summaryCount(again.stdout, /events fetched, ([\d,]+) new/)).toBe(0);
    expect(await eventCount()).toBe(eventsAfterFirst);
  }, 300_000);

  it('a day later, fetches only what is new', async () => {
    const later = await runCli(['run'], env(dayLater));
    expect(later.code, later.stderr).toBe(0);
    const fresh = summaryCount(later.stdout, /events fetched, ([\d,]+) new/);
    expect(fresh).toBeGreaterThan(0);
    expect(summaryCount(later.stdout, /([\d,]+) events fetched/)).toBeLessThan(eventsAfterFirst / 2);
    const removed = summaryCount(later.stdout, /([\d,]+) removed/);
    expect(await eventCount()).toBe(eventsAfterFirst + fresh - removed);
    const duplicates = await rowsOf(
      join(dataDir, 'attune.duckdb'),
      'SELECT count(*) AS n FROM (SELECT source, source_event_id FROM events GROUP BY ALL HAVING count(*) > 1)',
    );
    expect(Number(duplicates[0]?.n)).toBe(0);
  }, 300_000);

  it('nudges the planted overloaded and isolated people, few others, each by Slack DM or held for their working hours', async () => {
    expect(first.stdout).toMatch(/\n  nudges: week of 2026-11-16: \d+ new \(.+\); \d+ delivered, \d+ held for the person's working hours/);
    const nudges = await rowsOf(join(dataDir, 'attune.duckdb'), 'SELECT person, rule, status, channel FROM nudge_outbox');
    const nudged = new Set(nudges.map((n) => String(n.person)));
    const planted = [...organisation.groundTruth.afterHoursOverload, ...organisation.groundTruth.shrinkingNetwork].map(pseudonymOf);
    for (const person of planted) expect(nudged.has(person), 'a planted person was not nudged').toBe(true);
    const others = [...nudged].filter((p) => !planted.includes(p));
    expect(others.length).toBeLessThanOrEqual(Math.ceil(0.05 * organisation.people.length));
    for (const person of organisation.groundTruth.shrinkingNetwork.map(pseudonymOf)) {
      expect(nudges.some((n) => n.person === person && n.rule === 'shrinking_network')).toBe(true);
    }
    // Monday 12:00 UTC: Europe and the Americas' east are at work, Asia-Pacific is not.
    const statuses = new Set(nudges.map((n) => `${String(n.status)}:${String(n.channel)}`));
    expect([...statuses].every((s) => s === 'sent:slack' || s === 'pending:null')).toBe(true);
    expect(statuses.has('sent:slack')).toBe(true);
  });

  it('gives admins nudge counts only, and sends a person their page and data links without printing them', async () => {
    const counts = await runCli(['privacy', 'nudges'], env(runAt));
    expect(counts.code, counts.stderr).toBe(0);
    expect(counts.stdout).toMatch(/shrinking_network\s+(sent|pending)\s+\d+/);
    expect(counts.stdout).toContain('erasure requests waiting: 0');
    expect(counts.stdout).not.toMatch(/[0-9a-f]{32}/);

    const email = organisation.groundTruth.shrinkingNetwork[0] ?? '';
    const link = await runCli(['link', '--email', email], env(runAt));
    expect(link.code, link.stderr).toBe(0);
    expect(link.stdout).toContain('sent a link to their own page by Slack direct message');
    expect(`${link.stdout}${link.stderr}`).not.toMatch(/\/me\/|[0-9a-f]{32}|[A-Za-z0-9_-]{40,}/);

    // A subject access request: the person gets a link to their download; nothing of it passes through the admin.
    const exported = await runCli(['export-me', '--email', email], env(runAt));
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toContain('sent a link to download their own data by Slack direct message');
    expect(`${exported.stdout}${exported.stderr}`).not.toMatch(/\/me\/|[0-9a-f]{32}|[A-Za-z0-9_-]{40,}/);
  }, 300_000);

  it('leaves no content and no real identity in any file of the data directory or in its output, nudges on', async () => {
    const people = organisation.people;
    const forbidden = [CANARY, organisation.domain, ...people.map((p) => `${p.givenName} ${p.familyName}`)];
    const userIds = new Set([
      ...buildSlackWorkspace(organisation).users.map((u) => u.id),
      ...buildGoogleTenant(organisation).users.map((u) => u.id),
      ...buildGraphTenant(organisation, { now: new Date(runAt) }).directory.users.map((u) => u.id),
      ...buildJiraSite(organisation).users.map((u) => u.accountId),
    ]);
    const carriesUserId = (value: string) => [value, ...value.split(/[^A-Za-z0-9:-]+/)].some((token) => userIds.has(token));

    for (const { path, text } of [...rawTextOf(dataDir), { path: 'stdout', text: first.stdout }, { path: 'stderr', text: first.stderr }]) {
      for (const needle of forbidden) expect(text.includes(needle), `${needle} in ${path}`).toBe(false);
    }
    for (const db of ['attune.duckdb', 'analytics.duckdb']) {
      // An address pattern is looked for in text only: ciphertext (the vault) is random bytes and now and then looks like one.
      for (const value of await stringValuesOf(join(dataDir, db), { blobs: false })) expect(value).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.-]+/);
      const values = await stringValuesOf(join(dataDir, db));
      expect(values.length).toBeGreaterThan(0);
      for (const value of values) {
        expect(forbidden.some((needle) => value.includes(needle)), `content in ${db}`).toBe(false);
        expect(carriesUserId(value), `a source user id in ${db}`).toBe(false);
      }
    }
  });

  it('keeps the analytics store to released aggregates: no pseudonyms, suppressed cells NULL, released cells k or more', async () => {
    const analytics = join(dataDir, 'analytics.duckdb');
    const tables = await rowsOf(analytics, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1");
    expect(tables.map((t) => t.table_name)).toEqual(['release_ledger', 'schema_migrations', 'team_week_metrics']);
    for (const value of await stringValuesOf(analytics)) expect(value).not.toMatch(/^[0-9a-f]{32}$/);
    const cells = await rowsOf(
      analytics,
      `SELECT status, min(contributors) AS fewest, count(*) FILTER (WHERE mean IS NOT NULL OR median IS NOT NULL OR contributors IS NOT NULL) AS with_values, count(*) AS n
       FROM team_week_metrics GROUP BY status ORDER BY status`,
    );
    const released = cells.find((c) => c.status === 'released');
    const suppressed = cells.find((c) => c.status === 'suppressed');
    expect(Number(released?.fewest)).toBeGreaterThanOrEqual(5);
    expect(Number(suppressed?.n)).toBeGreaterThan(0);
    expect(Number(suppressed?.with_values)).toBe(0);
  });

  it('finds the planted after-hours overload in the planted weeks, against peers and against their own earlier weeks', async () => {
    const plantedFrom = organisation.groundTruth.plantedFrom.toISOString().slice(0, 10);
    const weeks = await rowsOf(
      join(dataDir, 'attune.duckdb'),
      `SELECT person, week_start >= DATE '${plantedFrom}' AS planted_weeks,
         avg(after_hours_minutes + non_working_day_minutes) AS off_hours
       FROM person_week_features WHERE week_start < DATE '2026-11-23' GROUP BY ALL`,
    );
    const offHours = (person: string, planted: boolean) =>
      Number(weeks.find((w) => w.person === person && w.planted_weeks === planted)?.off_hours ?? 0);
    const planted = new Set(organisation.groundTruth.afterHoursOverload.map(pseudonymOf));
    const peers = [...new Set(weeks.map((w) => String(w.person)))].filter((p) => !planted.has(p)).map((p) => offHours(p, true));
    const peerP90 = peers.sort((a, b) => a - b)[Math.floor(peers.length * 0.9)] ?? 0;
    expect(planted.size).toBeGreaterThanOrEqual(2);
    for (const person of planted) {
      expect(offHours(person, true)).toBeGreaterThan(peerP90);
      expect(offHours(person, true)).toBeGreaterThan(2 * offHours(person, false));
    }
  });

  it('finds the planted shrinking networks: their last week has far fewer collaborators than their first', async () => {
    const weeks = await rowsOf(
      join(dataDir, 'attune.duckdb'),
      `SELECT person, week_start, distinct_collaborators FROM person_week_features ORDER BY week_start`,
    );
    const weekStarts = [...new Set(weeks.map((w) => String(w.week_start)))].sort();
    const [firstWeek, lastWeek] = [weekStarts[0], weekStarts.at(-1)];
    const collaborators = (person: string, week: string | undefined) =>
      Number(weeks.find((w) => w.person === person && w.week_start === week)?.distinct_collaborators ?? 0);
    const shrinking = organisation.groundTruth.shrinkingNetwork.map(pseudonymOf);
    const others = [...new Set(weeks.map((w) => String(w.person)))].filter((p) => !shrinking.includes(p));
    const peerMedianLast = others.map((p) => collaborators(p, lastWeek)).sort((a, b) => a - b)[Math.floor(others.length / 2)] ?? 0;
    expect(shrinking.length).toBeGreaterThanOrEqual(2);
    for (const person of shrinking) {
      expect(collaborators(person, lastWeek)).toBeLessThan(collaborators(person, firstWeek) / 2);
      expect(collaborators(person, lastWeek)).toBeLessThan(peerMedianLast);
    }
  });

  it('answers analyst queries read-only', async () => {
    const query = (sql: string) => runCli(['query', sql], { ATTUNE_DATA_DIR: dataDir });
    const ok = await query("SELECT count(*) AS cells FROM team_week_metrics WHERE status = 'released'");
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/cells\n-+\n\s*\d+\n\(1 rows\)/);
    const write = await query('DELETE FROM team_week_metrics');
    expect(write.code).not.toBe(0);
    expect(write.stderr).toMatch(/read-only/i);
    const escape = await query(`ATTACH '${join(dataDir, 'attune.duckdb')}' AS private`);
    expect(escape.code).not.toBe(0);
  });
});

describe('attune run with bad credentials or settings', () => {
  let simulator: Awaited<ReturnType<typeof startSlackSimulator>>;
  beforeAll(async () => {
    const org = generateOrganisation({ seed: 5, people: 30, weeks: 1, end: new Date(runAt) });
    simulator = await startSlackSimulator({ workspace: buildSlackWorkspace(org), token: 'xoxb-the-right-one', now: new Date(runAt), rateScale: 100 });
  });
  afterAll(() => simulator.close());

  it('a wrong token exits with code 4 (nothing read), names SLACK_BOT_TOKEN and writes nothing', async () => {
    const dataDir = join(tempDir('badtoken'), 'data');
    const result = await runCli(['run'], { ATTUNE_DATA_DIR: dataDir, SLACK_BOT_TOKEN: 'xoxb-wrong', SLACK_API_URL: simulator.url });
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/SLACK_BOT_TOKEN/);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('a bad setting exits with code 2 naming the variable, before anything is written', async () => {
    const dataDir = join(tempDir('badk'), 'data');
    const result = await runCli(['run'], { ATTUNE_DATA_DIR: dataDir, ATTUNE_RELEASE_K: '2' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/ATTUNE_RELEASE_K/);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('a query before any release says what to do', async () => {
    const result = await runCli(['query', 'SELECT 1'], { ATTUNE_DATA_DIR: join(tempDir('noquery'), 'data') });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no analytics store .*attune run/);
  });
});
