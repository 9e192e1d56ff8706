import { describe, expect, it } from 'vitest';
import type { Activities } from '../../activities/create-activities.ts';
import { syncSource } from '../../workflows/sync-source.ts';

/**
 * The orchestration of fetches and loads alone: activities that stage nothing and answer at once,
 * so what is measured is only how many fetched streams wait for a load that does not end.
 */
describe('the loader of a sync', () => {
  it('starts no fetch while 64 fetched streams wait for the loader: staging holds a bounded number of unloaded streams', async () => {
    const streams = 300;
    let fetchedUnloaded = 0;
    let most = 0;
    let releaseFirstLoad = () => {};
    const firstLoadHeld = new Promise<void>((resolve) => (releaseFirstLoad = resolve));
    let loads = 0;
    const activities = {
      readDirectory: async () => ({ directory: '0'.repeat(32) }),
      storeDirectory: async () => ({ people: 0, unresolved: 0, excluded: 0, unknownTimeZones: 0, teams: 0, peopleIncomplete: 0 }),
      dropDirectory: async () => {},
      listStreams: async () => ({ list: 'list', count: streams }),
      endStreamList: async () => {},
      readCursor: async () => null,
      fetchStream: async () => {
        fetchedUnloaded += 1;
        most = Math.max(most, fetchedUnloaded);
        // The first load is held until the fetches have stalled (or all ended): a macrotask later, nothing more can start.
        setTimeout(releaseFirstLoad, 50);
        return { events: 1, quarantined: 0, skipped: null, requests: 1, rateLimitWaits: [], kind: 'channel' };
      },
      loadBatches: async ({ indices }: { indices: number[] }) => {
        if (++loads === 1) await firstLoadHeld;
        fetchedUnloaded -= indices.length;
        return { inserted: indices.length, removed: 0 };
      },
    } as unknown as Activities;
    const window = { start: '2026-01-05T00:00:00.000Z', end: '2026-01-12T00:00:00.000Z' };
    const { summary } = await syncSource(activities, { source: 'slack', window, streamConcurrency: 8 });
    expect(summary.streamsRead).toBe(streams);
    // The stream being loaded, 64 waiting, and at most one fetch per concurrent read that passed the check before the queue filled.
    expect(most).toBeGreaterThan(64);
    expect(most).toBeLessThanOrEqual(1 + 64 + 8);
  });
});
