import type { SourceRunSummary } from '../models/run-summary.ts';
import type { Source } from '../models/source.ts';

/** A source's summary before anything was done: status ok, every count zero. */
export function emptySourceSummary(source: Source): SourceRunSummary {
  return {
    source,
    status: 'ok',
    failure: null,
    people: 0,
    unresolved: 0,
    excluded: 0,
    unknownTimeZones: 0,
    teams: 0,
    streamsRead: 0,
    streamsSkipped: 0,
    streamsFailed: 0,
    eventsFetched: 0,
    eventsNew: 0,
    eventsRemoved: 0,
    quarantined: 0,
    requests: 0,
    rateLimitWaits: [],
    lastStreamFailure: null,
    directoryFailure: null,
    peopleIncomplete: 0,
  };
}
