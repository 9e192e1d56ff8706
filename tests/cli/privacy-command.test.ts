import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../cli/config.ts';
import { openKeyedStore } from '../../cli/open-keyed-store.ts';
import { createPseudonymizer } from '../../transforms/pseudonymizer.ts';
import { runCli } from '../helpers/run-cli.ts';
import { testSecretHex } from '../helpers/test-secret.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const env = (dataDir: string) => ({ ATTUNE_DATA_DIR: dataDir, ATTUNE_PSEUDONYM_KEY: testSecretHex });
const contents = (dir: string) => (existsSync(dir) ? readdirSync(dir) : []);

describe('attune privacy opt-out', () => {
  it('refuses what is not an e-mail address, before touching the data directory', async () => {
    const dataDir = join(tempDir('privacy-cli'), 'data');
    const result = await runCli(['privacy', 'opt-out', '--email', 'not an email@'], env(dataDir));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--email is not an e-mail address/);
    expect(existsSync(dataDir)).toBe(false);
  }, 60_000);

  it('creates no store or key in a folder without attune data, and says what to do', async () => {
    const dataDir = join(tempDir('privacy-cli'), 'data');
    for (const args of [['privacy', 'opt-out', '--email', 'ada@example.com'], ['privacy', 'nudges']]) {
      const result = await runCli(args, { ATTUNE_DATA_DIR: dataDir });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/there is no attune data in .*: point ATTUNE_DATA_DIR at the data directory, or start one with attune run/);
    }
    expect(contents(dataDir)).toEqual([]);
  }, 60_000);

  it('records the opt-out under the pseudonym with its time, in the log of choices the person sees, and says when', async () => {
    const dataDir = join(tempDir('privacy-cli'), 'data');
    const { keys, store } = await openKeyedStore(loadConfig(env(dataDir)), { store: true });
    await store.close();
    const result = await runCli(['privacy', 'opt-out', '--email', ' Ada@Example.com '], env(dataDir));
    expect(result.code, result.stderr).toBe(0);
    const at = /opted out of team aggregates at (\S+) \(recorded; the person's page shows it\)/.exec(result.stdout)?.[1];
    expect(at).toBeDefined();
    const person = createPseudonymizer(keys.pseudonymKey)('person', 'ada@example.com');
    const reopened = await openKeyedStore(loadConfig(env(dataDir)), { store: false });
    try {
      const iso = (column: string) => `strftime(${column}, '%Y-%m-%dT%H:%M:%S.%gZ')`;
      expect(await reopened.store.select({ sql: `SELECT person, ${iso('opted_out_at')} AS at FROM privacy_opt_outs` })).toEqual([{ person, at }]);
      expect(await reopened.store.select({ sql: `SELECT person, ${iso('chosen_at')} AS at, choice FROM personal_choices` })).toEqual([{ person, at, choice: 'aggregates:out' }]);
    } finally {
      await reopened.store.close();
    }
  }, 60_000);
});
