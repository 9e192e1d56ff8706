import { cpSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../models/errors.ts';
import { demoRunEnv, withPrivateStore } from '../helpers/demo-store.ts';
import { runCli } from '../helpers/run-cli.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { testSecretHex } from '../helpers/test-secret.ts';

const demo = { people: 24, weeks: 1 };
const runAt = '2026-05-04T00:00:00Z';
const root = tempDir('fuzz-store');
const pristine = join(root, 'pristine');

/** One way a store file gets damaged: bytes overwritten somewhere, or the file cut short. */
type Damage = { kind: 'overwrite'; at: number; bytes: Uint8Array } | { kind: 'truncate'; at: number };

/** Damage anywhere in a file of `size` bytes, with a bias to its first blocks (header and catalog). */
const damageOf = (size: number): fc.Arbitrary<Damage> =>
  fc.oneof(
    fc.record({ kind: fc.constant('overwrite' as const), at: fc.oneof(fc.nat(12_288), fc.nat(size - 1)), bytes: fc.uint8Array({ minLength: 1, maxLength: 4096 }) }),
    fc.record({ kind: fc.constant('truncate' as const), at: fc.oneof(fc.nat(12_288), fc.nat(size - 1)) }),
  );

/** A fresh copy of the pristine data directory with its private store damaged as `damage` says; returns the folder. */
function damagedCopy(damage: Damage, label: string): string {
  const dataDir = join(root, label);
  rmSync(dataDir, { recursive: true, force: true });
  cpSync(pristine, dataDir, { recursive: true });
  const file = join(dataDir, 'attune.duckdb');
  if (damage.kind === 'truncate') truncateSync(file, damage.at);
  else {
    const bytes = readFileSync(file);
    Buffer.from(damage.bytes).copy(bytes, damage.at);
    writeFileSync(file, bytes);
  }
  return dataDir;
}

/** The count and a checksum of the stored events, through the store as attune opens it. */
const eventsDigest = (dataDir: string) =>
  withPrivateStore(dataDir, (store) => store.select({ sql: 'SELECT count(*) AS events, bit_xor(hash(source, source_event_id, start_at)) AS checksum FROM events', params: {} }));

describe('a damaged private store', () => {
  let pristineEvents: Record<string, unknown>[];

  beforeAll(async () => {
    const first = await runCli(['run'], demoRunEnv(pristine, runAt, demo, testSecretHex));
    expect(first.code, first.stderr).toBe(0);
    pristineEvents = await eventsDigest(pristine);
    expect(Number(pristineEvents[0]?.events)).toBeGreaterThan(0);
  }, 300_000);

  it('is refused naming the file and what to do, and left as it was; or, when nothing read was damaged, reads the same events', async () => {
    const size = readFileSync(join(pristine, 'attune.duckdb')).length;
    let refusals = 0;
    await fc.assert(
      fc.asyncProperty(damageOf(size), async (damage) => {
        const dataDir = damagedCopy(damage, 'open');
        const file = join(dataDir, 'attune.duckdb');
        const damaged = readFileSync(file);
        const read = await eventsDigest(dataDir).catch((error: unknown) => error);
        if (!(read instanceof Error)) {
          expect(read).toEqual(pristineEvents);
          return;
        }
        refusals += 1;
        expect(read).toBeInstanceOf(ConfigError);
        expect(read.message).toContain(`the database file ${file} is damaged`);
        expect(read.message).toMatch(/restore it .* from a backup, or move both aside/);
        expect(readFileSync(file).equals(damaged)).toBe(true);
      }),
      { numRuns: 40, seed: 1206 },
    );
    expect(refusals).toBeGreaterThan(0);
  }, 120_000);

  it('stops attune status with that message and exit code 2, never a stack trace', async () => {
    const dataDir = damagedCopy({ kind: 'overwrite', at: 4096, bytes: new Uint8Array(100) }, 'status');
    const status = await runCli(['status'], { ATTUNE_DATA_DIR: dataDir, ATTUNE_PSEUDONYM_KEY: testSecretHex });
    expect(status.code, status.stderr).toBe(2);
    expect(status.stderr).toContain(`the database file ${join(dataDir, 'attune.duckdb')} is damaged`);
    expect(status.stderr).not.toMatch(/^\s+at /m);
  }, 60_000);

  it('stops attune run before it syncs anything, keeping the damaged file for a restore instead of starting a new store over it', async () => {
    for (const damage of [{ kind: 'truncate', at: 0 }, { kind: 'truncate', at: 5000 }] as Damage[]) {
      const dataDir = damagedCopy(damage, 'run');
      const file = join(dataDir, 'attune.duckdb');
      const damaged = readFileSync(file);
      const run = await runCli(['run'], demoRunEnv(dataDir, runAt, demo, testSecretHex));
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toContain(`the database file ${file} is damaged`);
      expect(run.stderr).not.toMatch(/^\s+at /m);
      expect(readFileSync(file).equals(damaged)).toBe(true);
    }
  }, 120_000);
});
