import type { SqlStatement } from '../../models/sql-statement.ts';
import { featureWorkTables } from './feature-work-tables.ts';

/** How far back a thread reply looks for the message it answers. */
const replyLookbackDays = 7;

/**
 * Creates the temporary table of the thread replies that have a latency, once for a whole
 * recompute (every part reads it): `(source, source_event_id, latency_seconds)`. A thread reply
 * answers the latest earlier message of its conversation (for Slack, the thread itself: parent
 * or reply; Teams replies share their chat), if someone else wrote it within the last 7 days;
 * its latency is the time between the two. A reply following the person's own message
 * continues their turn and has no latency. With `onlyDirtyDays`, only the messages that can
 * reach a dirty day or be answered from one are read (from 8 days before the first dirty day to
 * two days after the last), else all of them.
 */
export function replyLatenciesStatement({ onlyDirtyDays }: { onlyDirtyDays: boolean }): SqlStatement {
  const dirty = featureWorkTables.dirtyDays;
  const window = onlyDirtyDays
    ? `AND start_at >= (SELECT timezone('UTC', min(day) - INTERVAL ${replyLookbackDays + 1} DAY) FROM ${dirty})
          AND start_at < (SELECT timezone('UTC', max(day) + INTERVAL 2 DAY) FROM ${dirty})`
    : '';
  return {
    sql: `CREATE OR REPLACE TEMP TABLE ${featureWorkTables.replyLatencies} AS
      SELECT source, source_event_id, (epoch_ms(start_at) - epoch_ms(previous_at)) / 1000.0 AS latency_seconds
      FROM (
        SELECT source, source_event_id, kind, actor, start_at,
          lag(start_at) OVER turn AS previous_at, lag(actor) OVER turn AS previous_actor
        FROM events
        WHERE is_thread AND kind IN ('message', 'thread_reply') AND conversation IS NOT NULL ${window}
        WINDOW turn AS (PARTITION BY conversation ORDER BY start_at, source, source_event_id)
      )
      WHERE kind = 'thread_reply' AND previous_actor <> actor AND previous_at >= start_at - INTERVAL ${replyLookbackDays} DAY`,
  };
}

/**
 * Inserts into `person_day_replies` the reply latencies (of the reply-latencies table) of the
 * thread replies the person wrote on their dirty days.
 */
export function personDayRepliesStatement(): SqlStatement {
  return {
    sql: `INSERT INTO person_day_replies (person, day, latency_seconds)
      SELECT pe.person, pe.day, t.latency_seconds
      FROM ${featureWorkTables.personEvents} pe
      JOIN ${featureWorkTables.replyLatencies} t ON t.source = pe.source AND t.source_event_id = pe.source_event_id
      WHERE pe.kind = 'thread_reply' AND pe.person = pe.actor`,
  };
}
