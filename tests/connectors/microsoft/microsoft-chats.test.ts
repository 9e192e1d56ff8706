import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityEvent } from '../../../models/activity-event.ts';
import { chatKey, expectedChats } from './expected-microsoft-events.ts';
import { startMicrosoftFixture, type MicrosoftFixture } from './microsoft-fixture.ts';

const dayMs = 86_400_000;
const chats = (s: string) => s.startsWith('chat:');
const keysOf = (events: ActivityEvent[]) => events.map(chatKey).sort();

describe('Microsoft connector: Teams chat messages', () => {
  let f: MicrosoftFixture;
  beforeAll(async () => {
    f = await startMicrosoftFixture();
  });
  afterAll(() => f.close());

  it("reads each person's own messages across pages: one-on-one counterparts, replies, chat sizes", async () => {
    const before = f.sim.requests('chatMessages');
    const { batches, events } = await f.readAll(f.connector({ pageSize: 10 }), f.period, new Map(), chats);
    const { start, end } = f.org.period;
    const expected = expectedChats(f.org, f.sim, f.pseudonymize, new Date(start.getTime() - 1), end, end);
    expect(keysOf(events)).toEqual(expected.keys);
    expect(new Set(events.map((e) => e.sourceEventId)).size).toBe(events.length);
    expect([...batches.values()].flatMap((b) => b.deleted)).toHaveLength(expected.deleted);
    expect(events.filter((e) => e.kind === 'thread_reply').length).toBeGreaterThan(5);
    expect(events.filter((e) => e.kind === 'message' && e.counterparts.length === 1 && e.size === 2).length).toBeGreaterThan(20);
    expect(f.sim.requests('chatMessages') - before).toBeGreaterThan(batches.size);
  });

  it('reads each message once, from its sender, billed under model=B; a reply to another member learns its sender from that one message', async () => {
    const before = f.sim.meteredMessages().length;
    const parentReads = f.sim.requests('chatMessage');
    const { events } = await f.readAll(f.connector(), f.period, new Map(), chats);
    const served = f.sim.meteredMessages().slice(before);
    const { start, end } = f.org.period;
    const inPeriod = f.sim.tenant.chats.messages.filter((m) => m.authorPersonId !== null && m.createdMs >= start.getTime() - 1 && m.createdMs < end.getTime());
    expect(served.length).toBeGreaterThan(100);
    // Group chats have several members each: read per member, their messages came back once for each.
    expect(new Set(served.map((m) => `${m.chatId}:${m.id}`)).size).toBe(served.length);
    expect(served.length).toBeLessThanOrEqual(inPeriod.length);
    expect(served.every((m) => m.model === 'B')).toBe(true);
    expect(f.sim.requests('chatMessage') - parentReads).toBeGreaterThan(0);
    expect(events.some((e) => e.kind === 'thread_reply' && e.counterparts.length === 1 && (e.size ?? 0) > 2)).toBe(true);
  });

  it('reads day by day: every message once, nothing lost, the same position read twice gives the same events', async () => {
    const { start, end } = f.org.period;
    const seen = new Map<string, ActivityEvent>();
    const positions = new Map<string, string | null>();
    const connector = f.connector();
    let last: { window: { start: string; end: string }; positions: Map<string, string | null>; keys: string[] } | null = null;
    try {
      for (let from = start.getTime(); from < end.getTime(); from += dayMs) {
        const window = { start: new Date(from).toISOString(), end: new Date(from + dayMs).toISOString() };
        f.sim.setNow(new Date(from + dayMs + 2 * 3_600_000));
        const before = new Map(positions);
        const read = await f.readAll(connector, window, before, chats);
        for (const e of read.events) {
          expect(seen.has(e.sourceEventId) && chatKey(seen.get(e.sourceEventId)!) !== chatKey(e)).toBe(false);
          seen.set(e.sourceEventId, e);
        }
        for (const [s, b] of read.batches) positions.set(s, b.position);
        last = { window, positions: before, keys: keysOf(read.events) };
      }
      const all = expectedChats(f.org, f.sim, f.pseudonymize, new Date(start.getTime() - 1), end, new Date(end.getTime() + 2 * 3_600_000));
      // Deleted messages stay out; edited ones come back under the same id.
      const deleted = expectedChats(f.org, f.sim, f.pseudonymize, new Date(start.getTime() - 1), end, end).deleted;
      expect(seen.size).toBeGreaterThanOrEqual(all.keys.length);
      expect(seen.size).toBeLessThanOrEqual(all.keys.length + deleted);
      const again = await f.readAll(connector, last!.window, last!.positions, chats);
      expect(keysOf(again.events)).toEqual(last!.keys);
    } finally {
      f.sim.setNow(end);
    }
  });
});
