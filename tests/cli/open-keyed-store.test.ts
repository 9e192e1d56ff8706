import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../cli/config.ts';
import { openKeyedStore } from '../../cli/open-keyed-store.ts';
import { person } from '../transforms/activity-fixtures.ts';
import { testSecretHex } from '../helpers/test-secret.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const configOf = (dataDir: string, key?: string) => loadConfig({ ATTUNE_DATA_DIR: dataDir, ...(key ? { ATTUNE_PSEUDONYM_KEY: key } : {}) });

describe('openKeyedStore: a store is only ever opened with the secret it was created with', () => {
  it('records a fingerprint derived for the purpose (not the secret, nor a plain hash of it) and refuses another ATTUNE_PSEUDONYM_KEY before writing anything', async () => {
    const dataDir = join(tempDir('fingerprint'), 'data');
    const first = await openKeyedStore(configOf(dataDir, testSecretHex), { store: true });
    await first.store.upsertPeople([person('ann', 'Europe/London')], 'google');
    const [row] = await first.store.select({ sql: 'SELECT fingerprint FROM installation_fingerprint' });
    await first.store.close();
    const fingerprint = String(row?.fingerprint);
    expect(fingerprint).toMatch(/^[0-9a-f]{32}$/);
    for (const plain of [testSecretHex, createHash('sha256').update(Buffer.from(testSecretHex, 'hex')).digest('hex')]) expect(plain).not.toContain(fingerprint);

    const other = randomBytes(32).toString('hex');
    await expect(openKeyedStore(configOf(dataDir, other), { store: true })).rejects.toThrow(
      /created with another installation secret than ATTUNE_PSEUDONYM_KEY: using it would count every person twice.*Set ATTUNE_PSEUDONYM_KEY to the secret this data directory was created with/,
    );
    const again = await openKeyedStore(configOf(dataDir, testSecretHex), { store: true });
    expect((await again.store.counts()).people).toBe(1);
    expect(await again.store.select({ sql: 'SELECT count(*)::INTEGER AS n FROM installation_fingerprint' })).toEqual([{ n: 1 }]);
    await again.store.close();
  });

  it('refuses ATTUNE_PSEUDONYM_KEY on a store created with its key file, naming the variable', async () => {
    const dataDir = join(tempDir('fingerprint'), 'data');
    await (await openKeyedStore(configOf(dataDir), { store: true })).store.close();
    expect(readFileSync(join(dataDir, 'installation.key'), 'utf8').trim()).not.toBe('');
    await expect(openKeyedStore(configOf(dataDir, testSecretHex), { store: true })).rejects.toThrow(/another installation secret than ATTUNE_PSEUDONYM_KEY/);
    await (await openKeyedStore(configOf(dataDir), { store: true })).store.close();
  });

  it('creates neither store nor key for a command that may not start an installation, saying what to do', async () => {
    const dataDir = join(tempDir('fingerprint'), 'data');
    await expect(openKeyedStore(configOf(dataDir), { store: false })).rejects.toThrow(/there is no attune data in .*: point ATTUNE_DATA_DIR at the data directory, or start one with attune run/);
    expect(existsSync(dataDir) ? readdirSync(dataDir) : []).toEqual([]);
  });
});
