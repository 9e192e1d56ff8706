import { describe, expect, it } from 'vitest';
import type { Activities } from '../../activities/create-activities.ts';
import { AuthError } from '../../models/errors.ts';
import { syncSource } from '../../workflows/sync-source.ts';

const window = { start: '2026-01-05T00:00:00.000Z', end: '2026-01-12T00:00:00.000Z' };

/** Activities around fetch and load that answer at once: an empty directory and `streams` streams with no cursor. */
const quietActivities = (streams: number) => ({
  readDirectory: async () => ({ directory: '0'.repeat(32) }),
  storeDirectory: async () => ({ people: 0, unresolved: 0, excluded: 0, unknownTimeZones: 0, teams: 0, peopleIncomplete: 0 }),
  dropDirectory: async () => {},
  listStreams: async () => ({ list: 'list', count: streams }),
  endStreamList: async () => {},
  readCursor: async () => null,
});

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
      ...quietActivities(streams),
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
    const { summary } = await syncSource(activities, { source: 'slack', window, streamConcurrency: 8 });
    expect(summary.streamsRead).toBe(streams);
    // The streams being loaded (a full load of 64: the loader waits for the fetches in flight), 64
    // waiting, and at most one fetch per concurrent read that passed the check before the queue filled.
    expect(most).toBeGreaterThan(64);
    expect(most).toBeLessThanOrEqual(64 + 64 + 8);
  });

  it('loads a stream fetched while other fetches run once they end: fetches ending one at a time still load together', async () => {
    const streams = 12;
    const loads: number[][] = [];
    let lastFetch: Promise<unknown> = Promise.resolve();
    const activities = {
      ...quietActivities(streams),
      // Each fetch ends a macrotask after the one started before it: one at a time, with others still in flight.
      fetchStream: async () => {
        const before = lastFetch;
        const ended = (async () => {
          await before;
          await new Promise((resolve) => setImmediate(resolve));
        })();
        lastFetch = ended;
        await ended;
        return { events: 1, quarantined: 0, skipped: null, requests: 1, rateLimitWaits: [], kind: 'project' };
      },
      loadBatches: async ({ indices }: { indices: number[] }) => {
        loads.push(indices);
        return { inserted: indices.length, removed: 0 };
      },
    } as unknown as Activities;
    const { summary } = await syncSource(activities, { source: 'jira', window, streamConcurrency: 4 });
    expect(summary.streamsRead).toBe(streams);
    // The loader that started a load as soon as a stream waited (before it waited for the fetches in flight) made several loads here.
    expect(loads).toEqual([Array.from({ length: streams }, (_, i) => i)]);
  });

  it('after a failure that stops the source, starts no further load or fetch', async () => {
    const streams = 300;
    let fetches = 0;
    let loads = 0;
    let releaseFirstLoad = () => {};
    const firstLoadHeld = new Promise<void>((resolve) => (releaseFirstLoad = resolve));
    const activities = {
      ...quietActivities(streams),
      fetchStream: async () => {
        // The tenth fetch finds the token revoked; the first load is held until after it.
        if (++fetches === 10) {
          setTimeout(releaseFirstLoad, 50);
          throw new AuthError('Slack refused SLACK_BOT_TOKEN', 'SLACK_BOT_TOKEN', 'slack');
        }
        return { events: 1, quarantined: 0, skipped: null, requests: 1, rateLimitWaits: [], kind: 'channel' };
      },
      loadBatches: async ({ indices }: { indices: number[] }) => {
        if (++loads === 1) await firstLoadHeld;
        return { inserted: indices.length, removed: 0 };
      },
    } as unknown as Activities;
    await expect(syncSource(activities, { source: 'slack', window, streamConcurrency: 8 })).rejects.toThrow(/SLACK_BOT_TOKEN/);
    const fetchesAtFailure = fetches;
    await new Promise((resolve) => setTimeout(resolve, 200));
    // The held load began before the failure; the fetched streams waiting behind it are never loaded.
    expect(loads).toBe(1);
    expect(fetches).toBe(fetchesAtFailure);
  });
});
