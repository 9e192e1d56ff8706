import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityEvent } from '../../../models/activity-event.ts';
import type { StreamBatch } from '../../../models/stream-batch.ts';
import { calendarKey, expectedCalendar } from './expected-microsoft-events.ts';
import { startMicrosoftFixture, type MicrosoftFixture } from './microsoft-fixture.ts';

const dayMs = 86_400_000;
const calendars = (s: string) => s.startsWith('calendar:');

describe('Microsoft calendars: changes to meetings of earlier windows', () => {
  let f: MicrosoftFixture;
  beforeAll(async () => {
    f = await startMicrosoftFixture();
  });
  afterAll(() => f.close());

  it('are still read after the window has moved on: three windows end with the calendar as it is', async () => {
    const { start, end } = f.org.period;
    const cut = new Date(start.getTime() + 7 * dayMs);
    const later = new Date(end.getTime() + dayMs);
    const windows = [
      { now: start, window: { start: start.toISOString(), end: cut.toISOString() } },
      { now: new Date(start.getTime() + dayMs), window: { start: cut.toISOString(), end: end.toISOString() } },
      // Meetings of the first week are cancelled between the second read and this one.
      { now: end, window: { start: end.toISOString(), end: later.toISOString() } },
    ];
    const connector = f.connector();
    const stored = new Map<string, ActivityEvent>();
    let positions = new Map<string, string | null>();
    try {
      for (const { now, window } of windows) {
        f.sim.setNow(now);
        const { batches } = await f.readAll(connector, window, positions, calendars);
        for (const batch of batches.values()) for (const e of batch.events) stored.set(e.sourceEventId, e);
        for (const batch of batches.values()) for (const id of batch.deleted) stored.delete(id);
        positions = new Map([...batches].map(([stream, batch]: [string, StreamBatch]) => [stream, batch.position]));
      }
    } finally {
      f.sim.setNow(end);
    }
    // The first week changed after the second read (meetings booked into it, some cancelled).
    const firstWeekThen = new Set(expectedCalendar(f.org, f.sim, f.pseudonymize, start, cut, windows[1]!.now).keys);
    const firstWeekNow = new Set(expectedCalendar(f.org, f.sim, f.pseudonymize, start, cut, end).keys);
    const changed = [...firstWeekThen].filter((k) => !firstWeekNow.has(k)).length + [...firstWeekNow].filter((k) => !firstWeekThen.has(k)).length;
    expect(changed).toBeGreaterThan(10);
    expect([...stored.values()].map(calendarKey).sort()).toEqual(expectedCalendar(f.org, f.sim, f.pseudonymize, start, later, end).keys);
  });

  it('reads a position saved with one range as that range', async () => {
    const connector = f.connector();
    const first = await f.readAll(connector, f.period, new Map(), calendars);
    const oneRange = new Map([...first.batches].map(([stream, batch]) => [stream, JSON.stringify((JSON.parse(batch.position!) as { ranges: unknown[] }).ranges[0])]));
    const again = await f.readAll(connector, f.period, oneRange, calendars);
    expect(again.events).toHaveLength(0);
    for (const batch of again.batches.values()) expect((JSON.parse(batch.position!) as { ranges: unknown[] }).ranges).toHaveLength(1);
  });
});
