import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../cli/config.ts';
import { loadInstallationSecret } from '../../cli/installation-secret.ts';
import { runCli } from '../helpers/run-cli.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { testSecretHex } from '../helpers/test-secret.ts';

describe('configuration', () => {
  it('has defaults that run the simulated workspace', () => {
    const config = loadConfig({});
    expect(config.sources).toEqual({});
    expect(config.releaseK).toBe(5);
    expect(config.dataDir).toBe('./data');
    expect(config.duckdb).toEqual({ memory: '1GiB', threads: undefined });
  });

  it.each([
    [{ ATTUNE_RELEASE_K: '2' }, 'ATTUNE_RELEASE_K'],
    [{ ATTUNE_BACKFILL_DAYS: 'many' }, 'ATTUNE_BACKFILL_DAYS'],
    [{ SLACK_BOT_TOKEN: 'hunter2' }, 'SLACK_BOT_TOKEN'],
    [{ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_API_URL: 'not a url' }, 'SLACK_API_URL'],
    [{ SLACK_API_URL: 'http://127.0.0.1:9/api/' }, 'SLACK_BOT_TOKEN'],
    [{ GOOGLE_ADMIN_EMAIL: 'admin@example.com' }, 'GOOGLE_SERVICE_ACCOUNT_FILE'],
    [{ MS_TENANT_ID: 't', MS_CLIENT_ID: 'c' }, 'MS_CLIENT_SECRET'],
    [{ JIRA_HOST: 'https://example.atlassian.net', JIRA_EMAIL: 'not-an-email', JIRA_API_TOKEN: 't' }, 'JIRA_EMAIL'],
    [{ JIRA_IDENTITY_MAP: '/tmp/map.csv' }, 'JIRA_HOST'],
    [{ ATTUNE_DUCKDB_MEMORY: 'lots' }, 'ATTUNE_DUCKDB_MEMORY'],
    [{ ATTUNE_DUCKDB_THREADS: '0' }, 'ATTUNE_DUCKDB_THREADS'],
    [{ ATTUNE_BACKFILL_DAYS: '0x10' }, 'ATTUNE_BACKFILL_DAYS: must be a whole number from 1 to 400, in decimal digits'],
    [{ ATTUNE_DEMO_WEEKS: '1e1' }, 'ATTUNE_DEMO_WEEKS'],
    [{ ATTUNE_RELEASE_K: '5.0' }, 'ATTUNE_RELEASE_K'],
    [{ ATTUNE_PSEUDONYM_KEY: 'password'.repeat(8) }, 'ATTUNE_PSEUDONYM_KEY is too easy to guess (it is text, not random bytes)'],
    [{ ATTUNE_PSEUDONYM_KEY: Buffer.from('password'.repeat(4)).toString('hex') }, 'ATTUNE_PSEUDONYM_KEY is too easy to guess'],
    [{ ATTUNE_PSEUDONYM_KEY: Buffer.from('correct horse battery staple, twice!').toString('base64') }, 'ATTUNE_PSEUDONYM_KEY is too easy to guess (it is text'],
    [{ ATTUNE_PSEUDONYM_KEY: '7a'.repeat(32) }, 'too few distinct bytes'],
    [{ ATTUNE_PSEUDONYM_KEY: Buffer.from(Array.from({ length: 20 }, (_, i) => i * 11 + 3)).toString('hex').repeat(2) }, 'it repeats a pattern'],
    [{ ATTUNE_PSEUDONYM_KEY: 'my secret pass phrase, long enough to be 32 bytes' }, 'openssl rand -hex 32'],
  ])('names the variable to fix: %j', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(variable);
  });

  it('configures exactly the sources whose credentials are set', () => {
    const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', JIRA_HOST: 'https://example.atlassian.net', JIRA_EMAIL: 'bot@example.com', JIRA_API_TOKEN: 't' });
    expect(Object.keys(config.sources).sort()).toEqual(['jira', 'slack']);
    expect(config.sources.jira).toEqual({ host: 'https://example.atlassian.net', email: 'bot@example.com', apiToken: 't', identityMapFile: undefined });
  });

  it('creates the installation key once, private to its owner, and reuses it', async () => {
    const dir = join(tempDir('key'), 'data');
    const first = await loadInstallationSecret(dir, undefined);
    const second = await loadInstallationSecret(dir, undefined);
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true);
    expect(statSync(join(dir, 'installation.key')).mode & 0o777).toBe(0o600);
  });

  it('lets a worker use a key but never create one: without one it names ATTUNE_PSEUDONYM_KEY', async () => {
    const dir = join(tempDir('key'), 'data');
    await expect(loadInstallationSecret(dir, undefined, { create: false })).rejects.toThrow(/no installation key at .*never a worker.*Set ATTUNE_PSEUDONYM_KEY/);
    expect(existsSync(join(dir, 'installation.key'))).toBe(false);
    const made = await loadInstallationSecret(dir, undefined);
    expect(Buffer.from(await loadInstallationSecret(dir, undefined, { create: false })).equals(Buffer.from(made))).toBe(true);
  });

  it('takes the key from ATTUNE_PSEUDONYM_KEY and refuses a short one', async () => {
    const dir = tempDir('key');
    await expect(loadInstallationSecret(dir, 'c2hvcnQ=')).rejects.toThrow('ATTUNE_PSEUDONYM_KEY');
    expect(Buffer.from(await loadInstallationSecret(dir, testSecretHex)).toString('hex')).toBe(testSecretHex);
    const base64 = randomBytes(32).toString('base64');
    expect(Buffer.from(await loadInstallationSecret(dir, base64)).toString('base64')).toBe(base64);
    expect(loadConfig({ ATTUNE_PSEUDONYM_KEY: base64, ATTUNE_BACKFILL_DAYS: ' 16 ' }).backfillDays).toBe(16);
  });

  it.each([
    [{ ATTUNE_RELEASE_EPSILON: 'lots' }, 'ATTUNE_RELEASE_EPSILON'],
    [{ ATTUNE_RELEASE_SETTLE_DAYS: '0x10' }, 'ATTUNE_RELEASE_SETTLE_DAYS'],
    [{ ATTUNE_ORG_FILE: '/nonexistent/org.yaml' }, 'ATTUNE_ORG_FILE'],
  ])('attune run stops on a bad release setting before creating the data directory, key or store: %j', async (env, variable) => {
    const dataDir = join(tempDir('settings'), 'data');
    const result = await runCli(['run'], { ATTUNE_DATA_DIR: dataDir, ...env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(variable);
    expect(existsSync(dataDir)).toBe(false);
  }, 60_000);
});
