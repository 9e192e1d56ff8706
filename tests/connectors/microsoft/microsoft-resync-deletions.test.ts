import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamBatch } from '../../../models/stream-batch.ts';
import { openPrivateStore } from '../../../store/open-private-store.ts';
import type { PrivateStore } from '../../../store/private-store.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { loadStreamBatches } from '../load-stream-batches.ts';
import { calendarKey, expectedCalendar } from './expected-microsoft-events.ts';
import { startMicrosoftFixture, type MicrosoftFixture } from './microsoft-fixture.ts';

const dayMs = 86_400_000;
/** What calendarKey compares of an event. */
type CalendarKeyed = Parameters<typeof calendarKey>[0];
const calendars = (s: string) => s.startsWith('calendar:');

describe('Microsoft calendars: a resync after 410 removes what vanished meanwhile', () => {
  let f: MicrosoftFixture;
  let store: PrivateStore;
  let dataDir: string;
  const load = (batches: Map<string, StreamBatch>) => loadStreamBatches(store, dataDir, 'microsoft', batches);
  /** The stored Microsoft calendar events, as comparable keys. */
  const storedKeys = async () =>
    (
      await store.select({
        sql: `SELECT actor, kind, strftime(start_at, '%Y-%m-%dT%H:%M:%S.000Z') AS s, strftime(end_at, '%Y-%m-%dT%H:%M:%S.000Z') AS e, counterparts, size, response, online
          FROM events WHERE source = 'microsoft'`,
      })
    )
      .map((r) => calendarKey({ ...(r as Omit<CalendarKeyed, 'start' | 'end'>), start: new Date(String(r.s)), end: new Date(String(r.e)) }))
      .sort();

  beforeAll(async () => {
    f = await startMicrosoftFixture();
    dataDir = tempDir('resync');
    store = await openPrivateStore(dataDir);
  });
  afterAll(async () => {
    await store?.close();
    await f?.close();
  });

  it('keeps exactly the calendar as it is after the resync: meetings deleted while the token expired are gone', async () => {
    const { start, end } = f.org.period;
    const early = new Date(start.getTime() + 4 * dayMs);
    const connector = f.connector();
    try {
      f.sim.setNow(early);
      const first = await f.readAll(connector, f.period, new Map(), calendars);
      await load(first.batches);
      expect(await storedKeys()).toEqual(expectedCalendar(f.org, f.sim, f.pseudonymize, start, end, early).keys);

      f.sim.setNow(end);
      f.sim.expireDeltaTokens();
      const resynced = await f.readAll(connector, f.period, new Map([...first.batches].map(([s, b]) => [s, b.position])), calendars);
      expect([...resynced.batches.values()].every((b) => b.readInFull)).toBe(true);
      const { changes } = (await store.select({ sql: 'SELECT count(*)::INTEGER AS changes FROM event_changes' }))[0] as { changes: number };
      await load(resynced.batches);
      const vanished = (await store.select({ sql: 'SELECT count(*)::INTEGER AS changes FROM event_changes' }))[0] as { changes: number };
      expect(vanished.changes).toBeGreaterThan(changes);
      expect(await storedKeys()).toEqual(expectedCalendar(f.org, f.sim, f.pseudonymize, start, end, end).keys);
    } finally {
      f.sim.setNow(end);
    }
  });
});
