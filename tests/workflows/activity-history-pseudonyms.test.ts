import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities, type Activities } from '../../activities/create-activities.ts';
import { openPrivateStore } from '../../store/open-private-store.ts';
import type { PrivateStore } from '../../store/private-store.ts';
import { runPipeline } from '../../workflows/run-pipeline.ts';
import { syncSource } from '../../workflows/sync-source.ts';
import { startMicrosoftFixture, type MicrosoftFixture } from '../connectors/microsoft/microsoft-fixture.ts';
import { inProcessDeps } from '../helpers/in-process-deps.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/** `activities`, each call's input and result (or failure message) written down as JSON: what a workflow's history would hold before sealing. */
function recording(activities: Activities): { activities: Activities; history: string[] } {
  const history: string[] = [];
  const wrapped = Object.entries(activities).map(([name, activity]) => [
    name,
    async (input: unknown) => {
      history.push(`${name} input ${JSON.stringify(input)}`);
      try {
        const result: unknown = await (activity as (input: unknown) => Promise<unknown>)(input);
        history.push(`${name} result ${JSON.stringify(result) ?? ''}`);
        return result;
      } catch (error) {
        history.push(`${name} failure ${error instanceof Error ? error.message : String(error)}`);
        throw error;
      }
    },
  ]);
  return { activities: Object.fromEntries(wrapped) as Activities, history };
}

describe('what crosses workflow history', () => {
  let fixture: MicrosoftFixture;
  let store: PrivateStore;
  beforeAll(async () => {
    fixture = await startMicrosoftFixture({ people: 24, weeks: 1, malformed: 2 });
    store = await openPrivateStore(tempDir('history-pseudonyms'));
  });
  afterAll(async () => {
    await store?.close();
    await fixture?.close();
  });

  it("names nobody: no activity input or result of a run holds a person's pseudonym or a stream's id", async () => {
    const dataDir = tempDir('history-pseudonyms-run');
    const deps = inProcessDeps(dataDir, { connectors: { microsoft: fixture.connector() }, store });
    const { activities, history } = recording(createActivities(deps));
    const summary = await runPipeline(activities, { window: fixture.period, sources: ['microsoft'], streamConcurrency: 4, release: false });
    expect(summary.sources[0]?.status, summary.sources[0]?.failure ?? '').toBe('ok');
    expect(summary.sources[0]?.streamsRead).toBeGreaterThan(24);
    expect(summary.sources[0]?.eventsNew).toBeGreaterThan(0);

    const pseudonyms = (await store.select({ sql: 'SELECT pseudonym FROM people' })).map((row) => String(row.pseudonym));
    expect(pseudonyms.length).toBeGreaterThanOrEqual(24);
    const streams = await fixture.connector().listStreams();
    expect(streams.some((stream) => pseudonyms.some((pseudonym) => stream.includes(pseudonym)))).toBe(true);
    const named = history.filter((entry) => [...pseudonyms, ...streams].some((name) => entry.includes(name)));
    expect(named).toEqual([]);
    // The calls did happen, with their handles: the run read every stream through the list, and the
    // directory (24 people, identities included) crossed from ingest to store as a staged file's handle.
    expect(history.filter((entry) => entry.startsWith('fetchStream input')).length).toBe(streams.length);
    expect(history.filter((entry) => /^(readDirectory|storeDirectory) result/.test(entry))).toEqual([
      expect.stringMatching(/^readDirectory result \{"directory":"[0-9a-f]{32}"\}$/),
      expect.stringMatching(/^storeDirectory result \{"people":\d+,/),
    ]);

    // A Temporal sync shares the vendor budget out: the pacing its fetches carry names API buckets, never a mailbox.
    const shared = recording(createActivities(deps));
    await syncSource(shared.activities, { source: 'microsoft', window: fixture.period, streamConcurrency: 4, shareBudget: true });
    expect(shared.history.filter((entry) => entry.startsWith('fetchStream result') && entry.includes('"pacing":{"')).length).toBeGreaterThan(0);
    expect(shared.history.filter((entry) => [...pseudonyms, ...streams].some((name) => entry.includes(name)))).toEqual([]);
  });
});
