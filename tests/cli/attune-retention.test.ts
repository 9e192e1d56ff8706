import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PrivateStore } from '../../store/private-store.ts';
import { featureLookbackDays } from '../../transforms/features/dirty-person-days-statement.ts';
import { featureRecomputeSteps } from '../../transforms/features/feature-recompute-steps.ts';
import { leaversQuery, retentionStatements, retentionSteps } from '../../transforms/retention-statements.ts';
import { demoRunEnv, withPrivateStore } from '../helpers/demo-store.ts';
import { runCli, type CliResult } from '../helpers/run-cli.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { testSecretHex } from '../helpers/test-secret.ts';

// Retention end to end: `attune run` over four simulated weeks, then a run a day later keeping
// 14 days only (backfill 5 days, so 14 is allowed), with a person no directory has listed for 100 days.

const runAt = '2026-11-23T12:00:00.000Z';
const dayLater = '2026-11-24T12:00:00.000Z';
const cutoff = '2026-11-10T12:00:00.000Z';
const leaver = 'retention-test-leaver';
const dataDir = join(tempDir('retention'), 'data');
const env = (at: string, settings: Record<string, string> = {}) => ({ ...demoRunEnv(dataDir, at, { people: 40, weeks: 4 }, testSecretHex), ...settings });
/** Runs `work` on the private store, closed again afterwards. */
const withStore = <T>(work: (store: PrivateStore) => Promise<T>) => withPrivateStore(dataDir, work);

/** Every person-day feature row, day as text, in a fixed order. */
const dayFeatures = (store: PrivateStore) => store.select({ sql: 'SELECT * FROM person_day_features ORDER BY person, day' });

describe('retention on each run', () => {
  let before: Record<string, unknown>[];
  let second: CliResult;

  beforeAll(async () => {
    const first = await runCli(['run'], env(runAt));
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('retention: 0 events, 0 change-log entries, 0 quarantined records and 0 collaboration rows');
    before = await withStore(async (store) => {
      await store.run([
        // A person no directory has listed for 100 days, with an event of their own, and a stale pending change.
        {
          sql: `INSERT INTO people (pseudonym, time_zone, work_days, work_start_minute, work_end_minute, identity_resolved, updated_at, last_listed_at)
                VALUES ($p, 'UTC', [1, 2, 3, 4, 5], 540, 1020, true, now(), TIMESTAMPTZ '2026-08-15 12:00:00+00')`,
          params: { p: leaver },
        },
        {
          sql: `INSERT INTO events (source, kind, source_event_id, actor, counterparts, start_at, end_at, is_thread)
                VALUES ('slack', 'message', 'leaver-1', $p, [], TIMESTAMPTZ '2026-11-21 10:00:00+00', TIMESTAMPTZ '2026-11-21 10:00:00+00', false)`,
          params: { p: leaver },
        },
        { sql: "INSERT INTO identity_vault VALUES ($p, 'sealed'::BLOB, now())", params: { p: leaver } },
        { sql: "INSERT INTO event_changes VALUES ('message', 'someone', [], TIMESTAMPTZ '2026-10-01 10:00:00+00', TIMESTAMPTZ '2026-10-01 10:00:00+00', NULL, false)" },
      ]);
      return dayFeatures(store);
    });
    second = await runCli(['run'], env(dayLater, { ATTUNE_RETENTION_DAYS: '14', ATTUNE_BACKFILL_DAYS: '5' }));
  }, 400_000);

  it('deletes the raw events and change-log entries past the retention, and says how many in the summary', async () => {
    expect(second.code, second.stderr).toBe(0);
    const line = second.stdout.split('\n').find((l) => l.includes('retention:')) ?? '';
    const [, events, changes] = /retention: ([\d,]+) events, ([\d,]+) change-log entries/.exec(line) ?? [];
    expect(Number(events?.replaceAll(',', ''))).toBeGreaterThan(0);
    // The stale entry put there, and any change this run loaded for an event already past the retention.
    expect(Number(changes)).toBeGreaterThanOrEqual(1);
    await withStore(async (store) => {
      const [old] = await store.select({ sql: 'SELECT count(*)::INTEGER AS n FROM events WHERE end_at < $c::TIMESTAMPTZ', params: { c: cutoff } });
      const [issueState] = await store.select({
        sql: "SELECT count(*)::INTEGER AS n FROM events WHERE end_at < $c::TIMESTAMPTZ AND kind IN ('issue_status', 'issue_assignment')",
        params: { c: cutoff },
      });
      // Only the state of issues still in progress at the cutoff stays.
      expect(Number(old?.n)).toBe(Number(issueState?.n));
      expect(await store.select({ sql: 'SELECT * FROM event_changes' })).toEqual([]);
    });
  });

  it('leaves the features of the days before the cutoff as they were computed', async () => {
    const oldDays = (rows: Record<string, unknown>[]) => rows.filter((r) => String(r.day) < cutoff.slice(0, 10));
    const after = await withStore(dayFeatures);
    expect(oldDays(before).length).toBeGreaterThan(0);
    expect(oldDays(after)).toEqual(oldDays(before));
  });

  it('never rebuilds a day whose events retention removed, even when everyone’s working hours look changed, and rebuilds later days the same', async () => {
    await withStore(async (store) => {
      const computed = await dayFeatures(store);
      // Every person looks changed: without the retention horizon, all their days would be rebuilt from the events left.
      await store.run([{ sql: 'UPDATE feature_people SET work_start_minute = work_start_minute + 1' }]);
      await store.runSteps(featureRecomputeSteps({ mode: 'incremental' }));
      expect(await dayFeatures(store)).toEqual(computed);
      const [frozen] = await store.select({
        sql: `SELECT count(*)::INTEGER AS n FROM person_day_features
              WHERE day < (SELECT timezone('UTC', max(events_kept_from))::DATE + ${featureLookbackDays} FROM retention_horizon)`,
      });
      expect(Number(frozen?.n)).toBeGreaterThan(0);
    });
  }, 120_000);

  it('logs nothing it deletes to the change log the incremental recompute reads, and keeps collaborations for the rolling 28 days before the cutoff', async () => {
    await withStore(async (store) => {
      const changed = await store.runCounted(retentionStatements('2026-12-01T00:00:00.000Z'));
      expect(changed[retentionSteps.indexOf('events')]).toBeGreaterThan(0);
      expect(changed[retentionSteps.indexOf('collaborations')]).toBeGreaterThan(0);
      expect(await store.select({ sql: 'SELECT * FROM event_changes' })).toEqual([]);
      const [oldest] = await store.select({ sql: 'SELECT min(day)::VARCHAR AS day FROM person_day_collaborations' });
      expect(String(oldest?.day)).toBe('2026-11-03');
    });
  });

  it('erases a person no directory has listed for the grace period, and no one the directories list', async () => {
    expect(second.stdout).toMatch(/1 leavers \(in no directory for ATTUNE_LEAVER_GRACE_DAYS\) erased/);
    await withStore(async (store) => {
      for (const table of ['people', 'identity_vault']) {
        expect(await store.select({ sql: `SELECT * FROM ${table} WHERE pseudonym = $p`, params: { p: leaver } })).toEqual([]);
      }
      expect(await store.select({ sql: 'SELECT * FROM events WHERE actor = $p', params: { p: leaver } })).toEqual([]);
      const [people] = await store.select({ sql: 'SELECT count(*)::INTEGER AS n FROM people' });
      expect(Number(people?.n)).toBeGreaterThanOrEqual(40);
    });
  });

  it('takes no one for a leaver while no directory has listed anyone within the grace period (every directory failing)', async () => {
    await withStore(async (store) => {
      const since = '2026-11-01T00:00:00.000Z';
      await store.run([{ sql: "UPDATE people SET last_listed_at = TIMESTAMPTZ '2026-09-01 00:00:00+00'" }]);
      expect(await store.select(leaversQuery(since))).toEqual([]);
      const [listed] = await store.select({ sql: 'SELECT pseudonym FROM people ORDER BY pseudonym LIMIT 1' });
      await store.run([{ sql: "UPDATE people SET last_listed_at = TIMESTAMPTZ '2026-11-20 00:00:00+00' WHERE pseudonym = $p", params: { p: String(listed?.pseudonym) } }]);
      const [people] = await store.select({ sql: 'SELECT count(*)::INTEGER AS n FROM people' });
      expect(await store.select(leaversQuery(since))).toHaveLength(Number(people?.n) - 1);
    });
  });

  it('refuses a retention too short for the backfill, naming the variable, before writing anything', async () => {
    const refused = await runCli(['run'], { ...env(dayLater, { ATTUNE_RETENTION_DAYS: '30' }), ATTUNE_DATA_DIR: join(tempDir('retention-refused'), 'data') });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('ATTUNE_RETENTION_DAYS is 30, too short');
    expect(refused.stderr).toContain('at least 51 days');
  });
});
