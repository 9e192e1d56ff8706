import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closedPort } from '../helpers/closed-port.ts';
import { runCli } from '../helpers/run-cli.ts';
import { testSecretHex } from '../helpers/test-secret.ts';
import { tempDir } from '../helpers/temp-dir.ts';

describe('attune run --temporal', () => {
  it('fails within seconds against an unreachable server, naming TEMPORAL_ADDRESS', async () => {
    const started = performance.now();
    const result = await runCli(['run', '--temporal'], {
      ATTUNE_DATA_DIR: join(tempDir('unreachable'), 'data'),
      ATTUNE_PSEUDONYM_KEY: testSecretHex,
      TEMPORAL_ADDRESS: `127.0.0.1:${await closedPort()}`,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/cannot reach Temporal at 127\.0\.0\.1:\d+ \(TEMPORAL_ADDRESS\)/);
    // Not a timing goal: a client that kept retrying would run for minutes; a loaded machine takes a while just to start Node.
    expect(performance.now() - started).toBeLessThan(60_000);
  });

  it('refuses a bad address before connecting, naming the variable', async () => {
    const result = await runCli(['run', '--temporal'], { TEMPORAL_ADDRESS: 'not an address' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/TEMPORAL_ADDRESS/);
  });

  it('needs the installation secret to seal its payloads, and never makes one', async () => {
    const dataDir = join(tempDir('keyless'), 'data');
    const result = await runCli(['run', '--temporal'], { ATTUNE_DATA_DIR: dataDir, TEMPORAL_ADDRESS: `127.0.0.1:${await closedPort()}` });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/ATTUNE_PSEUDONYM_KEY/);
    expect(existsSync(join(dataDir, 'installation.key'))).toBe(false);
  });
});
