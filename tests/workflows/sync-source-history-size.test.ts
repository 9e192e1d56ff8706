import { describe, expect, it } from 'vitest';
import type { Activities } from '../../activities/create-activities.ts';
import { noRateLimitWaits } from '../../models/rate-limit-waits.ts';
import { syncSource, type SyncSourceInput } from '../../workflows/sync-source.ts';

/** Activities of a source listing `count` streams, each read with nothing new; `reads` counts the fetches by place. */
function manyStreams(count: number, reads: number[]): Activities {
  return {
    readDirectory: async () => ({ directory: '0d'.repeat(16) }),
    storeDirectory: async () => ({ people: count, unresolved: 0, excluded: 0, unknownTimeZones: 0, teams: 1, peopleIncomplete: 0 }),
    listStreams: async () => ({ list: '0f'.repeat(16), count }),
    readCursor: async () => null,
    fetchStream: async ({ index }: { index: number }) => {
      reads.push(index);
      return { events: 0, quarantined: 0, skipped: null, requests: 1, rateLimitWaits: noRateLimitWaits, kind: 'calendar' };
    },
    loadBatches: async () => ({ inserted: 0, removed: 0 }),
    endStreamList: async () => undefined,
  } as unknown as Activities;
}

describe("a source sync's history at 100,000 streams", () => {
  it('continues as new with a few numbers, not the list of streams left, and reads every stream once across the continuations', async () => {
    const count = 100_000;
    const reads: number[] = [];
    const activities = manyStreams(count, reads);
    const input: SyncSourceInput = { source: 'microsoft', window: { start: '2026-01-01T00:00:00.000Z', end: '2026-01-15T00:00:00.000Z' }, streamConcurrency: 8 };
    // Each workflow run starts 30,000 streams before Temporal suggests continuing as new.
    const yieldAfter = (n: number) => {
      let started = 0;
      return () => ++started > n;
    };
    let result = await syncSource(activities, input, yieldAfter(30_000));
    const carried: number[] = [];
    while (result.next < result.list.count) {
      const resume = { list: result.list, next: result.next, summary: result.summary };
      carried.push(JSON.stringify(resume).length);
      result = await syncSource(activities, { ...input, resume }, yieldAfter(30_000));
    }
    expect(carried).toHaveLength(3);
    for (const bytes of carried) expect(bytes).toBeLessThan(2_000);
    expect(result.summary.streamsRead).toBe(count);
    expect(new Set(reads).size).toBe(count);
    expect(reads).toHaveLength(count);
  });
});
