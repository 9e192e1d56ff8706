import type { SqlStatement } from '../models/sql-statement.ts';
import { featureLookbackDays } from './features/dirty-person-days-statement.ts';

/** How long raw data and leavers are kept: ATTUNE_RETENTION_DAYS and ATTUNE_LEAVER_GRACE_DAYS. */
export interface RetentionSettings {
  /** Raw events, their change log and quarantined records older than this many days are deleted. */
  retentionDays: number;
  /** People no directory has listed for this many days are erased. */
  leaverGraceDays: number;
}

/** The retention a store gets when nothing else is configured. */
export const defaultRetention: RetentionSettings = { retentionDays: 180, leaverGraceDays: 90 };

/**
 * The shortest retention that keeps every event a run can still need: a first read of a stream
 * loads events from `backfillDays` back, and recomputing a day reads the events of the days
 * before it (featureLookbackDays), so those must still be there when the new events arrive.
 */
export function minimumRetentionDays(backfillDays: number): number {
  return backfillDays + featureLookbackDays;
}

/** The kinds of issue event whose latest one before the cutoff decides an issue's state after it. */
const issueStateKinds = "('issue_status', 'issue_assignment')";

/** The days of collaborations a day's rolling 28-day collaborator and network counts read (see rollingCollaboratorsStatement). */
const rollingWindowDays = 28;

/** What each counted statement of retentionStatements deletes, in the order runCounted returns their counts (null: not counted). */
export const retentionSteps = [null, 'events', 'changes', 'quarantined', 'collaborations'] as const;

/**
 * The statements, to run in one transaction (counting changed rows, see retentionSteps), that
 * delete the raw data ending before `cutoff` (ISO instant): events, their pending change-log
 * entries and quarantined records; and the per-day collaboration rows (who with whom, the one
 * derived table naming colleagues) older than the 28 days before the cutoff that the rolling
 * counts of days still rebuilt can read. Then the retention horizon moves (never backwards).
 * "Raw" means per-event and per-record data; the per-person-day and per-week features and
 * baselines derived from it are kept, as the 8-week baselines and the releases need them.
 *
 * An issue still in progress at the cutoff keeps its latest status and assignment events before
 * it: the in-progress periods of later days are read from the issue's whole event history, so
 * without them a recompute of a recent day would lose the issue (nothing else older is kept).
 *
 * The deletions are deliberately not logged to `event_changes`: the log tells the incremental
 * recompute which person-days to rebuild, and rebuilding a day whose events retention removed
 * would turn its stored features into zeros. Days before the horizon (plus the recompute's
 * look-back) are frozen as computed; see dirtyPersonDaysStatement.
 */
export function retentionStatements(cutoff: string): SqlStatement[] {
  const params = { cutoff };
  return [
    {
      sql: `CREATE OR REPLACE TEMP TABLE retained_issue_state AS
        WITH latest AS (
          SELECT source, source_event_id, conversation, kind, state,
            row_number() OVER (PARTITION BY conversation, kind ORDER BY start_at DESC, source DESC, source_event_id DESC) AS rank
          FROM events
          WHERE kind IN ${issueStateKinds} AND conversation IS NOT NULL AND end_at < $cutoff::TIMESTAMPTZ
        )
        SELECT source, source_event_id FROM latest
        WHERE rank = 1 AND conversation IN (SELECT conversation FROM latest WHERE kind = 'issue_status' AND rank = 1 AND state = 'in_progress')`,
      params,
    },
    {
      sql: `DELETE FROM events e WHERE e.end_at < $cutoff::TIMESTAMPTZ
        AND NOT EXISTS (SELECT 1 FROM retained_issue_state k WHERE k.source = e.source AND k.source_event_id = e.source_event_id)`,
      params,
    },
    { sql: 'DELETE FROM event_changes WHERE end_at < $cutoff::TIMESTAMPTZ', params },
    { sql: 'DELETE FROM quarantine WHERE quarantined_at < $cutoff::TIMESTAMPTZ', params },
    { sql: `DELETE FROM person_day_collaborations WHERE day < timezone('UTC', $cutoff::TIMESTAMPTZ)::DATE - ${rollingWindowDays}`, params },
    { sql: 'DROP TABLE retained_issue_state' },
    {
      sql: `CREATE OR REPLACE TEMP TABLE next_horizon AS
        SELECT greatest(coalesce(max(events_kept_from), $cutoff::TIMESTAMPTZ), $cutoff::TIMESTAMPTZ) AS events_kept_from FROM retention_horizon`,
      params,
    },
    { sql: 'DELETE FROM retention_horizon' },
    { sql: 'INSERT INTO retention_horizon SELECT events_kept_from FROM next_horizon' },
    { sql: 'DROP TABLE next_horizon' },
  ];
}

/**
 * The people to erase as leavers: those no directory has listed since `listedSince` (ISO
 * instant). Only while some directory has listed someone since then: when every directory
 * failed or was disconnected for the whole grace period, nobody is taken for a leaver.
 */
export function leaversQuery(listedSince: string): SqlStatement {
  return {
    sql: `SELECT pseudonym FROM people
      WHERE last_listed_at < $since::TIMESTAMPTZ AND EXISTS (SELECT 1 FROM people WHERE last_listed_at >= $since::TIMESTAMPTZ)
      ORDER BY pseudonym`,
    params: { since: listedSince },
  };
}

/** Records that a directory listed these people (pseudonyms) at `at` (ISO instant, the run's nominal time). */
export function markListedStatement(pseudonyms: readonly string[], at: string): SqlStatement {
  return {
    sql: `UPDATE people SET last_listed_at = greatest(coalesce(last_listed_at, $at::TIMESTAMPTZ), $at::TIMESTAMPTZ)
      WHERE pseudonym IN (SELECT unnest(from_json($pseudonyms, '["VARCHAR"]')))`,
    params: { at, pseudonyms: JSON.stringify(pseudonyms) },
  };
}
