import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGoogleSimulator, type GoogleSimulator } from '../../simulator/google/google-server.ts';
import { DELEGATED_SCOPES } from '../../simulator/google/google-token-service.ts';
import { startJiraSimulator, type JiraSimulator } from '../../simulator/jira/jira-server.ts';
import { startMicrosoftSimulator, type MicrosoftSimulator } from '../../simulator/microsoft/microsoft-server.ts';
import { generateOrganisation } from '../../simulator/organisation/generate-organisation.ts';
import { SLACK_GRANTED_SCOPES } from '../../simulator/slack/slack-scopes.ts';
import { startSlackSimulator, type SlackSimulator } from '../../simulator/slack/slack-server.ts';
import { buildSlackWorkspace } from '../../simulator/slack/slack-workspace.ts';
import { runCli } from '../helpers/run-cli.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { testSecretHex } from '../helpers/test-secret.ts';

const runAt = '2026-11-23T12:00:00.000Z';
const organisation = generateOrganisation({ seed: 5, people: 24, weeks: 2, end: new Date(runAt) });
const now = new Date(runAt);
const slackToken = 'xoxb-connect-test-token-1234567890';

/** Connects the test's simulators under a fresh connection file each; every source a good and an under-scoped simulator. */
describe('attune connect checks credentials against each API, names what is missing and keeps what works', () => {
  const dir = tempDir('connect');
  const sims = {} as {
    slack: SlackSimulator;
    slackShort: SlackSimulator;
    slackNoNudges: SlackSimulator;
    google: GoogleSimulator;
    googleShort: GoogleSimulator;
    googleNoSend: GoogleSimulator;
    microsoft: MicrosoftSimulator;
    microsoftShort: MicrosoftSimulator;
    microsoftNoSend: MicrosoftSimulator;
    jira: JiraSimulator;
    jiraShort: JiraSimulator;
  };
  let files = 0;
  /** A fresh connection file and data directory. */
  const base = () => {
    files++;
    return { ATTUNE_CONNECTION_FILE: join(dir, `connections-${files}.json`), ATTUNE_DATA_DIR: join(dir, `data-${files}`), ATTUNE_RETRY_ATTEMPTS: '1' };
  };
  /** The same, trusting a Microsoft simulator's self-signed certificate (one at a time: the simulators' certificates share a subject). */
  const trusting = (sim: MicrosoftSimulator) => {
    const caFile = join(dir, `microsoft-ca-${sim.tenantId}.pem`);
    writeFileSync(caFile, sim.ca);
    return { ...base(), NODE_EXTRA_CA_CERTS: caFile };
  };
  const keyFileOf = (sim: GoogleSimulator, name: string) => {
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify(sim.credentials.serviceAccount));
    return path;
  };

  beforeAll(async () => {
    const workspace = buildSlackWorkspace(organisation, {});
    const options = { organisation, now, rateScale: 100 };
    const slackScopes = SLACK_GRANTED_SCOPES.filter((s) => s !== 'users:read.email' && s !== 'usergroups:read');
    const directoryOnly = DELEGATED_SCOPES.filter((s) => !s.endsWith('calendar.readonly'));
    const readsOnly = DELEGATED_SCOPES.filter((s) => !s.endsWith('gmail.send'));
    const readOnlyScopes = SLACK_GRANTED_SCOPES.filter((s) => s !== 'chat:write' && s !== 'im:write');
    [sims.slack, sims.slackShort, sims.slackNoNudges, sims.google, sims.googleShort, sims.googleNoSend, sims.microsoft, sims.microsoftShort, sims.microsoftNoSend, sims.jira, sims.jiraShort] = await Promise.all([
      startSlackSimulator({ workspace, token: slackToken, now }),
      startSlackSimulator({ workspace, token: slackToken, now, scopes: slackScopes }),
      startSlackSimulator({ workspace, token: slackToken, now, scopes: readOnlyScopes }),
      startGoogleSimulator(options),
      startGoogleSimulator({ ...options, delegatedScopes: directoryOnly }),
      startGoogleSimulator({ ...options, delegatedScopes: readsOnly }),
      startMicrosoftSimulator(options),
      startMicrosoftSimulator(options),
      startMicrosoftSimulator(options),
      startJiraSimulator(options),
      startJiraSimulator({ ...options, withheldPermissions: ['USER_PICKER'] }),
    ]);
    sims.microsoftShort.withholdPermission('Chat.Read.All');
    sims.microsoftShort.withholdPermission('MailboxSettings.Read');
    sims.microsoftNoSend.withholdPermission('Mail.Send');
  }, 60_000);
  afterAll(async () => {
    await Promise.all(Object.values(sims).map((sim) => sim.close()));
  });

  /** The settings of each source against a simulator, as flags. */
  const slackFlags = (sim: SlackSimulator, token = slackToken) => ['slack', '--bot-token', token, '--api-url', sim.url];
  const googleFlags = (sim: GoogleSimulator, keyFile: string) => ['google', '--service-account-file', keyFile, '--admin-email', sim.credentials.adminEmail, '--api-url', sim.url];
  const microsoftFlags = (sim: MicrosoftSimulator, secret = sim.clientSecret) => [
    'microsoft',
    '--tenant-id',
    sim.tenantId,
    '--client-id',
    sim.clientId,
    '--client-secret',
    secret,
    '--graph-url',
    sim.baseUrl,
    '--login-url',
    sim.loginUrl,
  ];
  const jiraFlags = (sim: JiraSimulator, token = sim.apiToken) => ['jira', '--host', sim.host, '--email', sim.email, '--api-token', token];

  it('slack: good credentials are saved 0600 without printing the token; a wrong token and missing scopes are named and save nothing', async () => {
    const env = base();
    const good = await runCli(['connect', ...slackFlags(sims.slack)], env);
    expect(good.code, good.stderr + good.stdout).toBe(0);
    expect(good.stdout).toMatch(/slack: connected/);
    expect(good.stdout + good.stderr).not.toContain(slackToken);
    expect(good.stdout).toContain('SLACK_BOT_TOKEN: set (');
    expect(statSync(env.ATTUNE_CONNECTION_FILE).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(env.ATTUNE_CONNECTION_FILE, 'utf8'))).toEqual({ version: 1, sources: { slack: { SLACK_BOT_TOKEN: slackToken, SLACK_API_URL: sims.slack.url } } });

    const other = base();
    const wrong = await runCli(['connect', ...slackFlags(sims.slack, 'xoxb-not-the-token')], other);
    expect(wrong.code).toBe(2);
    expect(wrong.stdout).toMatch(/slack: refused: Slack refused the bot token \(invalid_auth\): set SLACK_BOT_TOKEN/);
    expect(wrong.stdout).not.toContain('xoxb-not-the-token');

    const short = await runCli(['connect', ...slackFlags(sims.slackShort)], other);
    expect(short.code).toBe(2);
    expect(short.stdout).toMatch(/lack 2 scopes or permissions:\n  missing: users:read\.email\n  missing: usergroups:read\n/);
    expect(short.stdout).toMatch(/Bot Token Scopes, reinstall the app .* then run attune connect slack again; nothing saved/);
    expect(() => statSync(other.ATTUNE_CONNECTION_FILE)).toThrow();
  }, 60_000);

  it('slack: a token without the nudge scopes is refused naming each, unless nudges are off', async () => {
    const env = base();
    const short = await runCli(['connect', ...slackFlags(sims.slackNoNudges)], env);
    expect(short.code, short.stderr).toBe(2);
    expect(short.stdout).toMatch(/lack 2 scopes or permissions:\n  missing: im:write \(to send nudges; or set ATTUNE_NUDGES=off\)\n  missing: chat:write \(to send nudges; or set ATTUNE_NUDGES=off\)\n/);
    expect(() => statSync(env.ATTUNE_CONNECTION_FILE)).toThrow();

    const withoutNudges = await runCli(['connect', ...slackFlags(sims.slackNoNudges)], { ...env, ATTUNE_NUDGES: 'off' });
    expect(withoutNudges.code, withoutNudges.stderr + withoutNudges.stdout).toBe(0);
    expect(withoutNudges.stdout).toMatch(/slack: connected/);
  }, 120_000);

  it('google: a delegated key is saved; a key issued by another tenant is refused; a scope delegation lacks is named', async () => {
    const env = base();
    const good = await runCli(['connect', ...googleFlags(sims.google, keyFileOf(sims.google, 'good.json'))], env);
    expect(good.code, good.stderr + good.stdout).toBe(0);
    expect(good.stdout).not.toContain('PRIVATE KEY');

    const wrong = await runCli(['connect', ...googleFlags(sims.google, keyFileOf(sims.googleShort, 'other.json'))], base());
    expect(wrong.code).toBe(2);
    expect(wrong.stdout).toMatch(/google: refused: Google refused the access token \(401 authError\): check GOOGLE_SERVICE_ACCOUNT_FILE/);

    const short = await runCli(['connect', ...googleFlags(sims.googleShort, keyFileOf(sims.googleShort, 'short.json'))], base());
    expect(short.code).toBe(2);
    expect(short.stdout).toContain('  missing: https://www.googleapis.com/auth/calendar.readonly\n');
    expect(short.stdout).not.toContain('missing: https://www.googleapis.com/auth/admin.directory');
    expect(short.stdout).toMatch(/Domain-wide delegation/);
  }, 60_000);

  it('google: with nudges sent by e-mail (ATTUNE_NUDGE_SENDER), a gmail scope delegation lacks is named; without a sender it is not asked for', async () => {
    const flags = googleFlags(sims.googleNoSend, keyFileOf(sims.googleNoSend, 'no-send.json'));
    const env = base();
    const short = await runCli(['connect', ...flags], { ...env, ATTUNE_NUDGE_SENDER: sims.googleNoSend.credentials.adminEmail });
    expect(short.code, short.stderr).toBe(2);
    expect(short.stdout).toMatch(/lack one scope or permission:\n  missing: https:\/\/www\.googleapis\.com\/auth\/gmail\.send \(to send nudges; or set ATTUNE_NUDGES=off\)\n/);
    expect(() => statSync(env.ATTUNE_CONNECTION_FILE)).toThrow();

    const withoutSender = await runCli(['connect', ...flags], env);
    expect(withoutSender.code, withoutSender.stderr + withoutSender.stdout).toBe(0);
  }, 120_000);

  it('microsoft: a consented app is saved; a wrong secret is refused naming MS_CLIENT_SECRET; each withheld permission is named', async () => {
    const good = await runCli(['connect', ...microsoftFlags(sims.microsoft)], trusting(sims.microsoft));
    expect(good.code, good.stderr + good.stdout).toBe(0);
    expect(good.stdout).not.toContain(sims.microsoft.clientSecret);

    const wrong = await runCli(['connect', ...microsoftFlags(sims.microsoft, 'sim~not-the-secret')], trusting(sims.microsoft));
    expect(wrong.code).toBe(2);
    expect(wrong.stdout).toMatch(/microsoft: refused: .*MS_CLIENT_SECRET/);
    expect(wrong.stdout).not.toContain('sim~not-the-secret');

    const short = await runCli(['connect', ...microsoftFlags(sims.microsoftShort)], trusting(sims.microsoftShort));
    expect(short.code).toBe(2);
    expect(short.stdout).toMatch(/  missing: MailboxSettings\.Read\n  missing: Chat\.Read\.All\n/);
    expect(short.stdout).not.toMatch(/missing: (User\.Read\.All|Calendars\.ReadBasic)/);
    expect(short.stdout).toMatch(/grant admin consent/);
  }, 60_000);

  it("microsoft: with nudges sent by e-mail (ATTUNE_NUDGE_SENDER), Mail.Send missing from the token's permissions is named; without a sender it is not asked for", async () => {
    const env = trusting(sims.microsoftNoSend);
    const short = await runCli(['connect', ...microsoftFlags(sims.microsoftNoSend)], { ...env, ATTUNE_NUDGE_SENDER: organisation.people[0]!.email });
    expect(short.code, short.stderr).toBe(2);
    expect(short.stdout).toMatch(/lack one scope or permission:\n  missing: Mail\.Send \(to send nudges; or set ATTUNE_NUDGES=off\)\n/);
    expect(() => statSync(env.ATTUNE_CONNECTION_FILE)).toThrow();

    const withoutSender = await runCli(['connect', ...microsoftFlags(sims.microsoftNoSend)], env);
    expect(withoutSender.code, withoutSender.stderr + withoutSender.stdout).toBe(0);
  }, 120_000);

  it('jira: a good token is saved and attune run reads the file (no simulated workspace); a wrong token and a missing permission save nothing', async () => {
    const env = base();
    const good = await runCli(['connect', ...jiraFlags(sims.jira)], env);
    expect(good.code, good.stderr + good.stdout).toBe(0);
    expect(good.stdout).not.toContain(sims.jira.apiToken);

    const run = await runCli(['run'], { ...env, ATTUNE_PSEUDONYM_KEY: testSecretHex, ATTUNE_RUN_AT: runAt, ATTUNE_BACKFILL_DAYS: '14' });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/\n  jira: \d+ people/);
    expect(run.stdout).not.toMatch(/simulated/);
    expect(run.stderr).toMatch(/not configured: slack, google, microsoft/);

    // A source's variables in the environment win over the file, whole: a wrong token there is what the run uses.
    const overridden = await runCli(['run'], { ...env, ATTUNE_PSEUDONYM_KEY: testSecretHex, ATTUNE_RUN_AT: runAt, JIRA_HOST: sims.jira.host, JIRA_EMAIL: sims.jira.email, JIRA_API_TOKEN: 'wrong' });
    expect(overridden.code).toBe(4);
    expect(overridden.stderr).toMatch(/jira: Jira refused the credentials \(HTTP 401\)/);

    const wrong = await runCli(['connect', ...jiraFlags(sims.jira, 'not-the-token')], base());
    expect(wrong.code).toBe(2);
    expect(wrong.stdout).toMatch(/jira: refused: Jira refused the credentials \(HTTP 401\)/);

    const short = await runCli(['connect', ...jiraFlags(sims.jiraShort)], base());
    expect(short.code).toBe(2);
    expect(short.stdout).toContain('  missing: Browse users and groups (global)\n');
    expect(short.stdout).not.toContain('missing: Browse projects');
  }, 180_000);

  it('a connection file inside the data directory, or one others may read, is refused with what to do', async () => {
    const env = base();
    const inside = await runCli(['connect', ...jiraFlags(sims.jira)], { ...env, ATTUNE_CONNECTION_FILE: join(env.ATTUNE_DATA_DIR, 'connections.json') });
    expect(inside.code).toBe(2);
    expect(inside.stderr).toMatch(/is inside the data directory: keep credentials elsewhere/);

    writeFileSync(env.ATTUNE_CONNECTION_FILE, '{"version":1,"sources":{}}', { mode: 0o644 });
    const open = await runCli(['status'], env);
    expect(open.code).toBe(2);
    expect(open.stderr).toMatch(/others may read it: run chmod 600/);
  }, 60_000);
});
