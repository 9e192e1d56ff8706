import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { QuarantineRecord } from '../models/quarantine-record.ts';
import type { RunWindow } from '../models/run-window.ts';
import type { Source } from '../models/source.ts';
import type { StreamSkipReason } from '../models/stream-batch.ts';
import type { ActivityDeps } from './activity-deps.ts';
import { connectorFor } from './connector-for.ts';

/** Which stream to read, from where, within which window. */
export interface FetchStreamInput {
  source: Source;
  stream: string;
  position: string | null;
  window: RunWindow;
}

/** A fetched stream, staged for loading: small enough to pass through workflow history. */
export interface FetchedBatch {
  /** The staging file holding the events, or null when there were none. */
  batchFile: string | null;
  events: number;
  quarantined: QuarantineRecord[];
  /** Source event ids the source says are gone. */
  deleted: string[];
  position: string | null;
  skipped: StreamSkipReason | null;
  requests: number;
}

/**
 * Reads what is new in one stream and writes it to a staging batch. The batch's name depends
 * only on the stream and the position read from, so a retried fetch overwrites its own batch.
 */
export function fetchStream(deps: ActivityDeps) {
  return async ({ source, stream, position, window }: FetchStreamInput): Promise<FetchedBatch> => {
    const batch = await connectorFor(deps, source).fetchStream(stream, position, window);
    let batchFile: string | null = null;
    if (batch.events.length > 0) {
      const name = createHash('sha256').update(`${source}\0${stream}\0${position ?? ''}\0${window.end}`).digest('hex');
      batchFile = join(deps.stagingDir, source, `${name.slice(0, 32)}.parquet`);
      await deps.writeStagingBatch(batchFile, batch.events);
    }
    return {
      batchFile,
      events: batch.events.length,
      quarantined: batch.quarantined,
      deleted: batch.deleted,
      position: batch.position,
      skipped: batch.skipped,
      requests: batch.requests,
    };
  };
}
