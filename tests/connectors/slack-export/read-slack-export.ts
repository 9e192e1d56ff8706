import type { SlackExportConnector } from '../../../connectors/slack-export/create-slack-export-connector.ts';
import type { ActivityEvent } from '../../../models/activity-event.ts';
import type { QuarantineRecord } from '../../../models/quarantine-record.ts';
import type { RunWindow } from '../../../models/run-window.ts';
import type { StreamBatch } from '../../../models/stream-batch.ts';

/** What reading every stream of a Slack source gave, in a stable order for comparing. */
export interface SourceRead {
  events: ActivityEvent[];
  quarantined: QuarantineRecord[];
  skipped: number;
  /** Each stream's position after the read. */
  positions: Map<string, string | null>;
}

const byEventId = (a: ActivityEvent, b: ActivityEvent) => a.sourceEventId.localeCompare(b.sourceEventId) || a.kind.localeCompare(b.kind);
const byRecord = (a: QuarantineRecord, b: QuarantineRecord) => `${a.stream}|${a.recordRef}|${a.problem}`.localeCompare(`${b.stream}|${b.recordRef}|${b.problem}`);

/** Events (sorted by source event id), quarantine (sorted) and skips of a set of stream batches. */
export function sourceRead(batches: ReadonlyMap<string, StreamBatch>): SourceRead {
  const all = [...batches.values()];
  return {
    events: all.flatMap((b) => b.events).sort(byEventId),
    quarantined: all.flatMap((b) => b.quarantined).sort(byRecord),
    skipped: all.filter((b) => b.skipped !== null).length,
    positions: new Map([...batches].map(([stream, b]) => [stream, b.position])),
  };
}

/**
 * Reads every stream of an export connector over `window`, as the fetch activity does: in
 * `slices` growing steps sharing the window's start, each going on from the previous step's position.
 */
export async function readExport(connector: SlackExportConnector, window: RunWindow, slices = 1, from: ReadonlyMap<string, string | null> = new Map()): Promise<SourceRead> {
  const start = Date.parse(window.start);
  const end = Date.parse(window.end);
  const steps = Array.from({ length: slices }, (_, i) => ({ start: window.start, end: new Date(start + ((end - start) * (i + 1)) / slices).toISOString() }));
  const batches = new Map<string, StreamBatch>();
  for (const stream of await connector.listStreams()) {
    let position = from.get(stream) ?? null;
    const parts: StreamBatch[] = [];
    for (const step of steps) {
      const batch = await connector.fetchStream(stream, position, step);
      parts.push(batch);
      position = batch.position;
    }
    batches.set(stream, {
      events: parts.flatMap((p) => p.events),
      quarantined: parts.flatMap((p) => p.quarantined),
      deleted: [],
      position,
      skipped: parts[0]?.skipped ?? null,
      requests: 0,
    });
  }
  return sourceRead(batches);
}
