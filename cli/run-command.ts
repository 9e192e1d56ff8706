import { randomBytes } from 'node:crypto';
import { createActivities } from '../activities/create-activities.ts';
import { noCheckpoint } from '../activities/activity-checkpoint.ts';
import { withBudgetShare } from '../connectors/http/budget-share-context.ts';
import type { Progress } from '../models/progress.ts';
import type { RunSummary } from '../models/run-summary.ts';
import type { SourceConnector } from '../connectors/source-connector.ts';
import { Source } from '../models/source.ts';
import { slackChannelSelection } from '../store/slack-channel-selection.ts';
import { sweepStagingFiles } from '../store/sweep-staging-files.ts';
import { writeStagingBatch } from '../store/write-staging-batch.ts';
import { createPseudonymizer } from '../transforms/pseudonymizer.ts';
import { emptySourceSummary, failureOf, stopsSource } from '../workflows/sync-source.ts';
import { runPipeline } from '../workflows/run-pipeline.ts';
import { windowEndingAt } from '../models/run-window.ts';
import type { Config } from './config.ts';
import { createConnectors } from './configured-connectors.ts';
import { openSources, type OpenSources } from './open-sources.ts';
import { dataPaths } from './data-paths.ts';
import { formatRunSummary } from './format-run-summary.ts';
import { dataDirKeyFile } from './installation-secret.ts';
import { createNudgeDeps } from './nudge-channels.ts';
import { loadNudgeSettings } from './nudge-settings.ts';
import { openKeyedStore } from './open-keyed-store.ts';
import { loadReleaseSettings } from './release-settings.ts';
import { runExitCodes, runOutcome } from './run-outcome.ts';
import type { RunProgress } from './run-progress.ts';

/** Where `attune run` writes: the summary to `out`, progress to `progress`; `streams`, when given, follows the streams' reads (bars on a terminal). */
export interface RunOutput {
  out: (text: string) => void;
  progress: Progress;
  streams?: Pick<RunProgress, 'track' | 'stop'>;
}

/**
 * `attune run`: one embedded run of the whole pipeline. With no source configured it runs on
 * the built-in simulated workspace of all four sources. Credentials are checked before anything is written.
 * Returns the exit code of runExitCodes: complete, partial (something failed and is read again
 * next run) or nothing read. `openWith` reaches the sources: openSources, unless a caller has them
 * elsewhere (the whole-run benchmark's simulators in a process of their own).
 */
export async function runCommand(
  config: Config,
  output: RunOutput,
  openWith: (config: Config, now: Date, progress: Progress) => Promise<OpenSources> = openSources,
): Promise<number> {
  const now = config.runAt ?? new Date();
  const nudgeSettings = await loadNudgeSettings(process.env);
  const releaseSettings = await loadReleaseSettings(process.env);
  const open = await openWith(config, now, output.progress);
  try {
    const { settings } = open;
    const connectors = createConnectors(settings, createPseudonymizer(randomBytes(32)));
    const refused = await checkAccess(connectors, output);
    const sources = Source.options.filter((source) => connectors[source] && !refused.has(source));
    if (sources.length === 0) return runExitCodes.nothingRead;

    if (!config.pseudonymKey && !config.keyFile) {
      output.progress(
        `warning: the installation key is kept beside the data it protects (${dataDirKeyFile(config.dataDir)}): fine for a demo; in production keep it outside the data directory (ATTUNE_KEY_FILE, mode 0600) or give it through ATTUNE_PSEUDONYM_KEY`,
      );
    }
    const { keys, store } = await openKeyedStore(config, { store: true });
    try {
      await sweepStagingFiles(dataPaths(config.dataDir).stagingDir, output.progress);
      // Slack reads the channels an admin chose on import, when one was recorded.
      const slack = settings.slack && { ...settings.slack, channels: await slackChannelSelection.read(store) };
      const reading = createConnectors({ ...settings, slack }, createPseudonymizer(keys.pseudonymKey), output.progress);
      const created = createActivities({
        connectors: reading,
        store,
        writeStagingBatch,
        ...dataPaths(config.dataDir, config.analyticsDir),
        fetchSliceDays: null,
        withBudgetShare,
        openCheckpoint: noCheckpoint,
        vaultKey: keys.vaultKey,
        directorySealingKey: keys.ingest.directorySealingKey,
        directoryOpeningKey: keys.directoryOpeningKey,
        releaseK: config.releaseK,
        retention: config.retention,
        release: releaseSettings(createPseudonymizer(keys.pseudonymKey)),
        nudges: createNudgeDeps(nudgeSettings, settings, keys.linkKey),
        progress: output.progress,
      });
      const activities = output.streams?.track(created) ?? created;
      const window = windowEndingAt(now, config.backfillDays);
      output.progress(`run: window ${window.start} → ${window.end}, sources: ${sources.join(', ')}`);
      const refusedSources = [...refused].map(([source, failure]) => ({ ...emptySourceSummary(source), status: 'failed' as const, failure }));
      const input = { window, sources, streamConcurrency: config.streamConcurrency, release: true, refused: refusedSources };
      const summary: RunSummary = await runPipeline(activities, input).finally(() => output.streams?.stop());
      // Every request each source was sent, the access check's and every retry included (a stream's batch counts only its own reads).
      for (const s of summary.sources) s.requests = (connectors[s.source]?.requestsMade() ?? 0) + (reading[s.source]?.requestsMade() ?? 0);
      const outcome = runOutcome(summary.sources);
      output.out(`${formatRunSummary(summary, await store.counts(), open.simulated)}${outcome.line}\n`);
      return outcome.code;
    } finally {
      await store.close();
    }
  } finally {
    await open.close();
  }
}

/**
 * Asks every configured source to accept its credentials; reports and returns those that don't,
 * with why: refused credentials or settings name what to fix; a source that stayed unavailable
 * through the retries (5xx, timeouts) is not read this run and tried again next run. The check
 * pseudonymizes nothing, so its connectors carry a throwaway key: the real one is not read (nor
 * created) until access is confirmed.
 */
async function checkAccess(connectors: Partial<Record<Source, SourceConnector>>, output: RunOutput): Promise<Map<Source, string>> {
  const refused = new Map<Source, string>();
  for (const [source, connector] of Object.entries(connectors) as [Source, NonNullable<(typeof connectors)[Source]>][]) {
    try {
      const { missing } = await connector.checkAccess();
      if (missing.length > 0) output.progress(`${source}: the credentials lack ${missing.join(', ')}: what needs them is not read (attune connect ${source} says how to grant them)`);
    } catch (error) {
      const failure = failureOf(error);
      const why = stopsSource(failure) ? failure.message : `unavailable while checking access (${failure.message}): not read this run, tried again next run`;
      refused.set(source, why);
      output.progress(`${source}: ${why}`);
    }
  }
  return refused;
}
