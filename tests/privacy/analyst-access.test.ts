import { readFileSync } from 'node:fs';
import path from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../cli/config.ts';
import { openKeyedStore } from '../../cli/open-keyed-store.ts';
import { openPrivateStore } from '../../store/open-private-store.ts';
import { deriveInstallationKeys } from '../../transforms/installation-keys.ts';
import { createPseudonymizer } from '../../transforms/pseudonymizer.ts';
import { runCli } from '../helpers/run-cli.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { adversaryWorld } from './adversary-world.ts';
import { releasePolicy } from '../../transforms/release/release-policy.ts';
import { releaseWorld } from './release-world.ts';
import { testSecretHex } from '../helpers/test-secret.ts';

const secretHex = testSecretHex;

describe('attune privacy', () => {
  it('records an opt-out under the pseudonym only, and an opt-in removes it', async () => {
    const dataDir = tempDir('privacy-cli');
    const env = { ATTUNE_DATA_DIR: dataDir, ATTUNE_PSEUDONYM_KEY: secretHex };
    // An installation to act on: attune privacy never starts one.
    await (await openKeyedStore(loadConfig(env), { store: true })).store.close();
    const out = await runCli(['privacy', 'opt-out', '--email', ' Ada@Example.com '], env);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toMatch(/next release/);
    const pseudonym = createPseudonymizer(deriveInstallationKeys(Buffer.from(secretHex, 'hex')).pseudonymKey)('person', 'ada@example.com');
    const optedOut = async () => {
      const store = await openPrivateStore(dataDir);
      try {
        return (await store.select({ sql: 'SELECT person FROM privacy_opt_outs' })).map((r) => r.person);
      } finally {
        await store.close();
      }
    };
    expect(await optedOut()).toEqual([pseudonym]);
    expect(readFileSync(path.join(dataDir, 'attune.duckdb')).includes('Example.com')).toBe(false);
    expect((await runCli(['privacy', 'opt-in', '--email', 'ada@example.com'], env)).code).toBe(0);
    expect(await optedOut()).toEqual([]);
    const bad = await runCli(['privacy', 'opt-out'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/usage: attune privacy/);
  });
});

describe('attune export', () => {
  it('writes the released tables as Parquet and as Arrow IPC, with the same rows as the store', async () => {
    const { cells, dataDir } = await releaseWorld(adversaryWorld().slice(0, 2), releasePolicy());
    for (const format of ['parquet', 'arrow'] as const) {
      const outDir = path.join(tempDir('export'), format);
      const result = await runCli(['export', '--format', format, '--out', outDir], { ATTUNE_DATA_DIR: dataDir });
      expect(result.code, result.stderr).toBe(0);
      const file = path.join(outDir, `team_week_metrics.${format}`);
      expect(result.stdout).toContain(file);
      const rows =
        format === 'arrow'
          ? tableFromIPC(readFileSync(file)).toArray().map((r) => r.toJSON())
          : await (async () => {
              const db = await DuckDBInstance.create(':memory:');
              const connection = await db.connect();
              const read = (await connection.runAndReadAll(`SELECT * FROM read_parquet('${file}')`)).getRowObjectsJson();
              connection.closeSync();
              db.closeSync();
              return read;
            })();
      expect(rows).toHaveLength(cells.length);
      const released = rows.filter((r) => r.status === 'released');
      expect(released.length).toBe(cells.filter((c) => c.status === 'released').length);
      expect(Math.min(...released.map((r) => Number(r.contributors)))).toBeGreaterThanOrEqual(5);
      expect(rows.filter((r) => r.status === 'suppressed').every((r) => r.mean === null && r.contributors === null)).toBe(true);
    }
    const wrong = await runCli(['export', '--format', 'csv', '--out', tempDir('export')], { ATTUNE_DATA_DIR: dataDir });
    expect(wrong.code).toBe(2);
  });
});
