import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError } from '../models/errors.ts';
import { dayMs, hourMs } from '../models/time.ts';
import { openPrivateStore } from '../store/open-private-store.ts';
import { readStatus } from '../store/read-status.ts';
import type { Config } from './config.ts';
import type { TemporalSession } from './connect-temporal-client.ts';
import { formatInstant, formatTable } from './format-table.ts';
import { formatScheduleStatuses, readScheduleStatuses } from './temporal-schedule-status.ts';

/** How many recent runs and releases `attune status` lists. */
const shown = { runs: 5, releases: 5 };

/** A duration in seconds, to the tenth. */
const seconds = (ms: number) => Math.round(ms / 100) / 10;

/** How long ago `ms` was, in the largest whole unit (minutes, hours, days). */
function age(ms: number, now: number): string {
  const elapsed = Math.max(0, now - ms);
  if (elapsed >= dayMs) return `${Math.floor(elapsed / dayMs)} d`;
  if (elapsed >= hourMs) return `${Math.floor(elapsed / hourMs)} h`;
  return `${Math.floor(elapsed / 60_000)} min`;
}

/** How `attune status` reaches Temporal: whether TEMPORAL_ADDRESS is set, and a client of attune's namespace. */
export interface StatusTemporal {
  addressSet: boolean;
  connect: () => Promise<TemporalSession>;
}

/**
 * `attune status [--temporal]` (for admins): per source and stream kind, how many streams, their last
 * successful sync and its lag, quarantined records; events stored per source and kind; each
 * source's part in the last runs, its rate-limit waits per stream kind and its latest error; the
 * last releases. Read from the private store's sync state, quarantine, run records and release
 * outbox. Counts, times and failure messages only: no stream id, pseudonym or identity. With
 * `--temporal`, or when TEMPORAL_ADDRESS is set, also attune's schedules and their last results;
 * a server that cannot be reached is said so after the store's part, and the exit code is 3.
 */
export async function statusCommand(config: Config, args: string[], out: (text: string) => void, temporal: StatusTemporal): Promise<number> {
  let asked: boolean;
  try {
    asked = parseArgs({ args, options: { temporal: { type: 'boolean', default: false } }, strict: true }).values.temporal;
  } catch {
    throw new ConfigError('usage: attune status [--temporal]', '--temporal');
  }
  await printStoreStatus(config, out);
  if (!asked && !temporal.addressSet) return 0;
  out('\nTemporal schedules\n');
  let session: TemporalSession;
  try {
    session = await temporal.connect();
  } catch (error) {
    out(`not shown: ${error instanceof Error ? error.message : String(error)}\n`);
    return 3;
  }
  try {
    out(formatScheduleStatuses(await readScheduleStatuses(session.client)));
  } finally {
    await session.client.connection.close();
  }
  return 0;
}

/** The store's part of `attune status`; says so when there is no store yet. */
async function printStoreStatus(config: Config, out: (text: string) => void): Promise<void> {
  if (!existsSync(join(config.dataDir, 'attune.duckdb'))) {
    out(`attune status: no private store in ${config.dataDir} yet: run attune run (or attune import slack-export) first\n`);
    return;
  }
  const store = await openPrivateStore(config.dataDir, config.duckdb);
  const status = await readStatus(store, shown).finally(() => store.close());
  const now = Date.now();
  const never = 'never';
  out('streams, per source and kind (lag: time since the last successful sync)\n');
  out(
    formatTable(
      ['source', 'kind', 'streams', 'last successful sync', 'lag', 'quarantined'],
      status.streams.map((s) => [s.source, s.kind, s.streams, s.lastSyncMs === null ? never : formatInstant(s.lastSyncMs), s.lastSyncMs === null ? never : age(s.lastSyncMs, now), s.quarantined]),
    ),
  );
  out('\nevents stored, per source and kind\n');
  out(formatTable(['source', 'kind', 'events'], status.events.map((e) => [e.source, e.kind, e.events])));
  out(`\nlast ${shown.runs} runs, newest first\n`);
  out(
    formatTable(
      ['finished', 'source', 'status', 'streams read', 'skipped', 'failed', 'events new', 'quarantined', 'error'],
      status.runs.map((r) => [formatInstant(r.finishedMs), r.source, r.status, r.streamsRead, r.streamsSkipped, r.streamsFailed, r.eventsNew, r.quarantined, r.error ?? '']),
    ),
  );
  out(`\nrate-limit waits in the last ${shown.runs} runs, per source and stream kind read (throttled: behind a pause the server asked for, a 429 or Retry-After; paced: attune's own pacing within the vendor's budget)\n`);
  out(
    formatTable(
      ['finished', 'source', 'kind', 'throttled waits', 'throttled s', 'paced waits', 'paced s'],
      status.rateLimitWaits.map((w) => [formatInstant(w.finishedMs), w.source, w.kind, w.throttled, seconds(w.throttledMs), w.paced, seconds(w.pacedMs)]),
    ),
  );
  out('\nlast error per source\n');
  out(formatTable(['source', 'when', 'error'], status.lastErrors.map((e) => [e.source, formatInstant(e.finishedMs), e.error])));
  out(`\nlast ${shown.releases} releases, newest first\n`);
  out(
    formatTable(
      ['released', 'weeks from', 'weeks to', 'cells released', 'suppressed', 'published'],
      status.releases.map((r) => [formatInstant(r.releasedMs), r.weeksFrom, r.weeksTo, r.cellsReleased, r.cellsSuppressed, r.published ? 'yes' : 'not yet']),
    ),
  );
}
