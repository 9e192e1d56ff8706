import { cpSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { dataPaths } from '../../cli/data-paths.ts';
import { normaliseEmail } from '../../models/normalise-email.ts';
import { generateOrganisation } from '../../simulator/organisation/generate-organisation.ts';
import { Random } from '../../simulator/random.ts';
import { connectDuckDb } from '../../store/connect-duckdb.ts';
import { sqlStringLiteral } from '../../store/sql-string-literal.ts';
import { deriveInstallationKeys } from '../../transforms/installation-keys.ts';
import { createPseudonymizer } from '../../transforms/pseudonymizer.ts';
import { demoRunEnv } from '../helpers/demo-store.ts';
import { startCli, type CliResult } from '../helpers/run-cli.ts';
import { filesUnder, rawTextOf } from '../helpers/scan-data-dir.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { testSecretHex } from '../helpers/test-secret.ts';

/**
 * Crash safety, proven (issue 12, item 5): a real `attune run` is killed with SIGKILL inside each
 * of its phases in turn, at a seeded random moment, and started again, until one run completes;
 * `attune erase` likewise. The end state must equal an uninterrupted run's (or erasure's), table
 * by table, by checksum. Each kill is placed by watching the child's progress lines (and, between
 * staging and load, its staging folder), and the test checks that the phase it meant to
 * interrupt was started and not finished.
 */

/** The seed of the kill moments; ATTUNE_CRASH_SEED tries others. */
const seed = Number(process.env.ATTUNE_CRASH_SEED ?? 20_261_206);
const demo = { people: 30, weeks: 4, seed: 7 };
const runAt = '2026-11-23T12:00:00.000Z';
const organisation = generateOrganisation({ ...demo, end: new Date(runAt) });
const pseudonymOf = (email: string) =>
  createPseudonymizer(deriveInstallationKeys(Buffer.from(testSecretHex, 'hex')).pseudonymKey)('person', normaliseEmail(email));

/**
 * What must come out the same, one query per table over its deterministic columns: events,
 * features, baselines, collaborations, the people and their teams, cursors (which streams, not
 * the positions: a vendor's position may carry the time it was read), nudges, and the released
 * cells with their audit. Left out: the times rows were written, release ids (drawn per release),
 * sealed vault records (a random nonce each; their pseudonyms are compared) and the run records (a
 * killed run records nothing). Erasure tombstones are random: each is compared as `erased:`.
 */
const checkedTables: Record<string, string> = {
  events: 'SELECT * FROM attune.events',
  event_changes: 'SELECT * FROM attune.event_changes',
  people: 'SELECT * EXCLUDE (updated_at) FROM attune.people',
  identity_vault: 'SELECT pseudonym FROM attune.identity_vault',
  teams: 'SELECT * FROM attune.teams',
  team_memberships: 'SELECT * FROM attune.team_memberships',
  segment_memberships: 'SELECT * FROM attune.segment_memberships',
  org_week_members: 'SELECT * FROM attune.org_week_members',
  sync_state: 'SELECT source, stream FROM attune.sync_state',
  quarantine: 'SELECT * EXCLUDE (quarantined_at) FROM attune.quarantine',
  person_day_features: 'SELECT * FROM attune.person_day_features',
  person_day_collaborations: 'SELECT * FROM attune.person_day_collaborations',
  person_day_replies: 'SELECT * FROM attune.person_day_replies',
  person_week_features: 'SELECT * FROM attune.person_week_features',
  person_week_wellbeing: 'SELECT * FROM attune.person_week_wellbeing',
  person_week_baselines: 'SELECT * FROM attune.person_week_baselines',
  nudge_outbox: 'SELECT * FROM attune.nudge_outbox',
  released_sets: 'SELECT * FROM attune.released_sets',
  release_outbox: 'SELECT * EXCLUDE (release_id, released_at, published_at, cells) FROM attune.release_outbox',
  released_cells: 'SELECT * EXCLUDE (release_id) FROM analytics.team_week_metrics',
  release_ledger: 'SELECT * EXCLUDE (release_id, released_at) FROM analytics.release_ledger',
};

/** Per table of checkedTables: its row count and the MD5 of its rows as text, sorted (doubles print their shortest exact form, so equal text is equal bytes). */
async function checksums(dataDir: string): Promise<Record<string, string>> {
  const { connection, close } = await connectDuckDb(join(dataDir, 'attune.duckdb'), { access_mode: 'READ_ONLY' });
  try {
    await connection.run(`ATTACH ${sqlStringLiteral(join(dataDir, 'analytics.duckdb'))} AS analytics (READ_ONLY)`);
    const text = "regexp_replace(CAST(r AS VARCHAR), 'erased:[0-9a-f]{32}', 'erased:', 'g')";
    const sums: Record<string, string> = {};
    for (const [table, query] of Object.entries(checkedTables)) {
      const reader = await connection.runAndReadAll(`SELECT count(*) || ' rows, md5 ' || md5(coalesce(string_agg(${text}, chr(10) ORDER BY ${text}), '')) FROM (${query}) r`);
      sums[table] = String(reader.getRowsJson()[0]?.[0]);
    }
    return sums;
  } finally {
    close();
  }
}

/** One phase to interrupt: the progress line that starts it, the one that ends it, and whether to wait for a staged file too. */
interface KillPoint {
  phase: string;
  starts: RegExp;
  ends: RegExp;
  /** Kill only while a staging file of this source waits to be loaded (polled once the delay is over). */
  stagedBy?: string;
}

/** The kills of the run, in the order of the phases, each in a run started after the one before was killed. */
const runKills: KillPoint[] = [
  { phase: "mid-page fetch (slack's streams)", starts: /^slack: directory:/m, ends: /^slack: streams (\d+)\/\1 read/m },
  { phase: 'between staging and load (jira)', starts: /^jira: directory:/m, ends: /^jira: streams (\d+)\/\1 read/m, stagedBy: 'jira' },
  { phase: "mid-page fetch (microsoft's streams)", starts: /^microsoft: directory:/m, ends: /^microsoft: streams (\d+)\/\1 read/m },
  { phase: 'mid-feature recompute', starts: /^features: recomputing/m, ends: /^features \(run/m },
  { phase: 'mid-release', starts: /^nudges: week of .* planned/m, ends: /^release: /m },
];

/** A child `attune` and when each of its stderr lines came, in ms since it started. */
interface Watched {
  result: Promise<CliResult>;
  lineTimes: { at: number; line: string }[];
  kill(): void;
  onLine(listener: (line: string) => void): void;
}

/** Starts `attune args` and follows its stderr line by line. */
function watch(args: string[], env: Record<string, string>): Watched {
  const startedAt = Date.now();
  const { child, result } = startCli(args, env);
  const lineTimes: Watched['lineTimes'] = [];
  const listeners: ((line: string) => void)[] = [];
  let partial = '';
  child.stderr.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString('utf8')).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      lineTimes.push({ at: Date.now() - startedAt, line });
      for (const listener of listeners) listener(line);
    }
  });
  return { result, lineTimes, kill: () => child.kill('SIGKILL'), onLine: (listener) => listeners.push(listener) };
}

/** How long a phase took in a finished run, in ms, from its starting line to its ending one. */
function phaseDuration(lineTimes: Watched['lineTimes'], { phase, starts, ends }: KillPoint): number {
  const start = lineTimes.find(({ line }) => starts.test(line))?.at;
  const end = lineTimes.find(({ line }) => ends.test(line))?.at;
  if (start === undefined || end === undefined) throw new Error(`the uninterrupted run printed no start or end of ${phase}`);
  return end - start;
}

/** Whether a file of `dir` or below exists; a folder not made yet holds none. */
const holdsFiles = (dir: string) => existsSync(dir) && filesUnder(dir).length > 0;

/** Whether a whole staged batch (not the temporary file one is written to) waits under `dir` to be loaded; by names alone, as a load may delete the file meanwhile. */
const holdsStagedBatch = (dir: string) => existsSync(dir) && readdirSync(dir, { recursive: true }).some((name) => String(name).endsWith('.parquet'));

/**
 * Runs `attune run` and kills it `delayMs` after the phase's starting line (and, for a kill between
 * staging and load, at the first moment after that a staging file of the source waits). Returns what it printed.
 */
async function runKilledIn(env: Record<string, string>, point: KillPoint, delayMs: number): Promise<CliResult> {
  const run = watch(['run'], env);
  const stagingDir = join(dataPaths(env.ATTUNE_DATA_DIR ?? '').stagingDir, point.stagedBy ?? '');
  let poll: NodeJS.Timeout | undefined;
  run.onLine((line) => {
    if (!point.starts.test(line)) return;
    setTimeout(() => {
      if (!point.stagedBy) return run.kill();
      poll = setInterval(() => holdsStagedBatch(stagingDir) && run.kill(), 1);
    }, delayMs);
  });
  const result = await run.result;
  clearInterval(poll);
  return result;
}

/** The private store's files `attune erase` makes as it goes: its WAL (written as the erasure commits) and the copy it compacts into. */
const storeFile = { wal: 'attune.duckdb.wal', compact: 'attune.duckdb.compact' } as const;

/** Starts `attune erase --email` on `dataDir` and notes when each of storeFile's files first appears, in ms since it started (polled every ms). */
function eraseWatched(dataDir: string, email: string, onAppear: (file: keyof typeof storeFile, at: number) => void = () => undefined) {
  const startedAt = Date.now();
  const erase = watch(['erase', '--email', email], demoRunEnv(dataDir, runAt, demo, testSecretHex));
  const seen = new Map<keyof typeof storeFile, number>();
  const poll = setInterval(() => {
    for (const file of Object.keys(storeFile) as (keyof typeof storeFile)[]) {
      if (seen.has(file) || !existsSync(join(dataDir, storeFile[file]))) continue;
      seen.set(file, Date.now() - startedAt);
      onAppear(file, Date.now() - startedAt);
    }
  }, 1);
  void erase.result.finally(() => clearInterval(poll));
  return { ...erase, seen };
}

describe('attune run and attune erase killed (SIGKILL) mid-phase and started again end as an uninterrupted run does', () => {
  const root = tempDir('crash');
  const referenceDir = join(root, 'reference');
  const crashedDir = join(root, 'crashed');
  let reference: Watched['lineTimes'];
  let referenceSums: Record<string, string>;

  beforeAll(async () => {
    const run = watch(['run'], demoRunEnv(referenceDir, runAt, demo, testSecretHex));
    const result = await run.result;
    expect(result.code, result.stderr).toBe(0);
    reference = run.lineTimes;
    referenceSums = await checksums(referenceDir);
  }, 600_000);

  it(`a run killed in each phase in turn (seed ${seed}), then completed, has the same events, features and released cells`, async () => {
    const env = demoRunEnv(crashedDir, runAt, demo, testSecretHex);
    const random = new Random(seed);
    for (const point of runKills) {
      // Within the first fifth of the phase as it took uninterrupted, so the kill falls inside it even when the machine is less loaded than it was then.
      const delayMs = Math.round((0.02 + 0.18 * random.fork(point.phase).next()) * phaseDuration(reference, point));
      const killed = await runKilledIn(env, point, delayMs);
      const where = `${point.phase}, ${delayMs} ms in: ${killed.stderr.slice(-1500)}`;
      expect(killed.code, `the run was not killed ${where}`).toBeNull();
      expect(killed.stderr, `the phase had not started: ${where}`).toMatch(point.starts);
      expect(killed.stderr, `the phase had ended: ${where}`).not.toMatch(point.ends);
      if (point.stagedBy) expect(holdsStagedBatch(join(dataPaths(crashedDir).stagingDir, point.stagedBy)), `no staged batch was left: ${where}`).toBe(true);
    }
    const completed = await watch(['run'], env).result;
    expect(completed.code, completed.stderr).toBe(0);
    expect(await checksums(crashedDir)).toEqual(referenceSums);
    expect(holdsFiles(dataPaths(crashedDir).stagingDir), 'staging files a killed run left were not swept').toBe(false);
  }, 1_200_000);

  it(`an erasure killed as it commits, or mid-compaction (seed ${seed}), then run again, leaves what an uninterrupted one does, and nothing of the person in any byte`, async () => {
    const email = organisation.people[0]?.email ?? '';
    const person = pseudonymOf(email);
    const copyOfReference = (name: string) => {
      const dir = join(root, name);
      cpSync(referenceDir, dir, { recursive: true });
      return dir;
    };
    const startedAt = Date.now();
    const uninterrupted = eraseWatched(copyOfReference('erased'), email);
    const erased = await uninterrupted.result;
    const endedAt = Date.now() - startedAt;
    expect(erased.code, erased.stderr).toBe(0);
    const [committedAt = 0, compactingAt = 0] = [uninterrupted.seen.get('wal'), uninterrupted.seen.get('compact')];
    expect(compactingAt, 'the uninterrupted erasure made no WAL or no compacted copy').toBeGreaterThan(committedAt);
    const erasedSums = await checksums(join(root, 'erased'));

    const random = new Random(seed).fork('erase');
    const kills = [
      { phase: 'as the erasure commits, before compaction', after: 'wal', within: compactingAt - committedAt },
      { phase: 'mid-compaction', after: 'compact', within: endedAt - compactingAt },
    ] as const;
    for (const { phase, after, within } of kills) {
      const dataDir = copyOfReference(`erase killed ${phase}`);
      const delayMs = Math.round(0.5 * random.next() * within);
      const killed = eraseWatched(dataDir, email, (file) => file === after && setTimeout(() => killed.kill(), delayMs));
      const result = await killed.result;
      const where = `${phase}, ${delayMs} ms after ${storeFile[after]} appeared: ${result.stdout}${result.stderr}`;
      expect(result.code, `the erasure was not killed ${where}`).toBeNull();
      expect(result.stdout, `the erasure had finished ${where}`).not.toMatch(/people erased/);
      if (after === 'wal') expect(killed.seen.has('compact'), `the compaction had started ${where}`).toBe(false);
      else expect(existsSync(join(dataDir, storeFile.compact)), `the compaction had ended ${where}`).toBe(true);

      // Killed before its commit was whole, the erasure is done again (exit 0); after, run again it finds nobody, says so (exit 2), and finishes the job.
      const again = await watch(['erase', '--email', email], demoRunEnv(dataDir, runAt, demo, testSecretHex)).result;
      expect(again.code === 0 ? '' : again.stderr, `run again after a kill ${phase}`).toMatch(/^$|which completes an erasure of theirs that was interrupted/);
      expect([0, 2], again.stderr).toContain(again.code);
      expect(await checksums(dataDir)).toEqual(erasedSums);
      for (const { path, text } of rawTextOf(dataDir)) {
        for (const needle of [person, email]) expect(text.includes(needle), `${needle} in ${path} after a kill ${phase}`).toBe(false);
      }
    }
  }, 600_000);
});
