import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createActivities } from '../activities/create-activities.ts';
import { noCheckpoint } from '../activities/activity-checkpoint.ts';
import { withBudgetShare } from '../connectors/http/budget-share-context.ts';
import { createSlackExportConnector, type SlackExportEmailCoverage } from '../connectors/slack-export/create-slack-export-connector.ts';
import { openSlackExportFiles } from '../connectors/slack-export/open-slack-export-files.ts';
import type { SlackExportChannelChoice } from '../connectors/slack-export/slack-export-channel-choice.ts';
import { slackExportPosition } from '../connectors/slack-export/slack-export-position.ts';
import { parseSlackIdentityMap } from '../connectors/slack/parse-slack-identity-map.ts';
import { ConfigError } from '../models/errors.ts';
import { formatRetention } from './format-run-summary.ts';
import type { RunSummary } from '../models/run-summary.ts';
import type { RunWindow } from '../models/run-window.ts';
import type { PrivateStore } from '../store/private-store.ts';
import { slackChannelSelection } from '../store/slack-channel-selection.ts';
import { sweepStagingFiles } from '../store/sweep-staging-files.ts';
import { writeStagingBatch } from '../store/write-staging-batch.ts';
import { createPseudonymizer } from '../transforms/pseudonymizer.ts';
import { runPipeline } from '../workflows/run-pipeline.ts';
import type { Config } from './config.ts';
import { dataPaths } from './data-paths.ts';
import { openKeyedStore } from './open-keyed-store.ts';
import type { RunOutput } from './run-command.ts';
import { readSettingFile } from './source-settings.ts';

/**
 * A first read of a channel is loaded 30 days of day files at a time, so memory holds one
 * channel-month of events per channel in flight; smaller steps cost a staging file and a load each.
 */
const sliceDays = 30;

const usage = 'attune import slack-export PATH [--channels NAME,NAME | --all-public]';

/** `attune import slack-export PATH [--channels NAME,NAME | --all-public]`: parses the arguments, then imports (see importSlackExport). */
export async function importSlackExportCommand(config: Config, args: string[], output: RunOutput): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: { channels: { type: 'string' }, 'all-public': { type: 'boolean', default: false } },
  });
  const [kind, path, ...extra] = positionals;
  if (kind !== 'slack-export' || path === undefined || extra.length > 0) throw new ConfigError(`usage: ${usage}`, 'the import arguments');
  if (values.channels !== undefined && values['all-public']) throw new ConfigError(`--channels and --all-public choose channels two ways: give one (${usage})`, 'the import arguments');
  const names = values.channels?.split(',').map((name) => name.trim().replace(/^#/, '')).filter((name) => name.length > 0);
  if (names?.length === 0) throw new ConfigError(`--channels names no channel: give channel names, e.g. --channels general,eng`, 'the import arguments');
  return importSlackExport(config, path, names ? { names } : values['all-public'] ? 'all-public' : 'bot', output);
}

/**
 * `attune import slack-export PATH`: backfills Slack history from an export (a .zip or an
 * unpacked folder), without the API or its rate limits. It is the pipeline's run (runPipeline)
 * over the export's days with the export reader as the Slack source, loading through the same
 * staging → loadBatches path (events dedup with API-loaded ones by source event id), then
 * recomputing features; no release. Two things differ, through the store the run sees: the
 * directory adds people and identities but keeps the teams (an export has no user groups), and
 * the import's cursors (`export:<channel id>`) are read only when they go on from this window's
 * start, so any other import reads its channels afresh, a month at a time. The API's cursors are never touched.
 * The channels read are those `channels` chooses (see chooseSlackExportChannels); a choice made
 * with --channels or --all-public is recorded (slackChannelSelection) for `attune run` to read the same.
 * People the export shows no email of (exports often have none) stay unresolved unless
 * SLACK_IDENTITY_MAP gives their email; the import says so before it starts.
 */
async function importSlackExport(config: Config, path: string, channels: SlackExportChannelChoice, output: RunOutput): Promise<number> {
  const mapFile = config.slackIdentityMapFile;
  const identityMap = mapFile === undefined ? undefined : parseSlackIdentityMap(await readSettingFile(mapFile, identityMapSetting));
  const files = await openSlackExportFiles(path);
  try {
    // Checked under a throwaway key, so the real one is read (or created) only once the export is usable.
    const check = createSlackExportConnector({ files, pseudonymize: createPseudonymizer(randomBytes(32)), identityMap, channels });
    const chosen = await check.chosenChannels();
    const window = await check.coveredWindow();
    if (window === null) {
      output.out(`attune import slack-export: the export has no day files in the ${chosen.size} chosen channels; nothing to import\n`);
      return 0;
    }
    const notice = emailNotice(await check.emailCoverage(), identityMap !== undefined);
    if (notice !== null) output.progress(notice);
    const { keys, store } = await openKeyedStore(config, { store: true });
    try {
      await sweepStagingFiles(dataPaths(config.dataDir).stagingDir, output.progress);
      if (channels !== 'bot') await slackChannelSelection.record(store, channels === 'all-public' ? 'all-public' : 'channels', chosen);
      const activities = createActivities({
        connectors: { slack: createSlackExportConnector({ files, pseudonymize: createPseudonymizer(keys.pseudonymKey), identityMap, channels }) },
        store: importStore(store, window),
        writeStagingBatch,
        ...dataPaths(config.dataDir, config.analyticsDir),
        fetchSliceDays: sliceDays,
        withBudgetShare,
        openCheckpoint: noCheckpoint,
        vaultKey: keys.vaultKey,
        directorySealingKey: keys.ingest.directorySealingKey,
        directoryOpeningKey: keys.directoryOpeningKey,
        releaseK: config.releaseK,
        retention: config.retention,
        progress: output.progress,
      });
      output.progress(`import: Slack export, window ${window.start} → ${window.end}, ${chosen.size} channels chosen`);
      const summary = await runPipeline(activities, { window, sources: ['slack'], streamConcurrency: config.streamConcurrency, release: false });
      output.out(formatImportSummary(summary));
      return summary.sources.some((s) => s.status === 'failed') ? 1 : 0;
    } finally {
      await store.close();
    }
  } finally {
    await files.close();
  }
}

/** The store as the import sees it: teams left as they are, and only import cursors that go on from the window's start. */
function importStore(store: PrivateStore, window: RunWindow): PrivateStore {
  return {
    ...store,
    replaceDirectory: async () => {},
    async readCursor(source, stream) {
      const saved = await store.readCursor(source, stream);
      return slackExportPosition.continues(saved, window) ? saved : null;
    },
  };
}

const n = (value: number) => value.toLocaleString('en-US');
const identityMapSetting = 'SLACK_IDENTITY_MAP';

/**
 * What the import says up front about people without an email: they stay unresolved, kept apart
 * from the same people in other sources (and from the API's Slack, which shows emails), unless
 * SLACK_IDENTITY_MAP maps them. Null when every person has an email.
 */
function emailNotice(coverage: SlackExportEmailCoverage, hasMap: boolean): string | null {
  const { people, withoutEmail, mapped } = coverage;
  if (withoutEmail === 0) return null;
  const left = withoutEmail - mapped;
  const unmatched = `; ${n(left)} left unresolved, not matched with their e-mail in other sources`;
  if (hasMap) return `import: ${n(withoutEmail)} of ${n(people)} people have no e-mail in the export; ${identityMapSetting} gives ${n(mapped)} of them one${left > 0 ? unmatched : ''}`;
  const who = withoutEmail === people ? `the export has no e-mail addresses: all ${n(people)} people` : `${n(withoutEmail)} of ${n(people)} people have no e-mail in the export: they`;
  return `import: ${who} stay unresolved, not matched with their e-mail in other sources; set ${identityMapSetting} to a CSV file of slackUserId,email lines to match them`;
}

/** The import's summary: counts only. */
function formatImportSummary(summary: RunSummary): string {
  const lines = [`attune import slack-export ${summary.window.start} → ${summary.window.end}`];
  for (const s of summary.sources) {
    if (s.status === 'failed') {
      lines.push(`  slack export: STOPPED: ${s.failure}`);
      continue;
    }
    lines.push(
      `  slack export: ${n(s.people)} people (${n(s.unresolved)} unresolved, ${n(s.excluded)} excluded); ` +
        `${n(s.streamsRead)} channels read, ${n(s.streamsSkipped)} skipped (not chosen), ${n(s.streamsFailed)} failed; ` +
        `${n(s.eventsFetched)} events read, ${n(s.eventsNew)} new, ${n(s.quarantined)} quarantined`,
    );
    if (s.lastStreamFailure) lines.push(`    last channel failure: ${s.lastStreamFailure} (import again to retry)`);
  }
  lines.push(formatRetention(summary.retention));
  lines.push(`  features brought up to date: ${n(summary.personDayRows)} person-day rows, ${n(summary.personWeekRows)} person-week rows in the store`);
  return lines.join('\n') + '\n';
}
