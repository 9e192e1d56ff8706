import { Context } from '@temporalio/activity';
import { msToNumber } from '@temporalio/common/lib/time.js';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createIngestActivities } from '../activities/ingest-activities.ts';
import { createStoreActivities } from '../activities/store-activities.ts';
import { temporalCheckpoint } from '../activities/activity-checkpoint.ts';
import { withTemporalFailures } from '../activities/with-temporal-failures.ts';
import { withBudgetShare } from '../connectors/http/budget-share-context.ts';
import { withCancellation } from '../connectors/http/request-cancellation.ts';
import { ConfigError } from '../models/errors.ts';
import type { Progress } from '../models/progress.ts';
import { writeStagingBatch } from '../store/write-staging-batch.ts';
import { deriveInstallationKeys } from '../transforms/installation-keys.ts';
import { createPseudonymizer } from '../transforms/pseudonymizer.ts';
import { temporalDataConverter } from './temporal-payload-codec.ts';
import type { TemporalConfig } from '../temporal.config.ts';
import type { Config } from './config.ts';
import { createConnectors } from './configured-connectors.ts';
import { dataPaths } from './data-paths.ts';
import { openSources } from './open-sources.ts';
import { ingestWorkerKeys } from './ingest-key.ts';
import { loadInstallationSecret } from './installation-secret.ts';
import { openKeyedStore } from './open-keyed-store.ts';
import { createNudgeDeps } from './nudge-channels.ts';
import { loadNudgeSettings } from './nudge-settings.ts';
import { loadReleaseSettings } from './release-settings.ts';
import { startAttuneServer } from './attune-server.ts';
import { temporalConnectionOptions } from './temporal-connection-options.ts';
import { unreachableTemporal } from './unreachable-temporal.ts';
import { workflowsPath } from './workflows-path.ts';

/** The task queues a worker can serve: `ingest` (workflows and API reads, any number of workers), `store` (the one worker owning the DuckDB files). */
export type QueueName = 'ingest' | 'store';

/**
 * `attune worker --queue ingest|store` (`npm run worker -- --queue …`): serves the given task
 * queues until SIGINT or SIGTERM. The staging folder must be shared between the ingest workers
 * and the store worker. With no source configured, only a worker serving both queues may run,
 * on the built-in simulated workspace. With `serve`, the store worker also serves people's pages
 * and the nudges' controls (as `attune serve`, which can't open the store the worker holds).
 * Returns the exit code.
 */
export async function workerCommand(
  config: Config,
  temporal: TemporalConfig,
  queues: QueueName[],
  progress: Progress,
  serve: { host: string; port: number } | null = null,
): Promise<number> {
  if (Object.keys(config.sources).length === 0 && !(queues.includes('ingest') && queues.includes('store'))) {
    throw new ConfigError(
      'no source configured: set a source\'s credentials, e.g. SLACK_BOT_TOKEN (the built-in simulated workspace serves only a worker with --queue ingest --queue store)',
      'SLACK_BOT_TOKEN',
    );
  }
  if (serve && !queues.includes('store')) throw new ConfigError('--serve needs --queue store: pages are served from the store worker', 'serve');
  // A worker serving the store holds the installation secret; one serving only ingest, the ingest keys. Neither creates a key.
  const keys = queues.includes('store')
    ? deriveInstallationKeys(await loadInstallationSecret(config.dataDir, config.pseudonymKey, { create: false, keyFile: config.keyFile }))
    : null;
  const ingestKeys = keys?.ingest ?? ingestWorkerKeys(config);
  const cleanups: (() => Promise<void> | void)[] = [];
  try {
    const nudgeSettings = await loadNudgeSettings(process.env);
    const releaseSettings = await loadReleaseSettings(process.env);
    const sources = await openSources(config, config.runAt ?? new Date(), progress);
    cleanups.push(() => sources.close());
    const connection = await NativeConnection.connect(await temporalConnectionOptions(temporal)).catch((error: unknown) => {
      throw unreachableTemporal(temporal, error);
    });
    cleanups.push(() => connection.close());
    const { stagingDir, analyticsPath } = dataPaths(config.dataDir, config.analyticsDir);
    const { taskQueues, options } = temporal.routing;
    const dataConverter = temporalDataConverter(ingestKeys.payloadKey);
    const workers: Worker[] = [];
    if (queues.includes('ingest')) {
      const keepAliveMs = msToNumber(options.http.heartbeatTimeout ?? '90 seconds') / 3;
      const activities = createIngestActivities({
        connectors: createConnectors(sources.settings, createPseudonymizer(ingestKeys.pseudonymKey), progress),
        writeStagingBatch,
        stagingDir,
        directorySealingKey: ingestKeys.directorySealingKey,
        fetchSliceDays: temporal.fetchSliceDays,
        // A retried attempt may have requests of the failed one in the vendor's window: it starts unsettled.
        withBudgetShare: (budget, work) => withBudgetShare(Context.current().info.attempt > 1 ? { ...budget, unsettled: true } : budget, work),
        openCheckpoint: temporalCheckpoint(keepAliveMs),
        progress,
      });
      const worker = await Worker.create({
        connection,
        namespace: temporal.namespace,
        taskQueue: taskQueues.ingest,
        workflowsPath,
        dataConverter,
        activities: withTemporalFailures(activities, { ingestKeyFingerprint: ingestKeys.fingerprint, cancelRequests: withCancellation }),
      });
      workers.push(worker);
    }
    if (keys) {
      // The store worker's secret must be the one its store was created with (checked by fingerprint).
      const { store } = await openKeyedStore(config, { store: true, key: false });
      cleanups.push(() => store.close());
      // No connector: the store worker reads no vendor API (directories come sealed from the ingest workers).
      const activities = createStoreActivities({
        store,
        stagingDir,
        analyticsPath,
        vaultKey: keys.vaultKey,
        directoryOpeningKey: keys.directoryOpeningKey,
        releaseK: config.releaseK,
        retention: config.retention,
        release: releaseSettings(createPseudonymizer(keys.pseudonymKey)),
        nudges: createNudgeDeps(nudgeSettings, sources.settings, keys.linkKey),
        progress,
      });
      // Store activities heartbeat while they run (a dead store worker is noticed within the heartbeat
      // timeout) and run a few at a time, so their timeouts measure work, not a queue behind the writer.
      const keepAliveMs = msToNumber(options.store.heartbeatTimeout ?? '2 minutes') / 3;
      workers.push(
        await Worker.create({
          connection,
          namespace: temporal.namespace,
          taskQueue: taskQueues.store,
          dataConverter,
          maxConcurrentActivityTaskExecutions: temporal.storeConcurrency,
          activities: withTemporalFailures(activities, { keepAliveMs, cancelRequests: withCancellation }),
        }),
      );
      if (serve) {
        // The store worker holds the DuckDB files for good: people's pages and the nudges' controls are served from its own store.
        const server = await startAttuneServer(
          { withStore: (work) => work(store), linkKey: keys.linkKey, vaultKey: keys.vaultKey, slackSigningSecret: process.env.SLACK_SIGNING_SECRET?.trim() || undefined },
          serve,
        );
        cleanups.push(() => server.close());
        progress(`worker: serving people's pages on ${server.url}`);
      }
    }

    progress(`worker: serving ${queues.map((q) => taskQueues[q]).join(', ')} on ${temporal.address} (namespace ${temporal.namespace})`);
    await Promise.all(workers.map((worker) => worker.run()));
    return 0;
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
  }
}
