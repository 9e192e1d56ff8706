import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { QuarantineRecord } from '../../models/quarantine-record.ts';
import { openPrivateStore } from '../../store/open-private-store.ts';
import { privateMigrations } from '../../store/private-migrations.ts';
import { writeStagingBatch } from '../../store/write-staging-batch.ts';
import { event, person, pseudonymOf } from '../transforms/activity-fixtures.ts';
import { holdDuckDbOpen } from '../helpers/hold-duckdb-open.ts';
import { storesClosedAfterEach } from '../helpers/stores-closed-after-each.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { loadOnePart } from '../helpers/load-one-part.ts';

const openStore = storesClosedAfterEach();

const cursor = (position: string) => ({ source: 'slack' as const, stream: 'C1', position });
const threeEvents = [
  event('a', 'message', 'ann', '2024-01-09T10:00:00Z', ['bob', 'cat']),
  event('b', 'thread_reply', 'bob', '2024-01-09T10:02:30.123Z'),
  event('c', 'reaction', 'cat', '2024-01-09T11:00:00Z', ['ann']),
];

describe('openPrivateStore', () => {
  it('creates the data directory and applies each migration once, also on reopen', async () => {
    const dataDir = path.join(tempDir('store'), 'nested', 'data');
    const first = await openStore(dataDir);
    await first.upsertPeople([person('ann', 'Europe/London')], 'google');
    await first.close();
    const again = await openStore(dataDir);
    expect(fs.existsSync(path.join(dataDir, 'attune.duckdb'))).toBe(true);
    const applied = await again.select({ sql: 'SELECT version FROM schema_migrations ORDER BY version' });
    expect(applied).toEqual(privateMigrations.map((m) => ({ version: m.version })));
    expect(await again.counts()).toEqual({ people: 1, events: 0, featureRows: 0, weekFeatureRows: 0, quarantined: 0 });
  });

  it('upserts people by pseudonym', async () => {
    const store = await openStore(tempDir('store'));
    await store.upsertPeople([person('ann', 'Europe/London'), person('bob', 'Asia/Tokyo')], 'google');
    await store.upsertPeople([{ ...person('ann', 'America/New_York'), workDays: [1, 2, 3], workStartMinute: 480 }], 'google');
    const rows = await store.select({
      sql: 'SELECT time_zone, work_days, work_start_minute FROM people WHERE pseudonym = $p',
      params: { p: pseudonymOf('ann') },
    });
    expect(rows).toEqual([{ time_zone: 'America/New_York', work_days: [1, 2, 3], work_start_minute: 480 }]);
    expect((await store.counts()).people).toBe(2);
  });

  it('keeps, for a person several sources know, a real time zone and their own working hours over stand-ins', async () => {
    const store = await openStore(tempDir('store'));
    const own = { ...person('ann', 'Europe/Berlin'), workDays: [1, 2, 3, 4], workStartMinute: 420, workEndMinute: 900, workingHoursKnown: true };
    await store.upsertPeople([own], 'google');
    await store.upsertPeople([{ ...person('ann', 'UTC'), timeZoneKnown: false, identityResolved: false }], 'google');
    const read = () =>
      store.select({
        sql: 'SELECT time_zone, work_days, work_start_minute, working_hours_known, identity_resolved FROM people WHERE pseudonym = $p',
        params: { p: pseudonymOf('ann') },
      });
    expect(await read()).toEqual([
      { time_zone: 'Europe/Berlin', work_days: [1, 2, 3, 4], work_start_minute: 420, working_hours_known: true, identity_resolved: true },
    ]);
    await store.upsertPeople([person('ann', 'Asia/Tokyo')], 'google');
    expect((await read())[0]).toMatchObject({ time_zone: 'Asia/Tokyo', work_start_minute: 420 });
  });

  it('reads back sealed vault entries by pseudonym', async () => {
    const store = await openStore(tempDir('store'));
    await store.upsertVaultEntries([{ pseudonym: pseudonymOf('ann'), sealed: new Uint8Array([7, 8]) }]);
    expect(await store.readVaultEntries([pseudonymOf('ann'), pseudonymOf('bob')])).toEqual([
      { pseudonym: pseudonymOf('ann'), sealed: new Uint8Array([7, 8]) },
    ]);
    expect(await store.readVaultEntries([])).toEqual([]);
  });

  it("stores a source's teams with their parents and its segments, replacing only that source's", async () => {
    const store = await openStore(tempDir('store'));
    const teams = [
      { team: 'google:/Eng', teamName: 'Eng', parent: null, source: 'google' as const },
      { team: 'google:/Eng/Payments', teamName: 'Payments', parent: 'google:/Eng', source: 'google' as const },
    ];
    const segments = [{ dimension: 'location', value: 'Berlin', person: pseudonymOf('ann'), source: 'google' as const }];
    await store.replaceDirectory('google', { teams, memberships: [], segments });
    await store.replaceDirectory('slack', { teams: [{ team: 'slack:S1', teamName: 'Payments', parent: null, source: 'slack' }], memberships: [], segments: [] });
    await store.replaceDirectory('google', { teams: teams.slice(1), memberships: [], segments });
    expect(await store.select({ sql: 'SELECT team, parent FROM teams ORDER BY team' })).toEqual([
      { team: 'google:/Eng/Payments', parent: 'google:/Eng' },
      { team: 'slack:S1', parent: null },
    ]);
    expect(await store.select({ sql: 'SELECT dimension, value FROM segment_memberships' })).toEqual([{ dimension: 'location', value: 'Berlin' }]);
  });

  it("replaces one source's team memberships and leaves the others", async () => {
    const store = await openStore(tempDir('store'));
    const member = (source: 'slack' | 'jira', team: string, name: string) => ({ source, team, teamName: team.toUpperCase(), person: pseudonymOf(name) });
    await store.replaceDirectory('slack', { teams: [], memberships: [member('slack', 'slack:a', 'ann'), member('slack', 'slack:a', 'bob')], segments: [] });
    await store.replaceDirectory('jira', { teams: [], memberships: [member('jira', 'jira:x', 'ann')], segments: [] });
    await store.replaceDirectory('slack', { teams: [], memberships: [member('slack', 'slack:b', 'cat')], segments: [] });
    const rows = await store.select({ sql: 'SELECT source, team, person FROM team_memberships ORDER BY source, team' });
    expect(rows).toEqual([
      { source: 'jira', team: 'jira:x', person: pseudonymOf('ann') },
      { source: 'slack', team: 'slack:b', person: pseudonymOf('cat') },
    ]);
    await expect(store.replaceDirectory('slack', { teams: [], memberships: [member('jira', 'jira:x', 'bob')], segments: [] })).rejects.toThrow(/jira directory entry/);
  });

  it('runs concurrent calls one after another, so their transactions never interleave', async () => {
    const dataDir = tempDir('store');
    const store = await openStore(dataDir);
    const batchFile = path.join(dataDir, 'batch.parquet');
    await writeStagingBatch(batchFile, threeEvents);
    const [, , loaded, counts] = await Promise.all([
      store.upsertPeople([person('ann', 'Europe/London')], 'google'),
      store.upsertVaultEntries([{ pseudonym: pseudonymOf('ann'), sealed: new Uint8Array([1]) }]),
      loadOnePart(store, { batchFile, quarantined: [], cursor: cursor('p1') }),
      store.counts(),
    ]);
    expect(loaded).toEqual({ inserted: 3, removed: 0 });
    expect(counts).toEqual({ people: 1, events: 3, featureRows: 0, weekFeatureRows: 0, quarantined: 0 });
  });

  it('upserts sealed vault entries', async () => {
    const store = await openStore(tempDir('store'));
    await store.upsertVaultEntries([{ pseudonym: pseudonymOf('ann'), sealed: new Uint8Array([1, 2, 3]) }]);
    await store.upsertVaultEntries([{ pseudonym: pseudonymOf('ann'), sealed: new Uint8Array([0, 255]) }]);
    const rows = await store.select({ sql: 'SELECT hex(sealed) AS sealed FROM identity_vault' });
    expect(rows).toEqual([{ sealed: '00FF' }]);
  });
});

describe('loading one staged part (loadParts)', () => {
  it('stores staged events exactly, and loading the same batch twice keeps one row each', async () => {
    const dataDir = tempDir('store');
    const store = await openStore(dataDir);
    const batchFile = path.join(dataDir, 'staging', 'slack', 'C1.parquet');
    await writeStagingBatch(batchFile, threeEvents);
    expect(await store.readCursor('slack', 'C1')).toBeNull();
    expect(await loadOnePart(store, { batchFile, quarantined: [], cursor: cursor('p1') })).toEqual({ inserted: 3, removed: 0 });
    expect(await loadOnePart(store, { batchFile, quarantined: [], cursor: cursor('p2') })).toEqual({ inserted: 0, removed: 0 });
    expect((await store.counts()).events).toBe(3);
    expect(await store.readCursor('slack', 'C1')).toBe('p2');
    const rows = await store.select({
      sql: `SELECT kind, actor, counterparts, epoch_ms(start_at) AS start_ms, conversation, is_thread, size
            FROM events ORDER BY start_at`,
    });
    expect(rows).toEqual(
      threeEvents.map((e) => ({
        kind: e.kind,
        actor: e.actor,
        counterparts: e.counterparts,
        start_ms: String(e.start.getTime()),
        conversation: e.conversation,
        is_thread: e.isThread,
        size: e.size,
      })),
    );
  });

  it('keeps one row when an event comes again with a newer thread flag, and counts it as not new', async () => {
    const dataDir = tempDir('store');
    const store = await openStore(dataDir);
    const parent = event('p', 'message', 'ann', '2024-01-09T10:00:00Z');
    const first = path.join(dataDir, 'first.parquet');
    const second = path.join(dataDir, 'second.parquet');
    await writeStagingBatch(first, [parent]);
    await writeStagingBatch(second, [{ ...parent, isThread: true }, threeEvents[1]!]);
    expect(await loadOnePart(store, { batchFile: first, quarantined: [], cursor: cursor('1') })).toEqual({ inserted: 1, removed: 0 });
    expect(await loadOnePart(store, { batchFile: second, quarantined: [], cursor: cursor('2') })).toEqual({ inserted: 1, removed: 0 });
    const rows = await store.select({ sql: 'SELECT is_thread FROM events WHERE source_event_id = $id', params: { id: parent.sourceEventId } });
    expect(rows).toEqual([{ is_thread: true }]);
  });

  it('removes the events the source says are gone, in the same transaction as the cursor', async () => {
    const dataDir = tempDir('store');
    const store = await openStore(dataDir);
    const batchFile = path.join(dataDir, 'batch.parquet');
    await writeStagingBatch(batchFile, threeEvents);
    await loadOnePart(store, { batchFile, quarantined: [], cursor: cursor('1') });
    const gone = threeEvents[0]!.sourceEventId;
    expect(await loadOnePart(store, { batchFile: null, quarantined: [], deleted: [gone, pseudonymOf('never-seen')], cursor: cursor('2') })).toEqual({
      inserted: 0,
      removed: 1,
    });
    expect((await store.counts()).events).toBe(2);
    expect(await store.select({ sql: 'SELECT count(*)::INTEGER AS n FROM events WHERE source_event_id = $id', params: { id: gone } })).toEqual([{ n: 0 }]);
    expect(await store.readCursor('slack', 'C1')).toBe('2');
  });

  it('saves nothing when a step fails: cursor, events and quarantine stay as they were', async () => {
    const dataDir = tempDir('store');
    const store = await openStore(dataDir);
    const batchFile = path.join(dataDir, 'first.parquet');
    await writeStagingBatch(batchFile, threeEvents.slice(0, 1));
    await loadOnePart(store, { batchFile, quarantined: [], cursor: cursor('p1') });
    const record: QuarantineRecord = { source: 'slack', stream: 'C1', recordRef: '1.2', problem: 'ts: invalid_type' };
    await expect(
      loadOnePart(store, { batchFile: path.join(dataDir, 'missing.parquet'), quarantined: [record], cursor: cursor('p2') }),
    ).rejects.toThrow();
    expect(await store.readCursor('slack', 'C1')).toBe('p1');
    expect(await store.counts()).toMatchObject({ events: 1, quarantined: 0 });
  });

  it('rolls back the inserted events when a later step of the batch fails', async () => {
    const dataDir = tempDir('store');
    const store = await openStore(dataDir);
    const batchFile = path.join(dataDir, 'batch.parquet');
    await writeStagingBatch(batchFile, threeEvents);
    const broken = { source: 'slack', stream: 'C1', recordRef: null, problem: null } as unknown as QuarantineRecord;
    await expect(loadOnePart(store, { batchFile, quarantined: [broken], cursor: cursor('p1') })).rejects.toThrow(/NOT NULL/);
    expect(await store.counts()).toMatchObject({ events: 0, quarantined: 0 });
    expect(await store.readCursor('slack', 'C1')).toBeNull();
    expect(await loadOnePart(store, { batchFile, quarantined: [], cursor: cursor('p1') })).toEqual({ inserted: 3, removed: 0 });
  });

  it('records each quarantined record once, a null record ref included', async () => {
    const store = await openStore(tempDir('store'));
    const records: QuarantineRecord[] = [
      { source: 'slack', stream: 'C1', recordRef: '1.2', problem: 'ts: invalid_type' },
      { source: 'slack', stream: 'C1', recordRef: null, problem: 'user: too_small' },
    ];
    await loadOnePart(store, { batchFile: null, quarantined: [...records, ...records], cursor: cursor('p1') });
    await loadOnePart(store, { batchFile: null, quarantined: records, cursor: cursor('p2') });
    expect((await store.counts()).quarantined).toBe(2);
    expect(await store.readCursor('slack', 'C1')).toBe('p2');
  });
});

describe('writeStagingBatch', () => {
  it('leaves only the finished file behind', async () => {
    const dir = tempDir('store');
    const file = path.join(dir, 'batch.parquet');
    await writeStagingBatch(file, threeEvents);
    await writeStagingBatch(file, threeEvents.slice(0, 2));
    expect(fs.readdirSync(dir)).toEqual(['batch.parquet']);
    const store = await openStore(dir);
    expect(await loadOnePart(store, { batchFile: file, quarantined: [], cursor: cursor('p1') })).toEqual({ inserted: 2, removed: 0 });
  });
});

describe('the private store’s DuckDB', () => {
  it('runs within 1 GiB unless configured, spilling into the data directory, never DuckDB’s 80 % of the machine', async () => {
    const settings = "SELECT current_setting('memory_limit') AS memory, current_setting('threads') AS threads, current_setting('temp_directory') AS spill";
    const dataDir = tempDir('resources');
    const byDefault = await openPrivateStore(dataDir);
    const [defaults] = await byDefault.select({ sql: settings });
    await byDefault.close();
    expect(defaults).toMatchObject({ memory: '1.0 GiB', spill: path.join(dataDir, 'duckdb-spill') });
    const configured = await openPrivateStore(dataDir, { memory: '256MiB', threads: 1 });
    expect(await configured.select({ sql: settings })).toEqual([{ memory: '256.0 MiB', threads: '1', spill: path.join(dataDir, 'duckdb-spill') }]);
    await configured.close();
  });
});

describe('a data directory another process holds', () => {
  it('is refused naming the process and what to do, not with DuckDB’s lock message', async () => {
    const dataDir = tempDir('busy');
    await (await openPrivateStore(dataDir)).close();
    const run = await holdDuckDbOpen(path.join(dataDir, 'attune.duckdb'), { readOnly: false });
    try {
      await expect(openPrivateStore(dataDir)).rejects.toThrow(
        new RegExp(`locked by another attune process \\(PID ${run.process.pid}\\).*ATTUNE_DATA_DIR`),
      );
    } finally {
      await run.stop();
    }
  });
});
