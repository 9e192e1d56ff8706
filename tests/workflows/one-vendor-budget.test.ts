import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities, type Activities } from '../../activities/create-activities.ts';
import type { BudgetShare } from '../../models/budget-share.ts';
import { openPrivateStore } from '../../store/open-private-store.ts';
import type { PrivateStore } from '../../store/private-store.ts';
import { syncSource } from '../../workflows/sync-source.ts';
import { startSlackFixture, type SlackFixture } from '../connectors/slack-fixture.ts';
import { inProcessDeps } from '../helpers/in-process-deps.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/**
 * The orchestration's activities as a cluster would run them: the store's on one worker, each
 * fetch on the next of `ingest` workers in turn, every worker with its own connector (its own rate
 * limiters at the full budget), all sharing the store and the staging folder.
 */
function cluster(workers: Activities[]): Activities {
  let turn = 0;
  const [first] = workers as [Activities];
  return {
    ...first,
    fetchStream: (input) => (workers[turn++ % workers.length] as Activities).fetchStream(input),
  };
}

describe('one vendor budget for the whole cluster', () => {
  let fixture: SlackFixture;
  const stores: PrivateStore[] = [];
  beforeAll(async () => {
    // Slack's tiers 15 times faster, counted in a strict one-second window: conversations.history
    // and .replies (Tier 3, 50 a minute) 12 requests in any second, no burst.
    fixture = await startSlackFixture({ seed: 16, people: 30, rateScale: 15, simulator: { slidingWindowMs: 1000 } });
  });
  afterAll(async () => {
    for (const store of stores) await store.close();
    await fixture?.close();
  });

  /** One sync of Slack by three ingest workers; the 429s the simulator served meanwhile. */
  const syncByThreeWorkers = async (shareBudget: boolean) => {
    const dataDir = tempDir('vendor-budget');
    const store = await openPrivateStore(dataDir);
    stores.push(store);
    const workers = [0, 1, 2].map(() => createActivities(inProcessDeps(dataDir, { connectors: { slack: fixture.connector({ concurrency: 8, rateWindowMs: 1000 }) }, store })));
    const refusedBefore = fixture.sim.rateLimited();
    const requestsBefore = fixture.sim.requests('conversations.replies');
    const { summary } = await syncSource(cluster(workers), { source: 'slack', window: fixture.period, streamConcurrency: 6, shareBudget });
    return { summary, refused: fixture.sim.rateLimited() - refusedBefore, replies: fixture.sim.requests('conversations.replies') - requestsBefore };
  };

  it('keeps three workers together within the simulator’s limit, no 429, when the sync shares the budget out; each at the full budget draws 429s', async () => {
    const shared = await syncByThreeWorkers(true);
    expect(shared.summary.status, shared.summary.failure ?? '').toBe('ok');
    expect(shared.summary.streamsFailed).toBe(0);
    expect(shared.replies).toBeGreaterThan(50);
    expect(shared.refused).toBe(0);

    // The defence off: every worker paces alone at the whole budget, and together they overrun it.
    const alone = await syncByThreeWorkers(false);
    expect(alone.summary.status, alone.summary.failure ?? '').toBe('ok');
    expect(alone.refused).toBeGreaterThan(0);
    // Both read the same: sharing the budget slows no stream into failing or skipping.
    expect(shared.summary.eventsNew).toBe(alone.summary.eventsNew);
    expect(shared.summary.streamsRead).toBe(alone.summary.streamsRead);
  }, 120_000);

  it("hands a failed fetch's slot on unsettled, so its next fetch waits out the window, and settles it once a fetch of the slot ends", async () => {
    const dataDir = tempDir('vendor-budget-failure');
    const store = await openPrivateStore(dataDir);
    stores.push(store);
    const worker = createActivities(inProcessDeps(dataDir, { connectors: { slack: fixture.connector({ rateWindowMs: 1000 }) }, store }));
    const budgets: (BudgetShare | undefined)[] = [];
    const activities: Activities = {
      ...worker,
      fetchStream: (input) => {
        budgets.push(input.budget);
        // The first fetch fails, as one whose worker died after sending its requests.
        return budgets.length === 1 ? Promise.reject(new Error('the worker running this fetch died')) : worker.fetchStream(input);
      },
    };
    const { summary } = await syncSource(activities, { source: 'slack', window: fixture.period, streamConcurrency: 1, shareBudget: true });
    expect(summary.streamsFailed).toBe(1);
    expect(budgets.length).toBeGreaterThan(3);
    expect(budgets.map((budget) => budget?.unsettled === true).slice(0, 3)).toEqual([false, true, false]);
    expect(budgets.slice(2).every((budget) => budget !== undefined && !budget.unsettled)).toBe(true);
  }, 120_000);
});
