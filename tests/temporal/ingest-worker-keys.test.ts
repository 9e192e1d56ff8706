import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { withTemporalFailures } from '../../activities/with-temporal-failures.ts';
import { parseIngestKey } from '../../cli/ingest-key.ts';
import { deriveInstallationKeys } from '../../transforms/installation-keys.ts';
import { runCli } from '../helpers/run-cli.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { testSecretHex } from '../helpers/test-secret.ts';

const keys = deriveInstallationKeys(Buffer.from(testSecretHex, 'hex'));
/** An ingest-only worker's environment: a source, a Temporal server that is not there, a fresh data directory. */
const ingestWorkerEnv = (dataDir: string, env: Record<string, string>) => ({
  ATTUNE_DATA_DIR: dataDir,
  SLACK_BOT_TOKEN: 'xoxb-ingest-host',
  TEMPORAL_ADDRESS: '127.0.0.1:9',
  TEMPORAL_CONNECT_TIMEOUT: '1 second',
  ...env,
});

describe('ingest workers hold the ingest key, never the installation secret', () => {
  it('attune keys ingest-key prints the pseudonym, payload and directory sealing keys of the installation, not its secret, and creates no key', async () => {
    const printed = await runCli(['keys', 'ingest-key'], { ATTUNE_DATA_DIR: tempDir('ingest-key'), ATTUNE_PSEUDONYM_KEY: testSecretHex });
    expect(printed.code).toBe(0);
    const ingest = parseIngestKey(printed.stdout.trim());
    expect(ingest).toEqual(keys.ingest);
    expect(Buffer.from(ingest.pseudonymKey)).toEqual(Buffer.from(keys.pseudonymKey));
    expect(Buffer.from(ingest.payloadKey)).toEqual(Buffer.from(keys.payloadKey));
    expect(Buffer.from(ingest.directorySealingKey)).toEqual(Buffer.from(keys.ingest.directorySealingKey));
    expect(printed.stdout).toMatch(/^attune-ingest-key-v2\./);
    const text = Buffer.from(printed.stdout.trim().split('.')[1] ?? '', 'base64url');
    for (const secret of [Buffer.from(testSecretHex, 'hex'), keys.vaultKey, keys.linkKey, keys.directoryOpeningKey]) expect(text.includes(Buffer.from(secret))).toBe(false);

    const dataDir = tempDir('ingest-key-none');
    const none = await runCli(['keys', 'ingest-key'], { ATTUNE_DATA_DIR: dataDir });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/ATTUNE_PSEUDONYM_KEY/);
    expect(existsSync(join(dataDir, 'installation.key'))).toBe(false);
  });

  it('an ingest-only worker refuses the installation secret and a missing, malformed or v1 ingest key, naming what to set, and creates no key', async () => {
    const dataDir = tempDir('ingest-worker');
    const cases: [Record<string, string>, RegExp][] = [
      [{ ATTUNE_PSEUDONYM_KEY: testSecretHex }, /must not hold the installation secret \(ATTUNE_PSEUDONYM_KEY is set\).*ATTUNE_INGEST_KEY/],
      [{}, /needs ATTUNE_INGEST_KEY.*attune keys ingest-key/],
      [{ ATTUNE_INGEST_KEY: testSecretHex }, /ATTUNE_INGEST_KEY is not an attune ingest key/],
      // A v1 key (pseudonym and payload keys, printed before directories were sealed for the store): refused, saying to print a new one.
      [
        { ATTUNE_INGEST_KEY: `attune-ingest-key-v1.${Buffer.concat([keys.pseudonymKey, keys.payloadKey]).toString('base64url')}` },
        /ATTUNE_INGEST_KEY is an older ingest key \(v1\).*print one with attune keys ingest-key/,
      ],
    ];
    for (const [env, message] of cases) {
      const result = await runCli(['worker', '--queue', 'ingest'], ingestWorkerEnv(dataDir, env));
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
    }
    expect(existsSync(join(dataDir, 'installation.key'))).toBe(false);
  });

  it('an ingest-only worker with the ingest key gets past its keys (and stops at the missing server, not at a key)', async () => {
    const dataDir = tempDir('ingest-worker-keyed');
    const printed = await runCli(['keys', 'ingest-key'], { ATTUNE_DATA_DIR: tempDir('ingest-key-source'), ATTUNE_PSEUDONYM_KEY: testSecretHex });
    const result = await runCli(['worker', '--queue', 'ingest'], ingestWorkerEnv(dataDir, { ATTUNE_INGEST_KEY: printed.stdout.trim() }));
    expect(result.stderr).toMatch(/TEMPORAL_ADDRESS/);
    expect(result.stderr).not.toMatch(/ATTUNE_INGEST_KEY|ATTUNE_PSEUDONYM_KEY/);
    expect(existsSync(join(dataDir, 'installation.key'))).toBe(false);
  });

  it("an ingest activity whose workflow carries another installation's fingerprint fails at once, not retried, naming ATTUNE_INGEST_KEY", async () => {
    let calls = 0;
    const activities = withTemporalFailures({ listStreams: async (_input: { source: string }) => (calls += 1) }, { ingestKeyFingerprint: keys.ingest.fingerprint });
    const other = deriveInstallationKeys(Buffer.from([...Buffer.from(testSecretHex, 'hex')].reverse())).ingest.fingerprint;
    for (const input of [{ source: 'slack', ingestKeyFingerprint: other }, { source: 'slack' }]) {
      const error = await activities.listStreams(input).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApplicationFailure);
      expect(error).toMatchObject({ type: 'config', nonRetryable: true, message: expect.stringMatching(/ATTUNE_INGEST_KEY/) });
    }
    expect(calls).toBe(0);
    await activities.listStreams({ source: 'slack', ingestKeyFingerprint: keys.ingest.fingerprint } as { source: string });
    expect(calls).toBe(1);
  });
});
