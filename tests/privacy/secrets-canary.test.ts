import { createServer, type Server } from 'node:http';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DefaultFailureConverter, defaultPayloadConverter } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities, type Activities } from '../../activities/create-activities.ts';
import { toTemporalFailure } from '../../activities/with-temporal-failures.ts';
import { createConnectors } from '../../cli/configured-connectors.ts';
import type { SourceSettings } from '../../cli/source-settings.ts';
import type { Source } from '../../models/source.ts';
import { startGoogleSimulator, type GoogleSimulator } from '../../simulator/google/google-server.ts';
import { startJiraSimulator, type JiraSimulator } from '../../simulator/jira/jira-server.ts';
import { startMicrosoftSimulator, type MicrosoftSimulator } from '../../simulator/microsoft/microsoft-server.ts';
import { generateOrganisation } from '../../simulator/organisation/generate-organisation.ts';
import { startSlackSimulator, type SlackSimulator } from '../../simulator/slack/slack-server.ts';
import { buildSlackWorkspace } from '../../simulator/slack/slack-workspace.ts';
import { openPrivateStore } from '../../store/open-private-store.ts';
import { createPseudonymizer } from '../../transforms/pseudonymizer.ts';
import { syncSource } from '../../workflows/sync-source.ts';
import { inProcessDeps } from '../helpers/in-process-deps.ts';
import { runCli, type CliResult } from '../helpers/run-cli.ts';
import { filesUnder, rawTextOf, stringValuesOf } from '../helpers/scan-data-dir.ts';
import { tempDir } from '../helpers/temp-dir.ts';

// Issue 12, item 8: tokens, client secrets and keys never appear in output, logs, errors, stores or
// Temporal payloads. Every secret below is random, so finding one anywhere means it was copied there.

const runAt = '2026-11-23T12:00:00.000Z';
const now = new Date(runAt);
const organisation = generateOrganisation({ seed: 8, people: 24, weeks: 1, end: now });
const dir = tempDir('secrets-canary');
const dataDir = join(dir, 'data');
const connectionFile = join(dir, 'config', 'connections.json');

const installationKey = randomBytes(32);
const slackToken = `xoxb-${randomBytes(20).toString('hex')}`;
const wrongSlackToken = `xoxb-${randomBytes(20).toString('hex')}`;
const wrongClientSecret = `wrong~${randomBytes(18).toString('base64url')}`;
const wrongJiraToken = `ATATT3x${randomBytes(18).toString('hex')}`;

/** A secret and the forms it could leak in: as written, base64 and hex of its bytes. */
interface Canary {
  name: string;
  forms: string[];
}

/** The forms of a text secret (raw, base64, hex of its UTF-8). */
const textCanary = (name: string, secret: string): Canary => ({
  name,
  forms: [secret, Buffer.from(secret).toString('base64'), Buffer.from(secret).toString('hex')],
});

/** The forms of a binary secret (its bytes read as latin1, so a raw scan sees them; hex; base64, base64url). */
const bytesCanary = (name: string, bytes: Buffer): Canary => ({
  name,
  forms: [bytes.toString('latin1'), bytes.toString('hex'), bytes.toString('base64'), bytes.toString('base64url')],
});

/** The distinctive parts of an RSA private key in PEM: a run of its base64 body and of its DER bytes. */
function privateKeyCanary(name: string, pem: string): Canary {
  const body = pem.replace(/-----[^-]+-----|\s/g, '');
  const der = Buffer.from(body, 'base64');
  return { name, forms: [body.slice(200, 260), der.subarray(300, 340).toString('hex'), der.subarray(300, 340).toString('latin1')] };
}

/** Every canary found in `texts`: which secret, which of its forms, where. */
function leaksIn(canaries: readonly Canary[], texts: readonly { where: string; text: string }[]): string[] {
  return texts.flatMap(({ where, text }) =>
    canaries.flatMap(({ name, forms }) => forms.filter((form) => text.includes(form)).map((form) => `${name} (${form.slice(0, 12)}…) in ${where}`)),
  );
}

/** A hostile vendor: answers every request with HTTP 500 and the request itself (headers, body) as JSON, as a misbehaving proxy might. */
async function startEchoServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: false, error: 'internal_error', errorMessages: [JSON.stringify({ url: req.url, headers: req.headers, body })], request: { headers: req.headers, body } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('secrets canary: no credential of any source, nor the installation key, is printed, stored or put in a Temporal payload', () => {
  const sims = {} as { slack: SlackSimulator; google: GoogleSimulator; microsoft: MicrosoftSimulator; jira: JiraSimulator };
  let echo: Awaited<ReturnType<typeof startEchoServer>>;
  let canaries: Canary[];
  const outputs: { where: string; text: string }[] = [];
  const caFile = join(dir, 'microsoft-ca.pem');
  const keyFile = join(dir, 'google-key.json');
  const wrongKeyFile = join(dir, 'google-wrong-key.json');
  const echoKeyFile = join(dir, 'google-echo-key.json');

  /** Runs attune and keeps what it printed for the scan. */
  const attune = async (args: string[], env: Record<string, string>): Promise<CliResult> => {
    const result = await runCli(args, { ATTUNE_CONNECTION_FILE: connectionFile, NODE_EXTRA_CA_CERTS: caFile, ATTUNE_RETRY_ATTEMPTS: '2', ATTUNE_RETRY_BASE_MS: '5', ...env });
    outputs.push({ where: `attune ${args.join(' ')}: stdout`, text: result.stdout }, { where: `attune ${args.join(' ')}: stderr`, text: result.stderr });
    return result;
  };
  const runEnv = { ATTUNE_DATA_DIR: dataDir, ATTUNE_PSEUDONYM_KEY: installationKey.toString('hex'), ATTUNE_RUN_AT: runAt, ATTUNE_BACKFILL_DAYS: '7' };

  beforeAll(async () => {
    const options = { organisation, now, rateScale: 100 };
    [sims.slack, sims.google, sims.microsoft, sims.jira, echo] = await Promise.all([
      startSlackSimulator({ workspace: buildSlackWorkspace(organisation, {}), token: slackToken, now, rateScale: 100 }),
      startGoogleSimulator(options),
      startMicrosoftSimulator(options),
      startJiraSimulator(options),
      startEchoServer(),
    ]);
    writeFileSync(caFile, sims.microsoft.ca);
    const serviceAccount = sims.google.credentials.serviceAccount;
    writeFileSync(keyFile, JSON.stringify(serviceAccount));
    const wrongPem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const wrongKey = { ...serviceAccount, private_key: wrongPem, private_key_id: randomBytes(20).toString('hex') };
    writeFileSync(wrongKeyFile, JSON.stringify(wrongKey));
    writeFileSync(echoKeyFile, JSON.stringify({ ...serviceAccount, token_uri: `${echo.url}/token` }));
    const jiraBasic = (token: string) => Buffer.from(`${sims.jira.email}:${token}`).toString('base64');
    canaries = [
      bytesCanary('the installation key', installationKey),
      textCanary('the Slack bot token', slackToken),
      textCanary('the wrong Slack bot token', wrongSlackToken),
      privateKeyCanary('the Google service account key', serviceAccount.private_key),
      textCanary('the Google private key id', serviceAccount.private_key_id),
      privateKeyCanary('the wrong Google key', wrongPem),
      textCanary('the Microsoft client secret', sims.microsoft.clientSecret),
      textCanary('the wrong Microsoft client secret', wrongClientSecret),
      textCanary('the Jira API token', sims.jira.apiToken),
      { name: 'the Jira basic credentials', forms: [jiraBasic(sims.jira.apiToken)] },
      textCanary('the wrong Jira API token', wrongJiraToken),
    ];
  }, 60_000);
  afterAll(async () => {
    await Promise.all([...Object.values(sims).map((sim) => sim.close()), echo.close()]);
  });

  it('finds a canary in every form it looks for: the scan is not blind', () => {
    // Each planted form is found in its own line. A line may also hold another form of the same
    // secret (base64 holds base64url when the bytes encode without '+' or '/'), so the check is
    // per line, not a total count.
    for (const { name, forms } of canaries) {
      for (const form of forms) {
        const where = `planted ${name} form ${forms.indexOf(form)}`;
        expect(leaksIn(canaries, [{ where, text: `log line ${form} end` }])).toContain(`${name} (${form.slice(0, 12)}…) in ${where}`);
      }
    }
  });

  it('connects, runs, fails (wrong credentials, 5xx, an echoing server) and reports without printing or storing a secret', async () => {
    const microsoft = ['--tenant-id', sims.microsoft.tenantId, '--client-id', sims.microsoft.clientId];
    const microsoftUrls = ['--graph-url', sims.microsoft.baseUrl, '--login-url', sims.microsoft.loginUrl];
    for (const [args, label] of [
      [['slack', '--bot-token', slackToken, '--api-url', sims.slack.url], 'slack'],
      [['google', '--service-account-file', keyFile, '--admin-email', sims.google.credentials.adminEmail, '--api-url', sims.google.url], 'google'],
      [['microsoft', ...microsoft, '--client-secret', sims.microsoft.clientSecret, ...microsoftUrls], 'microsoft'],
      [['jira', '--host', sims.jira.host, '--email', sims.jira.email, '--api-token', sims.jira.apiToken], 'jira'],
    ] as const) {
      const connected = await attune(['connect', ...args], { ATTUNE_DATA_DIR: dataDir });
      expect(connected.code, `${label}: ${connected.stderr}`).toBe(0);
    }
    const wrongConnect = await attune(['connect', 'microsoft', ...microsoft, '--client-secret', wrongClientSecret, ...microsoftUrls], { ATTUNE_DATA_DIR: dataDir, ATTUNE_CONNECTION_FILE: join(dir, 'config', 'refused.json') });
    expect(wrongConnect.code).not.toBe(0);

    const ran = await attune(['run'], runEnv);
    expect(ran.code, ran.stderr).toBe(0);
    for (const source of ['slack', 'google', 'microsoft', 'jira']) expect(ran.stdout).toMatch(new RegExp(`${source}: .* 0 failed`));

    const wrong = await attune(['run'], {
      ...runEnv,
      SLACK_BOT_TOKEN: wrongSlackToken, SLACK_API_URL: sims.slack.url,
      GOOGLE_SERVICE_ACCOUNT_FILE: wrongKeyFile, GOOGLE_ADMIN_EMAIL: sims.google.credentials.adminEmail, GOOGLE_API_URL: sims.google.url,
      MS_TENANT_ID: sims.microsoft.tenantId, MS_CLIENT_ID: sims.microsoft.clientId, MS_CLIENT_SECRET: wrongClientSecret, MS_GRAPH_URL: sims.microsoft.baseUrl, MS_LOGIN_URL: sims.microsoft.loginUrl,
      JIRA_HOST: sims.jira.host, JIRA_EMAIL: sims.jira.email, JIRA_API_TOKEN: wrongJiraToken,
    });
    expect(wrong.code, wrong.stderr).not.toBe(0);

    for (const [sim, endpoint] of [[sims.slack, 'conversations.history'], [sims.google, 'users'], [sims.microsoft, '/users'], [sims.jira, 'search']] as const) sim.faults.setOutage(endpoint);
    const outage = await attune(['run'], runEnv);
    for (const sim of Object.values(sims)) sim.faults.setOutage(null);
    expect(outage.code, outage.stderr).not.toBe(0);

    // A vendor echoing the request back (Jira's basic credentials in it) with a 500; the in-process test below echoes Slack and Google too.
    const echoed = await attune(['run'], { ...runEnv, JIRA_HOST: echo.url, JIRA_EMAIL: sims.jira.email, JIRA_API_TOKEN: sims.jira.apiToken });
    expect(echoed.code, echoed.stderr).not.toBe(0);
    const status = await attune(['status'], runEnv);
    expect(status.code, status.stderr).toBe(0);

    // The connection file is where credentials are meant to be: outside the data directory, 0600, and the scan finds them there.
    const kept = readFileSync(connectionFile, 'utf8');
    expect(statSync(connectionFile).mode & 0o777).toBe(0o600);
    const keptSecrets = new Set(leaksIn(canaries, [{ where: connectionFile, text: kept }]).map((leak) => leak.split(' (')[0]));
    expect(keptSecrets).toEqual(new Set(['the Slack bot token', 'the Microsoft client secret', 'the Jira API token']));

    const stores = filesUnder(dataDir).filter((path) => path.endsWith('.duckdb'));
    expect(stores).toContain(join(dataDir, 'attune.duckdb'));
    const storeValues = await Promise.all(stores.map(async (path) => ({ where: `${path} (values)`, text: (await stringValuesOf(path)).join('\n') })));
    const everything = [...outputs, ...rawTextOf(dataDir).map(({ path, text }) => ({ where: path, text })), ...storeValues];
    expect(leaksIn(canaries, everything)).toEqual([]);
  }, 900_000);

  it('puts no secret in any activity input, result or failure a Temporal worker would hand the server, also when a source refuses or echoes', async () => {
    const pseudonymize = createPseudonymizer(installationKey);
    const settingsOf = (overrides: Partial<SourceSettings>): SourceSettings => ({
      rateScale: 100,
      retry: { attemptsPerRequest: 1, baseDelayMs: 5 },
      slack: { token: slackToken, apiUrl: sims.slack.url },
      google: { serviceAccount: sims.google.credentials.serviceAccount, adminEmail: sims.google.credentials.adminEmail, apiUrl: sims.google.url },
      microsoft: { tenantId: sims.microsoft.tenantId, clientId: sims.microsoft.clientId, clientSecret: sims.microsoft.clientSecret, graphUrl: sims.microsoft.baseUrl, loginUrl: sims.microsoft.loginUrl, ca: sims.microsoft.ca },
      jira: { host: sims.jira.host, email: sims.jira.email, apiToken: sims.jira.apiToken, identityMap: undefined },
      ...overrides,
    });
    const wrong = settingsOf({
      slack: { token: wrongSlackToken, apiUrl: sims.slack.url },
      google: { serviceAccount: JSON.parse(readFileSync(wrongKeyFile, 'utf8')), adminEmail: sims.google.credentials.adminEmail, apiUrl: sims.google.url },
      microsoft: { tenantId: sims.microsoft.tenantId, clientId: sims.microsoft.clientId, clientSecret: wrongClientSecret, graphUrl: sims.microsoft.baseUrl, loginUrl: sims.microsoft.loginUrl, ca: sims.microsoft.ca },
      jira: { host: sims.jira.host, email: sims.jira.email, apiToken: wrongJiraToken, identityMap: undefined },
    });
    const echoing = settingsOf({
      slack: { token: slackToken, apiUrl: `${echo.url}/api/` },
      google: { serviceAccount: JSON.parse(readFileSync(echoKeyFile, 'utf8')), adminEmail: sims.google.credentials.adminEmail, apiUrl: `${echo.url}/` },
      jira: { host: echo.url, email: sims.jira.email, apiToken: sims.jira.apiToken, identityMap: undefined },
    });
    const failures = new DefaultFailureConverter();
    const payloads: { where: string; text: string }[] = [];
    const store = await openPrivateStore(join(dir, 'in-process'));
    try {
      for (const [label, settings] of [['good', settingsOf({})], ['wrong credentials', wrong], ['echoing server', echoing]] as const) {
        const real = createActivities(inProcessDeps(join(dir, 'in-process'), { connectors: createConnectors(settings, pseudonymize), store }));
        // Each activity as a worker runs it: its input and result become payloads, its error a Temporal failure.
        const recorded = Object.fromEntries(
          Object.entries(real).map(([name, activity]) => [
            name,
            async (input: unknown) => {
              const where = `${label}: ${name}`;
              payloads.push({ where: `${where} input`, text: Buffer.from(defaultPayloadConverter.toPayload(input).data ?? []).toString('latin1') });
              try {
                const result = await (activity as (input: unknown) => Promise<unknown>)(input);
                payloads.push({ where: `${where} result`, text: Buffer.from(defaultPayloadConverter.toPayload(result).data ?? []).toString('latin1') });
                return result;
              } catch (error) {
                const failure = failures.errorToFailure(toTemporalFailure(error) as Error, defaultPayloadConverter);
                payloads.push({ where: `${where} failure`, text: JSON.stringify(failure) });
                throw error;
              }
            },
          ]),
        ) as unknown as Activities;
        for (const source of ['slack', 'google', 'microsoft', 'jira'] as Source[]) {
          // A refused source ends its sync with the error (recorded above as the failure a worker would send).
          await syncSource(recorded, { source, window: { start: new Date(now.getTime() - 7 * 86_400_000).toISOString(), end: runAt }, streamConcurrency: 4 }).catch((error: unknown) => {
            if (label === 'good') throw error;
          });
        }
      }
    } finally {
      await store.close();
    }
    expect(payloads.filter((p) => p.where.endsWith('failure')).length).toBeGreaterThan(0);
    expect(payloads.filter((p) => p.where.startsWith('good') && p.where.endsWith('result')).length).toBeGreaterThan(8);
    expect(leaksIn(canaries, payloads)).toEqual([]);
  }, 300_000);
});
