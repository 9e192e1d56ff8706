import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { startAttuneServer } from '../../cli/attune-server.ts';
import { pendingKeyFile } from '../../cli/installation-secret.ts';
import { storeOpenedPerRequest } from '../../cli/serve-command.ts';
import { normaliseEmail } from '../../models/normalise-email.ts';
import { generateOrganisation } from '../../simulator/organisation/generate-organisation.ts';
import { installationFingerprint } from '../../store/installation-fingerprint.ts';
import { openPrivateStore } from '../../store/open-private-store.ts';
import type { PrivateStore } from '../../store/private-store.ts';
import { openIdentity } from '../../transforms/identity-sealing.ts';
import { deriveInstallationKeys, type InstallationKeys } from '../../transforms/installation-keys.ts';
import { newPersonalLink, signPersonalLink } from '../../transforms/personal-links.ts';
import { createPseudonymizer } from '../../transforms/pseudonymizer.ts';
import { demoRunEnv, withPrivateStore } from '../helpers/demo-store.ts';
import { runCli, type CliResult } from '../helpers/run-cli.ts';
import { rowsOf } from '../helpers/rows-of.ts';
import { rawTextOf, stringValuesOf } from '../helpers/scan-data-dir.ts';
import { tempDir } from '../helpers/temp-dir.ts';

// `attune keys rotate` end to end: a store built by `attune run` with a key file outside the data
// directory, rotated by the real command; then searched for every value keyed by the old secret,
// run again under the new one and compared with a store that used the new secret from the start.

const demo = { people: 40, weeks: 4, seed: 5 };
const runAt = '2026-11-23T12:00:00.000Z';
const organisation = generateOrganisation({ ...demo, end: new Date(runAt) });
const oldSecretHex = randomBytes(32).toString('hex');
const oldKeys = deriveInstallationKeys(Buffer.from(oldSecretHex, 'hex'));
const root = tempDir('keys-rotate');
const keyFile = join(root, 'keys', 'installation.key');
const rotatedDir = join(root, 'rotated');
/** How long one demo run may take on a busy machine. */
const runTimeoutMs = 600_000;
const freshDir = join(root, 'fresh');

/** The demo run's environment with the installation secret in `keyFile` instead of ATTUNE_PSEUDONYM_KEY. */
function keyFileEnv(dataDir: string): Record<string, string> {
  const env: Record<string, string> = { ...demoRunEnv(dataDir, runAt, demo, oldSecretHex), ATTUNE_KEY_FILE: keyFile };
  delete env.ATTUNE_PSEUDONYM_KEY;
  return env;
}

/** Every keyed value in a store's text: pseudonyms, hashed event, conversation and team ids (32 hex), and manager teams' name tags. */
function keyedValuesIn(values: readonly string[]): Set<string> {
  return new Set(values.flatMap((v) => [...v.matchAll(/[0-9a-f]{32}|\([0-9a-f]{6}\)/g)].map((m) => m[0])));
}

/** A checksum of every row of each table (or query), in a fixed order, to compare two stores. */
async function checksums(store: PrivateStore, tables: Readonly<Record<string, string>>): Promise<Record<string, string>> {
  const sums: Record<string, string> = {};
  for (const [name, rows] of Object.entries(tables)) {
    const [row] = await store.select({ sql: `SELECT count(*) || ':' || coalesce(md5(string_agg(t::VARCHAR, '|' ORDER BY t::VARCHAR)), '') AS sum FROM (${rows}) t` });
    sums[name] = String(row?.sum);
  }
  return sums;
}

/** The released cells of a data directory's analytics store, in a fixed order (release ids aside: they are drawn at release). */
function releasedCells(dataDir: string): Promise<Record<string, unknown>[]> {
  return rowsOf(join(dataDir, 'analytics.duckdb'), 'SELECT * EXCLUDE (release_id) FROM team_week_metrics ORDER BY ALL');
}

/** The people, their groups, features and released contributor sets (when a row was written aside, as that differs between two runs). */
const featureTables = Object.fromEntries([
  ['people', 'SELECT * EXCLUDE (updated_at) FROM people'],
  ...['team_memberships', 'segment_memberships', 'org_week_members', 'person_day_features', 'person_day_collaborations', 'person_week_features', 'person_week_wellbeing', 'person_week_baselines', 'released_sets'].map((t) => [t, `SELECT * FROM ${t}`]),
]);

describe('attune keys rotate', () => {
  const person = organisation.people[0] ?? (() => { throw new Error('no people in the demo'); })();
  let rotated: CliResult;
  let newKeys: InstallationKeys;
  let oldKeyed: Set<string>;
  let peopleBefore: number;

  beforeAll(async () => {
    mkdirSync(join(root, 'keys'), { mode: 0o700 });
    writeFileSync(keyFile, `${oldSecretHex}\n`, { mode: 0o600 });
    const first = await runCli(['run'], keyFileEnv(rotatedDir), { timeoutMs: runTimeoutMs });
    expect(first.code, first.stderr).toBe(0);
    // Rows of the tables a demo run leaves empty, so their keyed columns are rotated too.
    await withPrivateStore(rotatedDir, async (store) => {
      const p = { p: createPseudonymizer(oldKeys.pseudonymKey)('person', normaliseEmail(person.email)) };
      await store.run([
        { sql: "INSERT INTO nudge_outbox VALUES (substr(sha256($p || ':long_days:2026-11-09'), 1, 32), $p, 'long_days', DATE '2026-11-09', '{}', now(), 'sent', 1, NULL, 'slack', now())", params: p },
        { sql: 'INSERT INTO nudge_preferences VALUES ($p, false, NULL)', params: p },
        { sql: "INSERT INTO personal_choices VALUES ($p, now(), 'nudges on')", params: p },
      ]);
    });
    oldKeyed = keyedValuesIn(await stringValuesOf(join(rotatedDir, 'attune.duckdb'), { blobs: false }));
    peopleBefore = await withPrivateStore(rotatedDir, async (store) => (await store.counts()).people);
    rotated = await runCli(['keys', 'rotate'], keyFileEnv(rotatedDir));
    newKeys = deriveInstallationKeys(Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64'));
  }, 1_200_000);

  it('writes a new secret to the key file, only after the stores took it, and prints counts only', () => {
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(rotated.stdout).toMatch(/identity vault entries re-sealed\s+\d+/);
    expect(`${rotated.stdout}${rotated.stderr}`).not.toMatch(/[0-9a-f]{32}|@/);
    expect(newKeys.fingerprint).not.toBe(oldKeys.fingerprint);
    expect(existsSync(pendingKeyFile(keyFile))).toBe(false);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
  });

  it('leaves no value keyed by the old secret in any table or file, and the old secret opens nothing', async () => {
    expect(oldKeyed.size).toBeGreaterThan(1000);
    for (const db of ['attune.duckdb', 'analytics.duckdb']) {
      const values = await stringValuesOf(join(rotatedDir, db), { blobs: false });
      expect(values.length).toBeGreaterThan(0);
      expect([...keyedValuesIn(values)].filter((v) => oldKeyed.has(v)), db).toEqual([]);
    }
    for (const { path, text } of rawTextOf(rotatedDir)) {
      // Every 32-character window of every hex run of the file's bytes.
      const windows = [...text.matchAll(/[0-9a-f]{32,}/g)].flatMap(([run]) => Array.from({ length: run.length - 31 }, (_, i) => run.slice(i, i + 32)));
      expect(windows.filter((v) => oldKeyed.has(v)), path).toEqual([]);
    }
    await withPrivateStore(rotatedDir, async (store) => {
      const pseudonyms = (await store.select({ sql: 'SELECT pseudonym FROM identity_vault' })).map((r) => String(r.pseudonym));
      for (const entry of await store.readVaultEntries(pseudonyms)) {
        expect(openIdentity(newKeys.vaultKey, entry).pseudonym).toBe(entry.pseudonym);
        expect(() => openIdentity(oldKeys.vaultKey, entry)).toThrow();
      }
    });
    const withOldKey = await runCli(['export-me', '--email', person.email], demoRunEnv(rotatedDir, runAt, demo, oldSecretHex));
    expect(withOldKey.code).toBe(2);
    expect(withOldKey.stderr).toContain('was created with another installation secret');
  }, 300_000);

  it('lets a person get their data and page under the new keys, and refuses a link made with the old ones', async () => {
    const exported = await runCli(['export-me', '--email', person.email], keyFileEnv(rotatedDir));
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toContain('sent a link to download their own data');
    const server = await startAttuneServer(
      { withStore: storeOpenedPerRequest(rotatedDir), linkKey: newKeys.linkKey, vaultKey: newKeys.vaultKey, slackSigningSecret: undefined },
      { host: '127.0.0.1', port: 0 },
    );
    try {
      const pageOf = (keys: InstallationKeys) => {
        const pseudonym = createPseudonymizer(keys.pseudonymKey)('person', normaliseEmail(person.email));
        return fetch(`${server.url}/me/${signPersonalLink(keys.linkKey, newPersonalLink(pseudonym, 'page', new Date(), 7))}`);
      };
      const page = await pageOf(newKeys);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Long days: about the week of 2026-11-09');
      expect((await pageOf(oldKeys)).status).toBe(403);
    } finally {
      await server.close();
    }
  }, 300_000);

  it('is followed by a run under the new secret that adds nobody twice and equals a store that used the new secret from the start', async () => {
    const [again, fresh] = await Promise.all([
      runCli(['run'], keyFileEnv(rotatedDir), { timeoutMs: runTimeoutMs }),
      runCli(['run'], { ...demoRunEnv(freshDir, runAt, demo, oldSecretHex), ATTUNE_PSEUDONYM_KEY: readFileSync(keyFile, 'utf8').trim() }, { timeoutMs: runTimeoutMs }),
    ]);
    expect(again.code, again.stderr).toBe(0);
    expect(fresh.code, fresh.stderr).toBe(0);
    const rotatedSums = await withPrivateStore(rotatedDir, async (store) => {
      expect((await store.counts()).people).toBe(peopleBefore);
      return checksums(store, featureTables);
    });
    expect(rotatedSums).toEqual(await withPrivateStore(freshDir, (store) => checksums(store, featureTables)));
    const cells = await releasedCells(rotatedDir);
    expect(cells.length).toBeGreaterThan(0);
    expect(cells).toEqual(await releasedCells(freshDir));
  }, 1_200_000);
});

describe('attune keys rotate, refusals and an interrupted rotation', () => {
  const [secretA, secretB] = [randomBytes(32).toString('hex'), randomBytes(32).toString('hex')];
  const [keysA, keysB] = [secretA, secretB].map((hex) => deriveInstallationKeys(Buffer.from(hex, 'hex'))) as [InstallationKeys, InstallationKeys];

  /** A data directory whose (empty) private store records the fingerprint of `keys`. */
  async function storeOf(keys: InstallationKeys): Promise<string> {
    const dataDir = join(tempDir('keys-rotate-small'), 'data');
    const store = await openPrivateStore(dataDir);
    await installationFingerprint.record(store, keys.fingerprint);
    await store.close();
    return dataDir;
  }
  const fingerprintOf = (dataDir: string) => withPrivateStore(dataDir, (store) => installationFingerprint.read(store));

  it('with ATTUNE_PSEUDONYM_KEY, needs ATTUNE_NEW_PSEUDONYM_KEY, refuses a weak or unchanged one, and says what to change', async () => {
    const dataDir = await storeOf(keysA);
    const env = { ATTUNE_DATA_DIR: dataDir, ATTUNE_PSEUDONYM_KEY: secretA };
    const missing = await runCli(['keys', 'rotate'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('set ATTUNE_NEW_PSEUDONYM_KEY to the new secret');
    const weak = await runCli(['keys', 'rotate'], { ...env, ATTUNE_NEW_PSEUDONYM_KEY: 'passwordpassword'.repeat(4) });
    expect(weak.code).toBe(2);
    expect(weak.stderr).toContain('ATTUNE_NEW_PSEUDONYM_KEY is too easy to guess');
    const same = await runCli(['keys', 'rotate'], { ...env, ATTUNE_NEW_PSEUDONYM_KEY: secretA });
    expect(same.code).toBe(2);
    expect(same.stderr).toContain('the new secret is the one in use');
    expect(await fingerprintOf(dataDir)).toBe(keysA.fingerprint);

    const rotated = await runCli(['keys', 'rotate'], { ...env, ATTUNE_NEW_PSEUDONYM_KEY: secretB });
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(rotated.stdout).toContain('now set ATTUNE_PSEUDONYM_KEY to the value of ATTUNE_NEW_PSEUDONYM_KEY');
    expect(await fingerprintOf(dataDir)).toBe(keysB.fingerprint);
  }, 300_000);

  it('after a crash between the store commit and the key file, every command names the pending key and a second rotation finishes the move', async () => {
    // The state such a crash leaves: the store under B, the key file still A, B waiting beside it.
    const dataDir = await storeOf(keysB);
    const dir = tempDir('keys-rotate-crash');
    const file = join(dir, 'installation.key');
    writeFileSync(file, `${secretA}\n`, { mode: 0o600 });
    writeFileSync(pendingKeyFile(file), `${secretB}\n`, { mode: 0o600 });
    const env = { ATTUNE_DATA_DIR: dataDir, ATTUNE_KEY_FILE: file };
    const refused = await runCli(['export-me', '--email', 'someone@example.com'], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`a key rotation was interrupted after the data in ${dataDir} took the new secret, which waits in ${pendingKeyFile(file)}`);

    const finished = await runCli(['keys', 'rotate'], env);
    expect(finished.code, finished.stderr).toBe(0);
    expect(finished.stdout).toContain('an earlier rotation was interrupted');
    expect(readFileSync(file, 'utf8').trim()).toBe(secretB);
    expect(existsSync(pendingKeyFile(file))).toBe(false);
    const after = await runCli(['export-me', '--email', 'someone@example.com'], env);
    expect(after.stderr).not.toMatch(/another installation secret|interrupted/);
  }, 300_000);
});
