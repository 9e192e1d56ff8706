import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import { WorkflowFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityDeps } from '../../activities/activity-deps.ts';
import { createIngestActivities } from '../../activities/ingest-activities.ts';
import { createStoreActivities } from '../../activities/store-activities.ts';
import { temporalCheckpoint } from '../../activities/activity-checkpoint.ts';
import { withTemporalFailures } from '../../activities/with-temporal-failures.ts';
import { loadConfig } from '../../cli/config.ts';
import { scheduleApplyCommand } from '../../cli/schedule-command.ts';
import { workflowsPath } from '../../cli/workflows-path.ts';
import { withBudgetShare } from '../../connectors/http/budget-share-context.ts';
import { createSlackConnector } from '../../connectors/slack/create-slack-connector.ts';
import type { SourceConnector } from '../../connectors/source-connector.ts';
import { AuthError, RateLimitedError, TransientError } from '../../models/errors.ts';
import { type RunWindow, windowEndingAt } from '../../models/run-window.ts';
import { generateOrganisation } from '../../simulator/organisation/generate-organisation.ts';
import { startSlackSimulator, type SlackSimulator } from '../../simulator/slack/slack-server.ts';
import { buildSlackWorkspace } from '../../simulator/slack/slack-workspace.ts';
import { openPrivateStore } from '../../store/open-private-store.ts';
import { writeStagingBatch } from '../../store/write-staging-batch.ts';
import { loadTemporalConfig } from '../../temporal.config.ts';
import { createPseudonymizer } from '../../transforms/pseudonymizer.ts';
import { type ActivityRouting, workflowIds } from '../../workflows/temporal-routing.ts';
import type { backfillWorkflow, scheduledSyncWorkflow, syncSourceWorkflow } from '../../workflows/temporal-workflows.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { startTemporalTestServer } from '../helpers/temporal-test-server.ts';
import { testKeys } from '../helpers/test-secret.ts';

const server = await startTemporalTestServer();
if (server.reason) console.warn(`skipping the workflow tests on a Temporal server: ${server.reason}`);

describe.skipIf(server.env === null)('workflows on a Temporal server', () => {
  const env = server.env!;
  const end = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
  const window: RunWindow = windowEndingAt(end, 14);
  const token = 'xoxb-temporal-test';
  let sim: SlackSimulator;
  let queue = 0;

  beforeAll(async () => {
    const org = generateOrganisation({ seed: 3, people: 30, weeks: 2, end });
    sim = await startSlackSimulator({ workspace: buildSlackWorkspace(org), token, now: end, rateScale: 1000 });
  });
  afterAll(async () => {
    await sim?.close();
    await env.teardown();
  });

  const ingestKeyFingerprint = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
  const slack = () => createSlackConnector({ token, apiUrl: sim.url, pseudonymize: createPseudonymizer(Buffer.alloc(32, 9)), tierBudgets: { 2: 20_000, 3: 50_000, 4: 100_000 } });

  /** Fresh task queues, short retries, and both workers running (on a fresh data directory) until `work` ends. */
  async function withWorkers<T>(work: (routing: ActivityRouting, deps: ActivityDeps) => Promise<T>, overrides: Partial<ActivityDeps> = {}): Promise<T> {
    queue += 1;
    const retry = { initialInterval: '100ms', backoffCoefficient: 1, maximumAttempts: 5 };
    const routing: ActivityRouting = {
      taskQueues: { ingest: `test-ingest-${queue}`, store: `test-store-${queue}` },
      options: { http: { startToCloseTimeout: '1 minute', heartbeatTimeout: '10 seconds', retry }, store: { startToCloseTimeout: '1 minute', retry }, notify: { startToCloseTimeout: '1 minute', retry } },
      shareBudget: true,
      ingestKeyFingerprint,
    };
    const dir = tempDir('temporal-workers');
    const store = await openPrivateStore(dir);
    const deps: ActivityDeps = {
      connectors: { slack: slack() },
      store,
      writeStagingBatch,
      stagingDir: join(dir, 'staging'),
      analyticsPath: join(dir, 'analytics.duckdb'),
      vaultKey: new Uint8Array(32).fill(1),
      directorySealingKey: testKeys.ingest.directorySealingKey,
      directoryOpeningKey: testKeys.directoryOpeningKey,
      releaseK: 3,
      progress: () => {},
      fetchSliceDays: 4,
      withBudgetShare,
      openCheckpoint: temporalCheckpoint(1_000),
      ...overrides,
    };
    const connection = env.nativeConnection;
    const ingest = await Worker.create({ connection, taskQueue: routing.taskQueues.ingest, workflowsPath, activities: withTemporalFailures(createIngestActivities(deps), { ingestKeyFingerprint }) });
    const storeWorker = await Worker.create({ connection, taskQueue: routing.taskQueues.store, activities: withTemporalFailures(createStoreActivities(deps)) });
    try {
      const result = work(routing, deps);
      await Promise.all([ingest.runUntil(result), storeWorker.runUntil(result)]);
      return await result;
    } finally {
      await store.close();
    }
  }

  const backfill = (routing: ActivityRouting, id = workflowIds.run(window)) =>
    env.client.workflow.execute<typeof backfillWorkflow>('backfillWorkflow', {
      workflowId: `${id}-${queue}`,
      taskQueue: routing.taskQueues.ingest,
      args: [{ window, sources: ['slack'], streamConcurrency: 4, release: true, routing }],
    });
  const duplicates = (deps: ActivityDeps) =>
    deps.store.select({ sql: 'SELECT count(*) AS n FROM (SELECT source, source_event_id FROM events GROUP BY ALL HAVING count(*) > 1)', params: {} });

  it('runs a full daily run from its schedule: window from the nominal time, sources synced, features, release', async () => {
    const summary = await withWorkers(async (routing) => {
      const scheduleId = `test-daily-${queue}`;
      const handle = await env.client.schedule.create({
        scheduleId,
        spec: { cronExpressions: ['0 5 * * *'] },
        action: { type: 'startWorkflow', workflowType: 'dailyWellbeingWorkflow', workflowId: scheduleId, taskQueue: routing.taskQueues.ingest, args: [{ sources: ['slack'], lookbackDays: 14, streamConcurrency: 4, release: true, routing }] },
        state: { triggerImmediately: true },
      });
      let started: string | undefined;
      while (!started) {
        started = (await handle.describe()).info.recentActions[0]?.action.workflow.workflowId;
        if (!started) await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const result = await env.client.workflow.getHandle(started).result();
      await handle.delete();
      return result;
    });
    expect(summary.sources[0]?.status, summary.sources[0]?.failure ?? '').toBe('ok');
    expect(summary.sources[0]?.eventsNew).toBeGreaterThan(0);
    expect(Date.parse(summary.window.end) - Date.parse(summary.window.start)).toBe(14 * 86_400_000);
    expect(summary.personDayRows).toBeGreaterThan(0);
  });

  it('resumes a fetch killed mid-pagination from its heartbeat, without re-reading its staged steps or loading duplicates', async () => {
    const reads: string[] = [];
    const connector = slack();
    const counting: SourceConnector = { ...connector, fetchStream: (s, p, w) => (reads.push(`${s}@${w.end}`), connector.fetchStream(s, p, w)) };
    let writes = 0;
    const { summary, dup, events } = await withWorkers(
      async (routing, deps) => {
        const summary = await backfill(routing);
        return { summary, dup: await duplicates(deps), events: (await deps.store.counts()).events };
      },
      {
        connectors: { slack: counting },
        writeStagingBatch: async (path, batch) => {
          if (++writes === 2) throw new TransientError('worker killed mid-read');
          await writeStagingBatch(path, batch);
        },
      },
    );
    expect(summary.sources[0]?.streamsFailed).toBe(0);
    expect(Number(dup[0]?.n)).toBe(0);
    expect(summary.sources[0]?.eventsNew).toBe(events);
    // Exactly one step was read twice: the one killed; the steps before it came back from the heartbeat.
    expect(reads.length - new Set(reads).size).toBe(1);
  });

  it("retries a rate-limited fetch after the vendor's delay, not the policy's 100 ms", async () => {
    const attempts: number[] = [];
    const connector = slack();
    let first = true;
    const limited: SourceConnector = {
      ...connector,
      fetchStream: async (s, p, w) => {
        attempts.push(Date.now());
        if (first) {
          first = false;
          throw new RateLimitedError('429 on conversations.history', 2_000, 'slack');
        }
        return connector.fetchStream(s, p, w);
      },
    };
    const summary = await withWorkers((routing) => backfill(routing), { connectors: { slack: limited }, fetchSliceDays: null });
    expect(summary.sources[0]?.streamsFailed).toBe(0);
    expect((attempts[1] ?? 0) - (attempts[0] ?? 0)).toBeGreaterThanOrEqual(1_900);
  });

  it('ends the source workflow on a refused token, non-retryable, with the message naming the setting', async () => {
    let calls = 0;
    const refused: SourceConnector = {
      ...slack(),
      readDirectory: async () => {
        calls += 1;
        throw new AuthError('Slack refused SLACK_BOT_TOKEN (invalid_auth): set a valid bot token', 'SLACK_BOT_TOKEN', 'slack');
      },
    };
    const error = await withWorkers(
      (routing) =>
        env.client.workflow
          .execute<typeof syncSourceWorkflow>('syncSourceWorkflow', {
            workflowId: `${workflowIds.sync('slack')}-${queue}`,
            taskQueue: routing.taskQueues.ingest,
            args: [{ source: 'slack', window, streamConcurrency: 4, routing }],
          })
          .catch((e: unknown) => e),
      { connectors: { slack: refused } },
    );
    expect(error).toBeInstanceOf(WorkflowFailedError);
    const cause = (error as WorkflowFailedError).cause as { type?: string; message: string; nonRetryable?: boolean };
    expect(cause).toMatchObject({ type: 'auth', nonRetryable: true });
    expect(cause.message).toMatch(/SLACK_BOT_TOKEN/);
    expect(calls).toBe(1);
  });

  it('never syncs one source twice at once: the hourly sync skips while another runs, a run waits for it and then syncs', async () => {
    const connector = slack();
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    let reading = 0;
    let mostAtOnce = 0;
    let reads = 0;
    const held: SourceConnector = {
      ...connector,
      readDirectory: async () => {
        reads += 1;
        reading += 1;
        mostAtOnce = Math.max(mostAtOnce, reading);
        try {
          await released;
          return await connector.readDirectory();
        } finally {
          reading -= 1;
        }
      },
    };
    const { hourly, run } = await withWorkers(
      async (routing) => {
        const input = { source: 'slack' as const, window, streamConcurrency: 4, routing };
        const first = await env.client.workflow.start<typeof syncSourceWorkflow>('syncSourceWorkflow', { workflowId: workflowIds.sync('slack'), taskQueue: routing.taskQueues.ingest, args: [input] });
        while (reads === 0) await new Promise((resolve) => setTimeout(resolve, 100));
        const hourly = await env.client.workflow.execute<typeof scheduledSyncWorkflow>('scheduledSyncWorkflow', { workflowId: `test-hourly-${queue}`, taskQueue: routing.taskQueues.ingest, args: [input] });
        const run = backfill(routing);
        await new Promise((resolve) => setTimeout(resolve, 2_000));
        release();
        await first.result();
        return { hourly, run: await run };
      },
      { connectors: { slack: held } },
    );
    expect(hourly).toBeNull();
    expect(run.sources[0]?.status, run.sources[0]?.failure ?? '').toBe('ok');
    expect(reads).toBe(2);
    expect(mostAtOnce).toBe(1);
  }, 180_000);

  it('applies the schedules idempotently: created once, then updated to the same', async () => {
    const config = loadConfig({});
    const temporal = { ...loadTemporalConfig({}), address: env.address };
    const lines: string[] = [];
    const session = { client: env.client, routing: { ...temporal.routing, ingestKeyFingerprint } };
    await scheduleApplyCommand(session, config, temporal, (t) => lines.push(t));
    const describeAll = async () =>
      Promise.all(
        [workflowIds.schedule.sync('slack'), workflowIds.schedule.daily, workflowIds.schedule.weeklyRelease].map(async (id) => {
          const d = await env.client.schedule.getHandle(id).describe();
          return { id, spec: d.spec, policies: d.policies, action: d.action.type };
        }),
      );
    const before = await describeAll();
    await scheduleApplyCommand(session, config, temporal, (t) => lines.push(t));
    expect(await describeAll()).toEqual(before);
    expect(lines.filter((l) => l.startsWith('created'))).toHaveLength(3);
    expect(lines.filter((l) => l.startsWith('updated'))).toHaveLength(3);
    expect(before.every((s) => s.policies.overlap === 'SKIP')).toBe(true);
    for (const { id } of before) await env.client.schedule.getHandle(id).delete();
  });
});
