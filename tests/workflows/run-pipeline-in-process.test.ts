import { writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityCheckpoint } from '../../activities/activity-checkpoint.ts';
import type { ActivityDeps } from '../../activities/activity-deps.ts';
import { createActivities } from '../../activities/create-activities.ts';
import { readStagedParts, writeStreamList } from '../../activities/stream-list.ts';
import type { SourceConnector } from '../../connectors/source-connector.ts';
import { TransientError } from '../../models/errors.ts';
import { openPrivateStore } from '../../store/open-private-store.ts';
import type { PrivateStore } from '../../store/private-store.ts';
import { writeStagingBatch } from '../../store/write-staging-batch.ts';
import { runPipeline } from '../../workflows/run-pipeline.ts';
import { syncSource } from '../../workflows/sync-source.ts';
import { startSlackFixture, type SlackFixture } from '../connectors/slack-fixture.ts';
import { inProcessDeps } from '../helpers/in-process-deps.ts';
import { tempDir } from '../helpers/temp-dir.ts';

describe('the run orchestration in-process, with the real activities on the simulated Slack', () => {
  let fixture: SlackFixture;
  const stores: PrivateStore[] = [];
  beforeAll(async () => {
    fixture = await startSlackFixture({ people: 30, weeks: 3, malformed: 2 });
  });
  afterAll(async () => {
    for (const store of stores) await store.close();
    await fixture.close();
  });

  /** Activity deps on a fresh data directory; steps of 5 days for first reads unless overridden. */
  async function depsFor(overrides: Partial<ActivityDeps> = {}): Promise<ActivityDeps> {
    const dir = tempDir('orchestration');
    const store = await openPrivateStore(dir);
    stores.push(store);
    return inProcessDeps(dir, { connectors: { slack: fixture.connector() }, store, fetchSliceDays: 5, ...overrides });
  }
  const run = (deps: ActivityDeps) =>
    runPipeline(createActivities(deps), { window: fixture.period, sources: ['slack'], streamConcurrency: 4, release: true });

  it('reads in checkpointed steps exactly what one read gets, and releases aggregates', async () => {
    const [stepwise, whole] = [await depsFor(), await depsFor({ fetchSliceDays: null })];
    const [a, b] = [await run(stepwise), await run(whole)];
    expect(a.sources[0]?.status, a.sources[0]?.failure ?? '').toBe('ok');
    expect(a.sources[0]?.eventsNew).toBeGreaterThan(100);
    expect(a.sources[0]?.eventsNew).toBe(b.sources[0]?.eventsNew);
    expect((await stepwise.store.counts()).events).toBe((await whole.store.counts()).events);
    expect(a.cellsReleased + a.cellsSuppressed).toBeGreaterThan(0);
    const again = await run(stepwise);
    expect(again.sources[0]?.eventsNew).toBe(0);
  });

  it('a fetch killed mid-way resumes after its last checkpoint and loads no duplicate', async () => {
    const calls: string[] = [];
    // Window ends the connector was asked to read to, in order: one per step.
    const connector = fixture.connector();
    const counting: SourceConnector = { ...connector, fetchStream: (s, p, w) => (calls.push(w.end), connector.fetchStream(s, p, w)) };
    const saved: unknown[] = [];
    const checkpoint = (resumed: unknown) => (): ActivityCheckpoint => ({ resumed, save: (d) => saved.push(structuredClone(d)), close: () => {} });
    let writes = 0;
    const dying = await depsFor({
      connectors: { slack: counting },
      openCheckpoint: checkpoint(undefined),
      writeStagingBatch: async (path, events) => {
        if (++writes === 3) throw new TransientError('worker killed');
        await writeStagingBatch(path, events);
      },
    });
    const { batches } = await fixture.readAll(connector, fixture.period);
    const [stream] = [...batches].sort(([, a], [, b]) => b.events.length - a.events.length)[0] ?? [''];
    // The stream, listed alone in each data directory's staging folder (as listStreams keeps a list).
    const inputFor = async (deps: ActivityDeps) => ({ source: 'slack' as const, ...{ list: (await writeStreamList(deps.stagingDir, 'slack', [stream])).list, index: 0 }, position: null, window: fixture.period });
    const input = await inputFor(dying);
    await expect(createActivities(dying).fetchStream(input)).rejects.toThrow('worker killed');
    const checkpointed = saved.length;
    expect(checkpointed).toBe(2);
    const callsBefore = calls.length;
    expect(callsBefore).toBe(checkpointed + 1);

    const retried = createActivities({ ...dying, writeStagingBatch, openCheckpoint: checkpoint(saved.at(-1)) });
    await retried.fetchStream(input);
    const parts = await readStagedParts(dying.stagingDir, 'slack', input);
    expect(calls[callsBefore]).toBe(calls[checkpointed]);
    expect(calls.length - callsBefore).toBe(parts.length - checkpointed);
    const { inserted } = await retried.loadBatches({ source: input.source, list: input.list, indices: [input.index] });

    const whole = await depsFor({ fetchSliceDays: null });
    const wholeInput = await inputFor(whole);
    await createActivities(whole).fetchStream(wholeInput);
    const wholeLoad = await createActivities(whole).loadBatches({ source: wholeInput.source, list: wholeInput.list, indices: [wholeInput.index] });
    expect(inserted).toBeGreaterThan(0);
    expect(inserted).toBe(wholeLoad.inserted);
    expect((await dying.store.counts()).events).toBe((await whole.store.counts()).events);
    // The load retried after it committed (its result lost with the worker): the parts' list is gone, nothing is loaded twice, nothing fails.
    expect(await retried.loadBatches({ source: input.source, list: input.list, indices: [input.index] })).toEqual({ inserted: 0, removed: 0 });
    expect((await dying.store.counts()).events).toBe((await whole.store.counts()).events);
  });

  it('loads the streams fetched while other fetches run together, in one load, and stores what loading one stream at a time stores', async () => {
    const deps = await depsFor();
    const activities = createActivities(deps);
    const loads: number[][] = [];
    const recorded = {
      ...activities,
      loadBatches: async (input: Parameters<typeof activities.loadBatches>[0]) => {
        loads.push(input.indices);
        return activities.loadBatches(input);
      },
    };
    // Fewer streams than a full load: each fetched stream waits for the fetches in flight beside it, until the last ends.
    const together = await syncSource(recorded, { source: 'slack', window: fixture.period, streamConcurrency: 4 });
    const streamsLoaded = together.summary.streamsRead;
    expect(streamsLoaded).toBeGreaterThan(4);
    expect(loads.map((indices) => indices.length)).toEqual([streamsLoaded]);

    // One stream a load: each fetch waits for the load before it to end, so the loader never finds two waiting.
    const apartDeps = await depsFor();
    const apartActivities = createActivities(apartDeps);
    const apartLoads: number[][] = [];
    let lastLoad: Promise<unknown> = Promise.resolve();
    const apart = await syncSource(
      {
        ...apartActivities,
        fetchStream: async (input) => (await lastLoad.catch(() => undefined), apartActivities.fetchStream(input)),
        loadBatches: (input) => (apartLoads.push(input.indices), (lastLoad = apartActivities.loadBatches(input))) as ReturnType<typeof apartActivities.loadBatches>,
      },
      { source: 'slack', window: fixture.period, streamConcurrency: 1 },
    );
    expect(apartLoads.every((indices) => indices.length === 1)).toBe(true);
    const totals = ({ streamsRead, streamsFailed, eventsFetched, eventsNew, eventsRemoved, quarantined }: typeof apart.summary) =>
      ({ streamsRead, streamsFailed, eventsFetched, eventsNew, eventsRemoved, quarantined });
    expect(totals(together.summary)).toEqual(totals(apart.summary));
    const stored = (store: PrivateStore) => store.select({ sql: 'SELECT * FROM events ORDER BY source_event_id' });
    expect(await stored(deps.store)).toEqual(await stored(apartDeps.store));
    const cursors = (store: PrivateStore) => store.select({ sql: 'SELECT stream, position FROM sync_state ORDER BY stream' });
    expect(await cursors(deps.store)).toEqual(await cursors(apartDeps.store));
  });

  it('a load of several streams that fails is tried stream by stream: a stream the store cannot load fails alone', async () => {
    // Every stream waits for one load (see above); one of them has its staged file spoiled before it.
    const deps = await depsFor();
    const activities = createActivities(deps);
    let loads = 0;
    let spoiled: number | null = null;
    const { summary } = await syncSource(
      {
        ...activities,
        loadBatches: async (input) => {
          loads += 1;
          if (loads === 1) {
            // The first load takes every stream: one of them has a staged file that is not Parquet.
            for (const index of input.indices) {
              const parts = await readStagedParts(deps.stagingDir, input.source, { list: input.list, index });
              const file = parts.find((part) => part.batchFile !== null)?.batchFile;
              if (file && spoiled === null) {
                spoiled = index;
                await writeFile(file, 'not a Parquet file');
              }
            }
          }
          return activities.loadBatches(input);
        },
      },
      { source: 'slack', window: fixture.period, streamConcurrency: 4 },
    );
    expect(spoiled).not.toBeNull();
    expect(summary.streamsFailed).toBe(1);
    expect(summary.streamsRead).toBeGreaterThan(4);
    expect(summary.lastStreamFailure).toMatch(/parquet/i);
  });

  it('a source sync that yields part-way (as before continue-as-new) and resumes ends with the same totals', async () => {
    const deps = await depsFor();
    const activities = createActivities(deps);
    let started = 0;
    const first = await syncSource(activities, { source: 'slack', window: fixture.period, streamConcurrency: 4 }, () => ++started > 3);
    expect(first.next).toBeLessThan(first.list.count);
    const rest = await syncSource(activities, { source: 'slack', window: fixture.period, streamConcurrency: 4, resume: { list: first.list, next: first.next, summary: first.summary } });
    expect(rest.next).toBe(rest.list.count);
    const oneGo = await syncSource(createActivities(await depsFor()), { source: 'slack', window: fixture.period, streamConcurrency: 4 });
    const totals = ({ streamsRead, streamsSkipped, streamsFailed, eventsNew, people }: typeof oneGo.summary) => ({ streamsRead, streamsSkipped, streamsFailed, eventsNew, people });
    expect(totals(rest.summary)).toEqual(totals(oneGo.summary));
  });
});
