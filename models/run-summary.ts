import type { NudgeDeliveryResult, NudgePlanResult } from './nudge.ts';
import type { StreamKindWaits } from './rate-limit-waits.ts';
import type { RunWindow } from './run-window.ts';
import type { Source } from './source.ts';

/** What one run did with one source. Counts only: no identities, no content. */
export interface SourceRunSummary {
  source: Source;
  /** 'failed' when the source stopped (e.g. revoked credentials); `failure` says why and what to fix. */
  status: 'ok' | 'failed';
  failure: string | null;
  people: number;
  /** People kept under a per-source pseudonym because the source hides their email. */
  unresolved: number;
  /** Accounts left out on purpose (bots, deactivated users). */
  excluded: number;
  /** People whose time zone was missing or unknown, so UTC stands in. */
  unknownTimeZones: number;
  teams: number;
  streamsRead: number;
  /** Streams the source would not let us read (e.g. Slack channels the bot is not in). */
  streamsSkipped: number;
  /** Streams that failed this run; their cursors did not move, so the next run reads them again. */
  streamsFailed: number;
  /** Why the last failed stream failed, when any did. */
  lastStreamFailure: string | null;
  /**
   * Why the directory could not be read this run (after retries), or null: the stored directory
   * was kept, the streams were read all the same, and the next run reads the directory again.
   */
  directoryFailure: string | null;
  /** People whose details (time zone, working hours) could not be read this run: what the store knew is kept; read again next run. */
  peopleIncomplete: number;
  eventsFetched: number;
  eventsNew: number;
  /** Events the source said are gone (cancelled meetings, deleted records), removed from the store. */
  eventsRemoved: number;
  quarantined: number;
  /** Requests sent to the source: by `attune run`, every one (access check, directory, reads, retries); on Temporal, the streams' reads. */
  requests: number;
  /** The stream reads' rate-limit waits, per stream kind read (zeros when none waited), in kind order. */
  rateLimitWaits: StreamKindWaits[];
}

/** What a run's retention step deleted (see applyRetention): counts only. */
export interface RetentionResult {
  events: number;
  /** Pending change-log entries of those events. */
  changes: number;
  quarantined: number;
  /** Per-day collaboration rows (who with whom) older than the rolling counts still read. */
  collaborations: number;
  /** People no directory listed for the grace period, erased. */
  leavers: number;
}

/** What one whole run did. */
export interface RunSummary {
  window: RunWindow;
  sources: SourceRunSummary[];
  personDayRows: number;
  personWeekRows: number;
  /** Team-week cells released to the analytics store, and suppressed there. */
  cellsReleased: number;
  cellsSuppressed: number;
  /** Monday dates of the released weeks, half-open. */
  weeks: { from: string; to: string };
  /** Raw data past its retention and leavers erased by this run. */
  retention: RetentionResult;
  /** Nudges planned per rule, and the run's delivery pass (null when delivery goes on in a workflow of its own, on Temporal). */
  nudges: NudgePlanResult & { delivery: NudgeDeliveryResult | null };
}
