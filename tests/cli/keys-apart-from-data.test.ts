import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../cli/config.ts';
import { loadInstallationSecret } from '../../cli/installation-secret.ts';
import { runCli } from '../helpers/run-cli.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { testSecretHex } from '../helpers/test-secret.ts';

// Issue 12, item 4: the installation secret from a key file outside the data directory, and the
// analytics store published to a folder of its own, so neither the key nor the private store is
// where analysts read.

describe('ATTUNE_KEY_FILE', () => {
  it('refuses a key file inside the data directory, and a key given two ways, naming the variable', () => {
    const dataDir = tempDir('key-inside');
    for (const keyFile of [join(dataDir, 'installation.key'), join(dataDir, 'keys', 'k'), `${dataDir}/./x/../k`]) {
      expect(() => loadConfig({ ATTUNE_DATA_DIR: dataDir, ATTUNE_KEY_FILE: keyFile })).toThrow(/ATTUNE_KEY_FILE .* is inside the data directory/);
    }
    expect(() => loadConfig({ ATTUNE_DATA_DIR: dataDir, ATTUNE_KEY_FILE: `${dataDir}-keys/k` })).not.toThrow();
    expect(() => loadConfig({ ATTUNE_DATA_DIR: dataDir, ATTUNE_KEY_FILE: '/etc/attune/k', ATTUNE_PSEUDONYM_KEY: testSecretHex })).toThrow(
      /ATTUNE_PSEUDONYM_KEY and ATTUNE_KEY_FILE are both set/,
    );
  });

  it('reads the secret from the file, and refuses one others may read, naming it and chmod 600; a missing one says how to make it', async () => {
    const dir = tempDir('key-file');
    const keyFile = join(dir, 'installation.key');
    await writeFile(keyFile, `${testSecretHex}\n`);
    await chmod(keyFile, 0o644);
    await expect(loadInstallationSecret(join(dir, 'data'), undefined, { keyFile })).rejects.toThrow(`${keyFile} is readable or writable by others (mode 644): run chmod 600 ${keyFile}`);
    await chmod(keyFile, 0o600);
    expect(Buffer.from(await loadInstallationSecret(join(dir, 'data'), undefined, { keyFile })).toString('hex')).toBe(testSecretHex);
    await expect(loadInstallationSecret(join(dir, 'data'), undefined, { keyFile: join(dir, 'absent.key') })).rejects.toThrow(/does not exist: create it with openssl rand -hex 32/);
  });

  it('refuses a link outside the data directory to a key file inside it', async () => {
    const dir = tempDir('key-link');
    const dataDir = join(dir, 'data');
    await loadInstallationSecret(dataDir, undefined);
    await symlink(join(dataDir, 'installation.key'), join(dir, 'linked.key'));
    await expect(loadInstallationSecret(dataDir, undefined, { keyFile: join(dir, 'linked.key') })).rejects.toThrow(/ATTUNE_KEY_FILE .* is inside the data directory/);
  });

  it('refuses a group-readable key file in the data directory too', async () => {
    const dataDir = tempDir('key-in-data');
    await loadInstallationSecret(dataDir, undefined);
    await chmod(join(dataDir, 'installation.key'), 0o640);
    await expect(loadInstallationSecret(dataDir, undefined)).rejects.toThrow('run chmod 600');
  });
});

describe('attune run with the key and the analytics store apart from the data directory', () => {
  it('warns when the key sits in the data directory, publishes to ATTUNE_ANALYTICS_DIR, and query, export and report need no data directory', async () => {
    const root = tempDir('apart');
    const dataDir = join(root, 'private');
    const analyticsDir = join(root, 'analytics');
    const keyDir = join(root, 'keys');
    const env = { ATTUNE_DATA_DIR: dataDir, ATTUNE_ANALYTICS_DIR: analyticsDir, ATTUNE_RUN_AT: '2026-11-23T12:00:00.000Z', ATTUNE_DEMO_PEOPLE: '40', ATTUNE_DEMO_WEEKS: '4' };

    const demo = await runCli(['run'], env);
    expect(demo.code, demo.stderr).toBe(0);
    expect(demo.stderr).toContain(`warning: the installation key is kept beside the data it protects (${join(dataDir, 'installation.key')})`);
    expect(existsSync(join(analyticsDir, 'analytics.duckdb'))).toBe(true);
    expect(existsSync(join(dataDir, 'analytics.duckdb'))).toBe(false);

    // The same secret, moved out of the data directory: accepted (the store's fingerprint matches), no warning.
    await mkdir(keyDir, { mode: 0o700 });
    await copyFile(join(dataDir, 'installation.key'), join(keyDir, 'installation.key'));
    await chmod(join(keyDir, 'installation.key'), 0o600);
    const apart = await runCli(['run'], { ...env, ATTUNE_KEY_FILE: join(keyDir, 'installation.key'), ATTUNE_RUN_AT: '2026-11-24T12:00:00.000Z' });
    expect(apart.code, apart.stderr).toBe(0);
    expect(apart.stderr).not.toContain('warning: the installation key');

    const analyst = { ATTUNE_DATA_DIR: join(root, 'no-access-here'), ATTUNE_ANALYTICS_DIR: analyticsDir };
    const query = await runCli(['query', 'SELECT count(*) AS cells FROM team_week_metrics'], analyst);
    expect(query.code, query.stderr).toBe(0);
    expect(query.stdout).toContain('cells');
    const exported = await runCli(['export', '--format', 'parquet', '--out', join(root, 'out')], analyst);
    expect(exported.code, exported.stderr).toBe(0);
    const report = await runCli(['report', '--out', join(root, 'report.html')], analyst);
    expect(report.code, report.stderr).toBe(0);
    expect(existsSync(join(root, 'no-access-here'))).toBe(false);
  }, 400_000);
});
