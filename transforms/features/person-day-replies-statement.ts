import type { SqlStatement } from '../../models/sql-statement.ts';
import { featureWorkTables } from './feature-work-tables.ts';

/** How far back a thread reply looks for the message it answers. */
const replyLookbackDays = 7;

/**
 * Inserts into `person_day_replies` the reply latencies of the dirty person-days. A thread reply
 * answers the latest earlier message of its conversation (for Slack, the thread itself: parent
 * or reply; Teams replies share their chat), if someone else wrote it within the last 7 days;
 * its latency is the time between the two. A reply following the person's own message
 * continues their turn and has no latency.
 */
export function personDayRepliesStatement(): SqlStatement {
  const dirty = featureWorkTables.dirtyDays;
  return {
    sql: `INSERT INTO person_day_replies (person, day, latency_seconds)
      WITH thread_messages AS (
        SELECT source, source_event_id, actor, start_at,
          lag(start_at) OVER turn AS previous_at, lag(actor) OVER turn AS previous_actor
        FROM events
        WHERE is_thread AND kind IN ('message', 'thread_reply') AND conversation IS NOT NULL
          AND start_at >= (SELECT timezone('UTC', min(day) - INTERVAL ${replyLookbackDays + 1} DAY) FROM ${dirty})
          AND start_at < (SELECT timezone('UTC', max(day) + INTERVAL 2 DAY) FROM ${dirty})
        WINDOW turn AS (PARTITION BY conversation ORDER BY start_at, source, source_event_id)
      )
      SELECT pe.person, pe.day, (epoch_ms(t.start_at) - epoch_ms(t.previous_at)) / 1000.0
      FROM ${featureWorkTables.personEvents} pe
      JOIN thread_messages t ON t.source = pe.source AND t.source_event_id = pe.source_event_id
      WHERE pe.kind = 'thread_reply' AND pe.person = pe.actor
        AND t.previous_actor <> t.actor AND t.previous_at >= t.start_at - INTERVAL ${replyLookbackDays} DAY`,
  };
}
