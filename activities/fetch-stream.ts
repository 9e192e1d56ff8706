import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { ActivityEvent } from '../models/activity-event.ts';
import type { BudgetShare, Pacing } from '../models/budget-share.ts';
import type { QuarantineRecord } from '../models/quarantine-record.ts';
import { addRateLimitWaits, noRateLimitWaits, streamKindOf, type RateLimitWaits } from '../models/rate-limit-waits.ts';
import type { RunWindow } from '../models/run-window.ts';
import type { Source } from '../models/source.ts';
import type { ReadInFull, StreamSkipReason } from '../models/stream-batch.ts';
import { connectorFor, type IngestDeps } from './activity-deps.ts';
import { handedOverPartPath, streamOf, writeStagedParts, type StreamRef } from './stream-list.ts';
import { dayMs } from '../models/time.ts';

/** Which listed stream to read, from where, within which window. */
export interface FetchStreamInput extends StreamRef {
  source: Source;
  position: string | null;
  window: RunWindow;
  /** The part of the vendor's app-wide budgets this fetch may use, when the sync apportions them (see BudgetShare). */
  budget?: BudgetShare;
}

/** One staged step of a stream read: its batch file and what is saved with it, its position covering it and every step before. */
export interface StagedPart {
  /** The staging file holding the events, or null when there were none. */
  batchFile: string | null;
  quarantined: QuarantineRecord[];
  /** Source event ids the source says are gone. */
  deleted: string[];
  /** The part of the source's events this step saw whole, if any (see StreamBatch). */
  readInFull?: ReadInFull | null;
  position: string | null;
}

/** A fetched stream, staged for loading in order: its parts (kept in its checkpoint while it runs) and what the read counted. */
interface FetchedBatch {
  parts: StagedPart[];
  events: number;
  quarantined: number;
  skipped: StreamSkipReason | null;
  requests: number;
  /** How long the read's requests waited for rate limits, every step (and every attempt that staged one) included. */
  rateLimitWaits: RateLimitWaits;
}

/**
 * What a fetch returns, through workflow history: counts and the stream's kind (`calendar`,
 * `channel`…), never its id or its parts, which stay in staging beside the stream list for the load;
 * with a budget share, the pacing it leaves for the next fetch of its slot (request times by API method or bucket, no stream named).
 */
export type FetchedStream = Omit<FetchedBatch, 'parts'> & { kind: string; pacing?: Pacing };

/** What a fetch checkpoints after each staged step: how many steps are done and what they staged. */
interface FetchProgress {
  stepsDone: number;
  batch: FetchedBatch;
}


/**
 * Reads what is new in one stream and stages it. A first read (no saved position) of a long
 * window goes in steps of growing windows; after each step the staged part is checkpointed, so a
 * retried fetch resumes after the last staged step. A connector may hand a large stream's events over
 * as it reads (StageEvents): each hand-over is staged at once as a part of the step, before the part
 * the read returns, in a file of this attempt's own (handedOverPartPath: what a hand-over holds may differ
 * between attempts). The part the read returns is named only by the stream, the position it was read from
 * and its window's end, so a repeated step overwrites its own file.
 * Given a budget share (a slot of a Temporal sync's vendor budget), its requests keep to that share,
 * and it returns the pacing it leaves for the slot's next fetch.
 */
export function fetchStream(deps: IngestDeps) {
  const read = readStream(deps);
  return async ({ budget, ...input }: FetchStreamInput): Promise<FetchedStream> => {
    if (!budget) return read(input);
    const { result, pacing } = await deps.withBudgetShare(budget, () => read(input));
    return { ...result, pacing };
  };
}

/** fetchStream's read, whatever budget it paces in. */
function readStream(deps: IngestDeps) {
  return async ({ source, position, window, ...ref }: Omit<FetchStreamInput, 'budget'>): Promise<FetchedStream> => {
    const connector = connectorFor(deps, source);
    const stream = await streamOf(deps.stagingDir, source, ref);
    const fetched = ({ parts: _stagedApart, ...counts }: FetchedBatch): FetchedStream => ({ ...counts, kind: streamKindOf(source, stream) });
    const checkpoint = deps.openCheckpoint();
    const attempt = randomBytes(8).toString('hex');
    try {
      const steps = position === null && deps.fetchSliceDays !== null ? growingWindows(window, deps.fetchSliceDays) : [window];
      const progress = isFetchProgress(checkpoint.resumed)
        ? checkpoint.resumed
        : { stepsDone: 0, batch: { parts: [], events: 0, quarantined: 0, skipped: null, requests: 0, rateLimitWaits: noRateLimitWaits } };
      if (progress.stepsDone > 0) deps.progress(`${source}: ${stream}: resuming after step ${progress.stepsDone} of ${steps.length}`);
      for (const step of steps.slice(progress.stepsDone)) {
        const from = progress.batch.parts.at(-1)?.position ?? position;
        // Parts the connector hands over as it reads; each covers no more than the step's start position until the step ends.
        const early: StagedPart[] = [];
        let earlyEvents = 0;
        const stage = async (events: ActivityEvent[]) => {
          if (events.length === 0) return;
          earlyEvents += events.length;
          const batchFile = handedOverPartPath(deps.stagingDir, source, ref, `${attempt}-${progress.stepsDone}-${early.length}`);
          early.push({ batchFile, quarantined: [], deleted: [], readInFull: null, position: from });
          await deps.writeStagingBatch(batchFile, events);
        };
        const read = await connector.fetchStream(stream, from, step, stage);
        const batch = progress.batch;
        batch.requests += read.requests;
        // A checkpoint saved before waits were counted has none.
        batch.rateLimitWaits = addRateLimitWaits(batch.rateLimitWaits ?? noRateLimitWaits, read.rateLimitWaits ?? noRateLimitWaits);
        if (read.skipped) return fetched({ ...batch, skipped: read.skipped });
        let batchFile: string | null = null;
        if (read.events.length > 0) {
          const name = createHash('sha256').update(`${source}\0${stream}\0${from ?? ''}\0${step.end}`).digest('hex');
          batchFile = join(deps.stagingDir, source, `${name.slice(0, 32)}.parquet`);
          await deps.writeStagingBatch(batchFile, read.events);
        }
        // What the step saw whole and found gone goes on its first part: a later part's events are never removed by it.
        const [first = null] = early;
        const gone = { deleted: read.deleted, readInFull: read.readInFull ?? null };
        if (first) Object.assign(first, gone);
        batch.parts.push(...early, { batchFile, quarantined: read.quarantined, ...(first ? { deleted: [], readInFull: null } : gone), position: read.position });
        batch.events += read.events.length + earlyEvents;
        batch.quarantined += read.quarantined.length;
        progress.stepsDone += 1;
        checkpoint.save(progress);
      }
      await writeStagedParts(deps.stagingDir, source, ref, progress.batch.parts);
      return fetched(progress.batch);
    } finally {
      checkpoint.close();
    }
  };
}

/** Windows sharing the window's start and ending `days` apart, the last at the window's end. */
function growingWindows(window: RunWindow, days: number): RunWindow[] {
  const steps: RunWindow[] = [];
  const end = Date.parse(window.end);
  for (let at = Date.parse(window.start) + days * dayMs; at < end; at += days * dayMs) {
    steps.push({ start: window.start, end: new Date(at).toISOString() });
  }
  return [...steps, window];
}

function isFetchProgress(value: unknown): value is FetchProgress {
  const progress = value as Partial<FetchProgress> | null | undefined;
  return typeof progress?.stepsDone === 'number' && Array.isArray(progress.batch?.parts);
}
