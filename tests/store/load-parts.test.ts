import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ActivityEvent } from '../../models/activity-event.ts';
import type { QuarantineRecord } from '../../models/quarantine-record.ts';
import type { StagedPartLoad } from '../../store/load-staged-parts.ts';
import type { PrivateStore } from '../../store/private-store.ts';
import { writeStagingBatch } from '../../store/write-staging-batch.ts';
import { event, pseudonymOf } from '../transforms/activity-fixtures.ts';
import { storesClosedAfterEach } from '../helpers/stores-closed-after-each.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const openStore = storesClosedAfterEach();

/** An event of a named conversation. */
const inConversation = (e: ActivityEvent, name: string): ActivityEvent => ({ ...e, conversation: pseudonymOf(`conversation:${name}`) });

/** Writes each part's events to its own staging file in `dir` and returns the parts to load. */
async function staged(dir: string, parts: (Omit<StagedPartLoad, 'batchFile'> & { events: ActivityEvent[] })[]): Promise<StagedPartLoad[]> {
  return Promise.all(
    parts.map(async ({ events, ...part }, i) => {
      if (events.length === 0) return { ...part, batchFile: null };
      const batchFile = path.join(dir, `part-${i}.parquet`);
      await writeStagingBatch(batchFile, events);
      return { ...part, batchFile };
    }),
  );
}

/** Every stored event, every column, and every cursor: what two loads must agree on. */
async function contents(store: PrivateStore) {
  return {
    events: await store.select({ sql: 'SELECT * FROM events ORDER BY source, source_event_id' }),
    cursors: await store.select({ sql: 'SELECT source, stream, position FROM sync_state ORDER BY source, stream' }),
  };
}

describe('loadParts', () => {
  it('saves several streams in one transaction: a failure in one part saves no event or cursor of any (one by one, the first would be saved)', async () => {
    const dir = tempDir('store');
    const broken = { source: 'slack', stream: 'C2', recordRef: null, problem: null } as unknown as QuarantineRecord;
    const parts = await staged(dir, [
      { stream: 'C1', events: [event('a', 'message', 'ann', '2024-01-09T10:00:00Z')], quarantined: [], position: 'c1' },
      { stream: 'C2', events: [event('b', 'message', 'bob', '2024-01-09T11:00:00Z')], quarantined: [broken], position: 'c2' },
    ]);
    const together = await openStore(path.join(dir, 'together'));
    await expect(together.loadParts('slack', parts)).rejects.toThrow(/NOT NULL/);
    expect(await contents(together)).toEqual({ events: [], cursors: [] });

    // Loaded one transaction a stream, the first stream is saved before the second fails.
    const apart = await openStore(path.join(dir, 'apart'));
    for (const part of parts) await apart.loadParts('slack', [part]).catch(() => undefined);
    expect((await contents(apart)).cursors).toEqual([{ source: 'slack', stream: 'C1', position: 'c1' }]);
  });

  it('stages a part larger than one append (20,000 events) whole: every event stored once, each once, in its order', async () => {
    const dir = tempDir('store');
    const many = Array.from({ length: 20_000 }, (_, i) => ({
      ...event(`m${i}`, 'message', `p${i % 300}`, new Date(Date.UTC(2024, 0, 9) + i * 1000).toISOString()),
      size: i,
    }));
    const store = await openStore(path.join(dir, 'store'));
    expect(await store.loadParts('slack', await staged(dir, [{ stream: 'C1', events: many, quarantined: [], position: 'p1' }]))).toEqual({ inserted: 20_000, removed: 0 });
    const [row] = await store.select({
      sql: `SELECT count(*)::INTEGER AS n, count(DISTINCT source_event_id)::INTEGER AS ids, sum(size)::INTEGER AS sizes, min(start_at) = TIMESTAMPTZ '2024-01-09 00:00:00+00' AS first_kept,
        max(start_at) = TIMESTAMPTZ '2024-01-09 00:00:00+00' + INTERVAL 19999 SECOND AS last_kept FROM events`,
    });
    expect(row).toEqual({ n: 20_000, ids: 20_000, sizes: (19_999 * 20_000) / 2, first_kept: true, last_kept: true });
  });

  it('stores what loading the parts one by one stores: the last copy wins, later deletions and parts read whole remove earlier copies', async () => {
    const dir = tempDir('store');
    const a = event('a', 'message', 'ann', '2024-01-09T10:00:00Z');
    const b = event('b', 'message', 'bob', '2024-01-09T10:05:00Z');
    const c = inConversation(event('c', 'reaction', 'cat', '2024-01-09T11:00:00Z'), 'random');
    const d = { ...event('d', 'meeting', 'dan', '2024-01-09T12:00:00Z'), conversation: null };
    const e = inConversation(event('e', 'message', 'eve', '2024-01-09T13:00:00Z'), 'random');
    const f = event('f', 'message', 'fay', '2024-01-09T14:00:00Z');
    const g = inConversation(event('g', 'message', 'gus', '2024-01-09T15:00:00Z'), 'random');
    const h = event('h', 'message', 'hal', '2024-01-09T16:00:00Z', ['ann']);
    const day = [{ from: '2024-01-09T00:00:00.000Z', to: '2024-01-10T00:00:00.000Z' }];
    const before = await staged(path.join(dir, 'before'), [{ stream: 'C1', events: [a, b, c, d, h], quarantined: [], position: 'p0' }]);
    const parts = await staged(dir, [
      // a changed, e new
      { stream: 'C1', events: [{ ...a, size: 20 }, e], quarantined: [], position: 'p1' },
      // e changed again; b deleted; then staged again by a later part
      { stream: 'C1', events: [{ ...e, size: 30 }], quarantined: [], deleted: [b.sourceEventId], position: 'p2' },
      // the random conversation read whole: c (stored) and e (staged by earlier parts) are gone, g stays
      { stream: 'C2', events: [g], quarantined: [], readInFull: { conversations: [pseudonymOf('conversation:random')], kinds: ['message', 'reaction'], ranges: day }, position: 'q1' },
      // f staged, then deleted by the next part; b back; a's last copy; h staged as stored
      { stream: 'C3', events: [f, { ...b, size: 40 }, { ...a, size: 50, counterparts: [pseudonymOf('bob')] }, h], quarantined: [], position: 'r1' },
      { stream: 'C1', events: [], quarantined: [], deleted: [f.sourceEventId], position: 'p3' },
      // dan's calendar read whole, empty: d is gone
      { stream: 'C4', events: [], quarantined: [], readInFull: { actor: pseudonymOf('dan'), kinds: ['meeting'], ranges: day }, position: 's1' },
    ]);
    const oneByOne = await openStore(path.join(dir, 'one-by-one'));
    const together = await openStore(path.join(dir, 'together'));
    for (const store of [oneByOne, together]) await store.loadParts('slack', before);
    for (const part of parts) await oneByOne.loadParts('slack', [part]);
    const logged = async () => (await together.select({ sql: 'SELECT actor, len(counterparts) AS n FROM event_changes ORDER BY ALL' })).map((row) => `${row.actor}:${row.n}`);
    const loggedBefore = await logged();
    const counts = await together.loadParts('slack', parts);

    const stored = await contents(together);
    expect(stored).toEqual(await contents(oneByOne));
    expect(stored.events.map((row) => [row.source_event_id, row.size])).toEqual(
      [[a.sourceEventId, 50], [b.sourceEventId, 40], [g.sourceEventId, 12], [h.sourceEventId, 12]].sort(([x], [y]) => String(x).localeCompare(String(y))),
    );
    expect(stored.cursors.map((row) => row.position)).toEqual(['p3', 'q1', 'r1', 's1']);
    // The load's net effect: g new; c and d gone (b deleted and back is a change).
    expect(counts).toEqual({ inserted: 1, removed: 2 });
    // The change log gains the new and the stored version of each changed event (a, now with a counterpart; b), the new one of g,
    // the stored one of c and d, and nothing of h, staged as it is stored (compared with another's stored version, it would be changed).
    const loggedByParts = await logged();
    for (const row of loggedBefore) {
      expect(loggedByParts).toContain(row);
      loggedByParts.splice(loggedByParts.indexOf(row), 1);
    }
    expect(loggedByParts).toEqual(
      [['ann', 0], ['ann', 1], ['bob', 0], ['bob', 0], ['cat', 0], ['dan', 0], ['gus', 0]].map(([actor, n]) => `${pseudonymOf(String(actor))}:${n}`).sort(),
    );
    // Loading the same parts again changes nothing, and logs nothing.
    const loggedAfter = await logged();
    expect(await together.loadParts('slack', parts)).toEqual({ inserted: 0, removed: 0 });
    expect(await contents(together)).toEqual(stored);
    expect(await logged()).toEqual(loggedAfter);
  });
});
