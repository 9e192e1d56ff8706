import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayMs } from '../../models/time.ts';
import { openPrivateStore } from '../../store/open-private-store.ts';
import type { PrivateStore } from '../../store/private-store.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { loadStreamBatches } from './load-stream-batches.ts';
import { deletionTargets, startSlackFixture, type SlackFixture } from './slack-fixture.ts';

/** What event_changes logs of an event, as one string. */
const keyOf = "concat_ws('|', kind, actor, start_at, conversation)";

describe('Slack: deletions in the re-read look-back', () => {
  let f: SlackFixture;
  let store: PrivateStore;
  let dataDir: string;
  beforeAll(async () => {
    f = await startSlackFixture({ seed: 21 });
    dataDir = tempDir('slack-deletions');
    store = await openPrivateStore(dataDir);
  });
  afterAll(async () => {
    await store?.close();
    await f?.close();
  });

  const storedIds = async () => (await store.select({ sql: "SELECT source_event_id AS id FROM events WHERE source = 'slack' ORDER BY 1" })).map((r) => String(r.id));

  it('removes a deleted message, a deleted latest reply, a reply deleted mid-thread and a thread parent (tombstoned under its replies), logging each: the store equals a fresh read', async () => {
    const { start, end } = f.org.period;
    const mid = new Date(start.getTime() + 10 * dayMs);
    const { plain, tombstoned, trimmed, thinned } = deletionTargets(f, mid);
    const lastReply = trimmed.m.replies.at(-1)!;
    const middleReply = thinned.m.replies[1]!;
    const eventOf = (channel: string, ts: string) => f.pseudonymize('event', `slack:${channel}:${ts}`);
    const gone = [eventOf(plain.channel, plain.m.ts), eventOf(tombstoned.channel, tombstoned.m.ts), eventOf(trimmed.channel, lastReply.ts), eventOf(thinned.channel, middleReply.ts)];

    const connector = f.connector();
    try {
      f.sim.setNow(mid);
      const first = await f.readAll(connector, { start: start.toISOString(), end: mid.toISOString() });
      await loadStreamBatches(store, dataDir, 'slack', first.batches);
      for (const id of gone) expect(await storedIds()).toContain(id);
      const goneKeys = (await store.select({ sql: `SELECT source_event_id AS id, ${keyOf} AS k FROM events` })).filter((r) => gone.includes(String(r.id))).map((r) => String(r.k));

      expect(f.sim.deleteMessage(plain.channel, plain.m.ts)).toBe(true);
      expect(f.sim.deleteMessage(tombstoned.channel, tombstoned.m.ts)).toBe(true);
      expect(f.sim.deleteMessage(trimmed.channel, lastReply.ts)).toBe(true);
      expect(f.sim.deleteMessage(thinned.channel, middleReply.ts)).toBe(true);
      f.sim.setNow(end);
      const positions = new Map([...first.batches].map(([stream, batch]) => [stream, batch.position]));
      const second = await f.readAll(connector, f.period, positions);
      await loadStreamBatches(store, dataDir, 'slack', second.batches);

      const fresh = await f.readAll(f.connector(), f.period);
      expect(await storedIds()).toEqual([...new Set(fresh.events.map((e) => e.sourceEventId))].sort());
      for (const id of gone) expect(await storedIds()).not.toContain(id);
      const logged = new Set((await store.select({ sql: `SELECT ${keyOf} AS k FROM event_changes` })).map((r) => String(r.k)));
      expect(goneKeys.filter((k) => logged.has(k))).toEqual(goneKeys);
    } finally {
      f.sim.setNow(end);
    }
  });
});
