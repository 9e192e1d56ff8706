import { chmodSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildZip } from '../helpers/build-zip.ts';
import { runCli } from '../helpers/run-cli.ts';
import { testSecretHex } from '../helpers/test-secret.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/** Every folder and file under `dir` with its permission bits, as 'path 700'. */
function modesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).map((e) => {
    const path = join(e.parentPath, e.name);
    return `${path.slice(dir.length)} ${(statSync(path).mode & 0o777).toString(8)}`;
  });
}

describe('the data directory is private to its owner, whatever the umask', () => {
  it('an existing world-readable data folder becomes 0700, and everything attune writes in it is 0600 in 0700 folders', async () => {
    const dataDir = join(tempDir('permissions'), 'data');
    mkdirSync(dataDir, { mode: 0o755 });
    chmodSync(dataDir, 0o755);
    writeFileSync(join(dataDir, 'installation.key'), `${testSecretHex}\n`, { mode: 0o644 });
    chmodSync(join(dataDir, 'installation.key'), 0o644);
    const day = Buffer.from(JSON.stringify([{ type: 'message', ts: '1762000000.000100', user: 'U1' }]));
    const zip = buildZip([
      { name: 'users.json', data: Buffer.from('[]') },
      { name: 'channels.json', data: Buffer.from(JSON.stringify([{ id: 'C1', name: 'general', created: 1700000000, is_archived: false, members: [] }])) },
      { name: 'general/2025-11-01.json', data: day },
    ]);
    const zipPath = join(tempDir('permissions'), 'export.zip');
    writeFileSync(zipPath, zip.bytes);

    // The child is spawned with a permissive umask (restored here at once): attune must not depend on it.
    const umask = process.umask(0o000);
    const running = runCli(['import', 'slack-export', zipPath, '--all-public'], { ATTUNE_DATA_DIR: dataDir, ATTUNE_RUN_AT: '2025-11-20T00:00:00Z' });
    process.umask(umask);
    const result = await running;
    expect(result.code, result.stderr).toBe(0);
    expect((statSync(dataDir).mode & 0o777).toString(8)).toBe('700');
    const modes = modesUnder(dataDir);
    expect(modes.some((m) => m.startsWith('/attune.duckdb '))).toBe(true);
    for (const m of modes) expect(m, m).toMatch(statSync(join(dataDir, m.split(' ')[0]!)).isDirectory() ? / 700$/ : / 600$/);
  }, 120_000);
});
