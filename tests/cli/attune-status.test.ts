import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJiraSimulator, type JiraSimulator } from '../../simulator/jira/jira-server.ts';
import { generateOrganisation } from '../../simulator/organisation/generate-organisation.ts';
import { startSlackSimulator, type SlackSimulator } from '../../simulator/slack/slack-server.ts';
import { buildSlackWorkspace } from '../../simulator/slack/slack-workspace.ts';
import { runCli, type CliResult } from '../helpers/run-cli.ts';
import { rowsOf } from '../helpers/rows-of.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { testSecretHex } from '../helpers/test-secret.ts';

const runAt = '2026-11-23T12:00:00.000Z';
const organisation = generateOrganisation({ seed: 5, people: 24, weeks: 2, end: new Date(runAt) });

/** The data rows of the table that follows `title` in the status output, split into cells on runs of 2+ spaces. */
function tableAfter(stdout: string, title: string): string[][] {
  const lines = stdout.split('\n');
  const start = lines.findIndex((line) => line.startsWith(title));
  if (start < 0) throw new Error(`no "${title}" in ${stdout}`);
  const end = lines.findIndex((line, i) => i > start && /^\(\d+ rows\)$/.test(line));
  return lines.slice(start + 3, end).map((line) => line.trim().split(/\s{2,}/));
}

describe('attune status after a run with a failing stream (Jira) and a source refusing its credentials (Slack)', () => {
  let sim: JiraSimulator;
  let slack: SlackSimulator;
  const dataDir = join(tempDir('status'), 'data');
  const privateRows = (sql: string) => rowsOf(join(dataDir, 'attune.duckdb'), sql);
  let run: CliResult;
  let status: CliResult;

  beforeAll(async () => {
    sim = await startJiraSimulator({ organisation, now: new Date(runAt), rateScale: 100, malformed: 3 });
    slack = await startSlackSimulator({ workspace: buildSlackWorkspace(organisation), token: 'xoxb-the-right-one', now: new Date(runAt), rateScale: 100 });
    const env = {
      ATTUNE_DATA_DIR: dataDir,
      ATTUNE_PSEUDONYM_KEY: testSecretHex,
      ATTUNE_RUN_AT: runAt,
      ATTUNE_BACKFILL_DAYS: '14',
      ATTUNE_RETRY_ATTEMPTS: '2',
      ATTUNE_RETRY_BASE_MS: '5',
      JIRA_HOST: sim.host,
      JIRA_EMAIL: sim.email,
      JIRA_API_TOKEN: sim.apiToken,
      SLACK_BOT_TOKEN: 'xoxb-a-revoked-one',
      SLACK_API_URL: slack.url,
    };
    const issue = sim.site.issues.find((i) => i.created < Date.parse(runAt) && i.worklogs.length > 0)!;
    sim.faults.setOutage(`worklog ${issue.id}`);
    run = await runCli(['run'], env);
    sim.faults.setOutage(null);
    status = await runCli(['status'], env);
  }, 240_000);
  afterAll(() => Promise.all([sim.close(), slack.close()]));

  it('shows each stream kind with its last sync, lag and quarantined records, and the events stored', async () => {
    expect(run.code, run.stderr).toBe(3);
    expect(status.code, status.stderr).toBe(0);
    const [projects] = await privateRows("SELECT count(*)::INTEGER AS n FROM sync_state WHERE stream LIKE 'project:%'");
    const [quarantined] = await privateRows('SELECT count(*)::INTEGER AS n FROM quarantine');
    const [events] = await privateRows("SELECT count(*)::INTEGER AS n FROM events WHERE source = 'jira' AND kind = 'worklog'");
    expect(Number(quarantined?.n)).toBeGreaterThan(0);
    const streams = tableAfter(status.stdout, 'streams, per source and kind');
    expect(streams).toHaveLength(1);
    const [source, kind, count, lastSync, lag, held] = streams[0]!;
    expect([source, kind, Number(count), Number(held)]).toEqual(['jira', 'project', Number(projects?.n), Number(quarantined?.n)]);
    expect(lastSync).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z$/);
    expect(lag).toMatch(/^\d+ min$/);
    expect(tableAfter(status.stdout, 'events stored')).toContainEqual(['jira', 'worklog', String(events?.n)]);
  });

  it("shows the run with the failed stream and the refused source, each with its error, each source's last error, and the release", async () => {
    const runs = tableAfter(status.stdout, 'last 5 runs');
    expect(runs.map((r) => r.slice(1, 6))).toEqual([
      ['jira', 'ok', expect.stringMatching(/^[1-9]\d*$/), '0', '1'],
      ['slack', 'failed', '0', '0', '0'],
    ]);
    const [jiraError, slackError] = runs.map((r) => r[8]);
    expect(jiraError).toMatch(/Jira worklog answered HTTP 503/);
    expect(slackError).toMatch(/SLACK_BOT_TOKEN/);
    expect(tableAfter(status.stdout, 'last error per source')).toEqual([
      ['jira', expect.any(String), jiraError],
      ['slack', expect.any(String), slackError],
    ]);
    const [releases] = await privateRows('SELECT count(*)::INTEGER AS n FROM release_outbox');
    expect(Number(releases?.n)).toBeGreaterThan(0);
    expect(tableAfter(status.stdout, 'last 5 releases')).toHaveLength(Number(releases?.n));
    // The refused source read no stream kind, so has no waits to show.
    expect(tableAfter(status.stdout, 'rate-limit waits in the last 5 runs').map((r) => r.slice(1, 3))).toEqual([['jira', 'project']]);
  });

  it('names no person: no pseudonym, stream id, e-mail or name', async () => {
    const pseudonyms = (await privateRows('SELECT pseudonym AS id FROM people UNION SELECT stream FROM sync_state UNION SELECT actor FROM events')).map((r) => String(r.id));
    expect(pseudonyms.length).toBeGreaterThan(0);
    const people = organisation.people.flatMap((p) => [p.email, `${p.givenName} ${p.familyName}`]);
    for (const needle of [...pseudonyms, ...people]) expect(status.stdout.includes(needle), `${needle} in the status`).toBe(false);
    expect(status.stdout).not.toMatch(/@/);
  });
});

describe('attune status shows the rate-limit waits per source and stream kind: a run through 429s, then a run without', () => {
  let sim: JiraSimulator;
  const dataDir = join(tempDir('status-waits'), 'data');
  let env: Record<string, string>;
  let stormed: number;
  let statusAfterStorm: CliResult;
  let statusAfterCalm: CliResult;

  /** The rows of the waits table, newest run first, as [source, kind, throttled waits, throttled s, paced waits, paced s]. */
  const waitRows = (status: CliResult) => tableAfter(status.stdout, 'rate-limit waits in the last 5 runs').map((r) => r.slice(1));

  beforeAll(async () => {
    sim = await startJiraSimulator({ organisation, now: new Date(runAt), rateScale: 100 });
    env = {
      ATTUNE_DATA_DIR: dataDir,
      ATTUNE_PSEUDONYM_KEY: testSecretHex,
      ATTUNE_RUN_AT: runAt,
      ATTUNE_BACKFILL_DAYS: '14',
      JIRA_HOST: sim.host,
      JIRA_EMAIL: sim.email,
      JIRA_API_TOKEN: sim.apiToken,
    };
    sim.injectRateLimitStorm(4, 'search');
    const stormRun = await runCli(['run'], env);
    expect(stormRun.code, stormRun.stderr).toBe(0);
    stormed = sim.rateLimited();
    statusAfterStorm = await runCli(['status'], env);
    const calmRun = await runCli(['run'], env);
    expect(calmRun.code, calmRun.stderr).toBe(0);
    statusAfterCalm = await runCli(['status'], env);
  }, 240_000);
  afterAll(() => sim.close());

  it("counts each 429 the simulator served as a throttled wait of about its Retry-After (1 s), under the streams' kind", () => {
    expect(stormed).toBe(4);
    expect(statusAfterStorm.code, statusAfterStorm.stderr).toBe(0);
    const rows = waitRows(statusAfterStorm);
    expect(rows.map((r) => r.slice(0, 2))).toEqual([['jira', 'project']]);
    const [, , throttled, throttledSeconds] = rows[0]!;
    expect(Number(throttled)).toBeGreaterThanOrEqual(stormed);
    expect(Number(throttledSeconds)).toBeGreaterThanOrEqual(0.9 * stormed);
  });

  it('shows zero throttled waits for the run the server did not rate-limit, above the earlier run', () => {
    expect(sim.rateLimited()).toBe(stormed);
    expect(statusAfterCalm.code, statusAfterCalm.stderr).toBe(0);
    const [calm, stormy] = waitRows(statusAfterCalm);
    expect(calm!.slice(0, 4)).toEqual(['jira', 'project', '0', '0']);
    expect(stormy).toEqual(waitRows(statusAfterStorm)[0]);
  });
});
