import type { RunSummary } from '../models/run-summary.ts';
import type { SqlStatement } from '../models/sql-statement.ts';

/**
 * The statements recording what one run did (`run_records`, `run_source_records` per source and
 * `run_rate_limit_waits` per source and stream kind), for `attune status`, to run in one transaction:
 * its window, whether it released, and per source the counts, failure messages and rate-limit waits
 * of its summary. Counts and messages only: a summary names nobody.
 */
export function runRecordStatements(runId: string, summary: RunSummary, released: boolean): SqlStatement[] {
  const run: SqlStatement = {
    sql: `INSERT INTO run_records VALUES ($runId, now(), $windowStart::TIMESTAMPTZ, $windowEnd::TIMESTAMPTZ, $released,
          $personDayRows, $cellsReleased, $cellsSuppressed)`,
    params: {
      runId,
      windowStart: summary.window.start,
      windowEnd: summary.window.end,
      released,
      personDayRows: summary.personDayRows,
      cellsReleased: summary.cellsReleased,
      cellsSuppressed: summary.cellsSuppressed,
    },
  };
  const sources = summary.sources.map(
    (s): SqlStatement => ({
      sql: `INSERT OR REPLACE INTO run_source_records VALUES ($runId, $source, $status, $failure, $directoryFailure, $lastStreamFailure,
            $streamsRead, $streamsSkipped, $streamsFailed, $eventsFetched, $eventsNew, $quarantined)`,
      params: {
        runId,
        source: s.source,
        status: s.status,
        failure: s.failure,
        directoryFailure: s.directoryFailure,
        lastStreamFailure: s.lastStreamFailure,
        streamsRead: s.streamsRead,
        streamsSkipped: s.streamsSkipped,
        streamsFailed: s.streamsFailed,
        eventsFetched: s.eventsFetched,
        eventsNew: s.eventsNew,
        quarantined: s.quarantined,
      },
    }),
  );
  const waits = summary.sources.flatMap((s) =>
    s.rateLimitWaits.map(
      (w): SqlStatement => ({
        sql: `INSERT OR REPLACE INTO run_rate_limit_waits VALUES ($runId, $source, $kind, $throttled, $throttledMs, $paced, $pacedMs)`,
        params: {
          runId,
          source: s.source,
          kind: w.kind,
          throttled: w.throttled,
          throttledMs: Math.round(w.throttledMs),
          paced: w.paced,
          pacedMs: Math.round(w.pacedMs),
        },
      }),
    ),
  );
  return [run, ...sources, ...waits];
}
