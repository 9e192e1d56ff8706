import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities/create-activities.ts';
import { startEmbeddedWorkspace, type EmbeddedWorkspace } from '../../cli/embedded-workspace.ts';
import { createConnectors } from '../../cli/configured-connectors.ts';
import { windowEndingAt } from '../../models/run-window.ts';
import { dayMs } from '../../models/time.ts';
import type { Source } from '../../models/source.ts';
import { openPrivateStore } from '../../store/open-private-store.ts';
import type { PrivateStore } from '../../store/private-store.ts';
import { createPseudonymizer } from '../../transforms/pseudonymizer.ts';
import { loadTemporalConfig } from '../../temporal.config.ts';
import { syncSource } from '../../workflows/sync-source.ts';
import { inProcessDeps } from '../helpers/in-process-deps.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const sources: Source[] = ['slack', 'google', 'microsoft', 'jira'];
const now = new Date('2026-11-23T12:00:00Z');
const window = windowEndingAt(now, 21);

/** The Temporal worker's steps for a first read (TEMPORAL_FETCH_SLICE_DAYS's default); `attune run` reads a stream in one go. */
const workerSliceDays = loadTemporalConfig({}).fetchSliceDays;

describe("a first read in the Temporal worker's steps stores what one read of each stream stores, every source", () => {
  let workspace: EmbeddedWorkspace;
  const stores: PrivateStore[] = [];
  beforeAll(async () => {
    workspace = await startEmbeddedWorkspace({ people: 24, weeks: 3, seed: 5 }, now, () => {});
  });
  afterAll(async () => {
    for (const store of stores) await store.close();
    await workspace.close();
  });

  /** Every source synced into a fresh store, each stream's first read in steps of `fetchSliceDays` days (null: one read). */
  async function syncAll(fetchSliceDays: number | null) {
    const dir = tempDir('first-read-in-steps');
    const store = await openPrivateStore(dir);
    stores.push(store);
    const connectors = createConnectors(workspace.settings, createPseudonymizer(new Uint8Array(32).fill(9)));
    const activities = createActivities(inProcessDeps(dir, { connectors, store, fetchSliceDays }));
    const summaries = [];
    for (const source of sources) summaries.push((await syncSource(activities, { source, window, streamConcurrency: 4 })).summary);
    const events = await store.select({
      sql: 'SELECT *, epoch_ms(start_at) AS start_ms, start_at < $start::TIMESTAMPTZ AS before_window FROM events ORDER BY source, source_event_id',
      params: { start: window.start },
    });
    return { summaries, events };
  }

  it("every source, every column of every event in the window; before it only what Slack's look-back re-reads", async () => {
    const stepwise = await syncAll(workerSliceDays);
    const whole = await syncAll(null);
    for (const summary of [...stepwise.summaries, ...whole.summaries]) expect(summary.status, `${summary.source}: ${summary.failure ?? ''}`).toBe('ok');
    for (const source of sources) expect(stepwise.events.filter((e) => e.source === source).length, source).toBeGreaterThan(50);
    const inWindow = (run: typeof whole) => run.events.filter((e) => !e.before_window);
    expect(inWindow(stepwise)).toEqual(inWindow(whole));
    // Before the window's start: what one read stores (a Jira issue's history), and more from Slack. A step after
    // the first reads Slack from its position less the thread look-back (7 days), as every later read does, so a
    // channel whose last message of the first week came less than 7 days after the start is re-read from a little before it.
    const keyOf = (e: Record<string, unknown>) => `${e.source}/${e.source_event_id}`;
    const wholeBefore = new Set(whole.events.filter((e) => e.before_window).map(keyOf));
    const stepwiseBefore = stepwise.events.filter((e) => e.before_window);
    expect(stepwiseBefore.filter((e) => wholeBefore.has(keyOf(e)))).toEqual(whole.events.filter((e) => e.before_window));
    const lookBackStart = Date.parse(window.start) - 7 * dayMs;
    for (const e of stepwiseBefore.filter((e) => !wholeBefore.has(keyOf(e)))) {
      expect(e.source).toBe('slack');
      expect(Number(e.start_ms)).toBeGreaterThanOrEqual(lookBackStart);
    }
    // The steps were taken: three weeks in steps of a week read more pages than one read of each stream.
    const requests = (run: typeof whole) => run.summaries.reduce((sum, s) => sum + s.requests, 0);
    expect(requests(stepwise)).toBeGreaterThan(requests(whole));
  });
});
