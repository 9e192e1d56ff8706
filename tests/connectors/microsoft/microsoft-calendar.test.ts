import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActivityEvent } from '../../../models/activity-event.ts';
import type { StreamBatch } from '../../../models/stream-batch.ts';
import { calendarKey, expectedCalendar } from './expected-microsoft-events.ts';
import { startMicrosoftFixture, type MicrosoftFixture } from './microsoft-fixture.ts';

const dayMs = 86_400_000;
const calendars = (s: string) => s.startsWith('calendar:');
const keysOf = (events: ActivityEvent[]) => events.map(calendarKey).sort();
const deletedIn = (batches: Map<string, StreamBatch>) => [...batches.values()].flatMap((b) => b.deleted);

describe('Microsoft connector: calendars through calendarView/delta', () => {
  let f: MicrosoftFixture;
  beforeAll(async () => {
    f = await startMicrosoftFixture();
  });
  afterAll(() => f.close());

  const { start, end } = { start: new Date('2026-02-16T00:00:00Z'), end: new Date('2026-03-02T00:00:00Z') };

  it('reads every mailbox across small pages: the planned meetings, once each, with kinds, answers and attendees', async () => {
    const before = f.sim.requests('calendarView');
    const { batches, events } = await f.readAll(f.connector({ pageSize: 5 }), f.period, new Map(), calendars);
    const expected = expectedCalendar(f.org, f.sim, f.pseudonymize, start, end, end);
    expect(keysOf(events)).toEqual(expected.keys);
    expect(new Set(events.map((e) => e.sourceEventId)).size).toBe(events.length);
    expect(deletedIn(batches)).toHaveLength(expected.cancelled);
    expect(expected.cancelled).toBeGreaterThan(0);
    expect(events.every((e) => ActivityEvent.safeParse(e).success && e.source === 'microsoft' && !e.isThread)).toBe(true);
    for (const kind of ['meeting', 'all_day_event', 'out_of_office'] as const) expect(events.some((e) => e.kind === kind), kind).toBe(true);
    for (const response of ['organizer', 'accepted', 'tentative', 'declined', 'needs_action'] as const) expect(events.some((e) => e.response === response), response).toBe(true);
    expect(events.some((e) => e.online) && events.some((e) => !e.online)).toBe(true);
    const pages = f.sim.requests('calendarView') - before;
    expect(pages).toBeGreaterThan(events.length / 5);
    expect([...batches.values()].reduce((n, b) => n + b.requests, 0)).toBe(pages);
    // Copies of one meeting in several mailboxes share a conversation.
    const conversations = new Map<string, number>();
    for (const e of events) if (e.conversation) conversations.set(e.conversation, (conversations.get(e.conversation) ?? 0) + 1);
    expect([...conversations.values()].some((n) => n > 1)).toBe(true);
  });

  it('reads only the changes on the second read of the same range, and the two reads add up to the calendar', async () => {
    const early = new Date(start.getTime() + 4 * dayMs);
    try {
      f.sim.setNow(early);
      const connector = f.connector({ pageSize: 5 });
      const first = await f.readAll(connector, f.period, new Map(), calendars);
      expect(keysOf(first.events)).toEqual(expectedCalendar(f.org, f.sim, f.pseudonymize, start, end, early).keys);
      const firstRequests = [...first.batches.values()].reduce((n, b) => n + b.requests, 0);

      f.sim.setNow(end);
      const positions = new Map([...first.batches].map(([s, b]) => [s, b.position]));
      const second = await f.readAll(connector, f.period, positions, calendars);
      const before = new Set(expectedCalendar(f.org, f.sim, f.pseudonymize, start, end, early).keys);
      const after = expectedCalendar(f.org, f.sim, f.pseudonymize, start, end, end).keys;
      expect(keysOf(second.events)).toEqual(after.filter((k) => !before.has(k)));
      expect(second.events.length).toBeGreaterThan(0);
      expect(second.events.length).toBeLessThan(first.events.length);
      expect([...second.batches.values()].reduce((n, b) => n + b.requests, 0)).toBeLessThan(firstRequests);

      const store = new Map(first.events.map((e) => [e.sourceEventId, e]));
      for (const e of second.events) store.set(e.sourceEventId, e);
      const deleted = deletedIn(second.batches);
      expect(deleted.length).toBeGreaterThan(0);
      expect(deleted.every((id) => store.has(id))).toBe(true);
      for (const id of deleted) store.delete(id);
      expect(keysOf([...store.values()])).toEqual(after);

      // A third read with nothing new brings nothing.
      const third = await f.readAll(connector, f.period, new Map([...second.batches].map(([s, b]) => [s, b.position])), calendars);
      expect(third.events).toHaveLength(0);
      expect(deletedIn(third.batches)).toHaveLength(0);
    } finally {
      f.sim.setNow(end);
    }
  });

  it('adds a new range as windows advance, keeping the earlier ones up to date', async () => {
    const cut = new Date(start.getTime() + 7 * dayMs);
    try {
      f.sim.setNow(new Date(cut.getTime() + 2 * 3_600_000));
      const connector = f.connector();
      const first = await f.readAll(connector, { start: start.toISOString(), end: cut.toISOString() }, new Map(), calendars);
      f.sim.setNow(end);
      const second = await f.readAll(connector, { start: cut.toISOString(), end: end.toISOString() }, new Map([...first.batches].map(([s, b]) => [s, b.position])), calendars);
      const store = new Map(first.events.map((e) => [e.sourceEventId, e]));
      for (const e of second.events) store.set(e.sourceEventId, e);
      for (const id of deletedIn(second.batches)) store.delete(id);
      expect(keysOf([...store.values()])).toEqual(expectedCalendar(f.org, f.sim, f.pseudonymize, start, end, end).keys);
      for (const batch of second.batches.values()) {
        const { ranges } = JSON.parse(batch.position!) as { ranges: { from: string; to: string }[] };
        expect(ranges.map((r) => [r.from, r.to])).toEqual([
          [start.toISOString(), cut.toISOString()],
          [cut.toISOString(), end.toISOString()],
        ]);
      }
    } finally {
      f.sim.setNow(end);
    }
  });

  it('answers an expired delta token (410) with a full resync of the range, then goes on incrementally', async () => {
    const connector = f.connector();
    const first = await f.readAll(connector, f.period, new Map(), calendars);
    f.sim.expireDeltaTokens();
    const positions = new Map([...first.batches].map(([s, b]) => [s, b.position]));
    const resynced = await f.readAll(connector, f.period, positions, calendars);
    expect(keysOf(resynced.events)).toEqual(keysOf(first.events));
    const again = await f.readAll(connector, f.period, new Map([...resynced.batches].map(([s, b]) => [s, b.position])), calendars);
    expect(again.events).toHaveLength(0);
  });
});
