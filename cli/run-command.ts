import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createActivities } from '../activities/create-activities.ts';
import type { Progress } from '../models/progress.ts';
import type { RunSummary } from '../models/run-summary.ts';
import type { Source } from '../models/source.ts';
import { openPrivateStore } from '../store/open-private-store.ts';
import { writeStagingBatch } from '../store/write-staging-batch.ts';
import { deriveInstallationKeys } from '../transforms/installation-keys.ts';
import { createPseudonymizer } from '../transforms/pseudonymizer.ts';
import { runPipeline } from '../workflows/run-pipeline.ts';
import type { Config } from './config.ts';
import { createConnectors, type SourceSettings } from './configured-connectors.ts';
import { startEmbeddedWorkspace } from './embedded-workspace.ts';
import { formatRunSummary } from './format-run-summary.ts';
import { loadInstallationSecret } from './installation-secret.ts';

/** Where `attune run` writes: the summary to `out`, progress to `progress`. */
export interface RunOutput {
  out: (text: string) => void;
  progress: Progress;
}

/**
 * `attune run`: one embedded run of the whole pipeline. With no source configured it runs on
 * the built-in simulated workspace. Credentials are checked before anything is written.
 * Returns the exit code: 0 when every source finished, 1 when any stopped.
 */
export async function runCommand(config: Config, output: RunOutput): Promise<number> {
  const now = config.runAt ?? new Date();
  const embedded = config.slack ? undefined : await startEmbeddedWorkspace(config.demo, now, output.progress);
  try {
    const settings: SourceSettings = { slack: config.slack ?? embedded?.slack };
    const refused = await checkAccess(settings, output);
    const sources = Object.entries(settings)
      .filter(([source, value]) => value !== undefined && !refused.has(source as Source))
      .map(([source]) => source as Source);
    if (sources.length === 0) return 1;

    const keys = deriveInstallationKeys(await loadInstallationSecret(config.dataDir, config.pseudonymKey));
    const store = await openPrivateStore(config.dataDir);
    try {
      const activities = createActivities({
        connectors: createConnectors(settings, createPseudonymizer(keys.pseudonymKey)),
        store,
        writeStagingBatch,
        stagingDir: join(config.dataDir, 'staging'),
        analyticsPath: join(config.dataDir, 'analytics.duckdb'),
        vaultKey: keys.vaultKey,
        releaseK: config.releaseK,
        progress: output.progress,
      });
      const window = { start: new Date(now.getTime() - config.backfillDays * 86_400_000).toISOString(), end: now.toISOString() };
      output.progress(`run: window ${window.start} → ${window.end}, sources: ${sources.join(', ')}`);
      const summary: RunSummary = await runPipeline(activities, { window, sources, streamConcurrency: config.streamConcurrency });
      output.out(formatRunSummary(summary, await store.counts(), embedded !== undefined));
      return refused.size > 0 || summary.sources.some((s) => s.status === 'failed') ? 1 : 0;
    } finally {
      await store.close();
    }
  } finally {
    await embedded?.close();
  }
}

/** Asks every configured source to accept its credentials; reports and returns those that refuse. */
async function checkAccess(settings: SourceSettings, output: RunOutput): Promise<Set<Source>> {
  // The check pseudonymizes nothing, so a throwaway key keeps the real one unread (and uncreated) until access is confirmed.
  const connectors = createConnectors(settings, createPseudonymizer(randomBytes(32)));
  const refused = new Set<Source>();
  for (const [source, connector] of Object.entries(connectors) as [Source, NonNullable<(typeof connectors)[Source]>][]) {
    try {
      await connector.checkAccess();
    } catch (error) {
      refused.add(source);
      output.progress(`${source}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return refused;
}
