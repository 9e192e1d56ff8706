import type { DuckDBValue } from '@duckdb/node-api';
import { listValue, timestampTZValue } from '@duckdb/node-api';
import type { ActivityEvent } from '../models/activity-event.ts';

/** The staging and `events` column order: one ActivityEvent as a row of DuckDB values. */
export function eventRow(event: ActivityEvent): DuckDBValue[] {
  return [
    event.source,
    event.kind,
    event.sourceEventId,
    event.actor,
    listValue(event.counterparts),
    timestampTZValue(BigInt(event.start.getTime()) * 1000n),
    timestampTZValue(BigInt(event.end.getTime()) * 1000n),
    event.conversation,
    event.isThread,
    event.size,
    event.response,
    event.online,
    event.state,
  ];
}
