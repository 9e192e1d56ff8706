import type { SqlStatement } from '../../models/sql-statement.ts';
import { featureWorkTables } from './feature-work-tables.ts';
import { islandsSql } from './islands-sql.ts';
import { minutesSql as minutes } from './minutes-sql.ts';
import { overlapSql } from './overlap-sql.ts';

/** Meetings of more than this many people (the person included) are large. */
const largeMeetingSize = 8;
/** Meetings longer than this are long. */
const longMeetingMs = 60 * 60_000;
/** Meetings with a gap shorter than this between them form a back-to-back chain. */
const chainGapMs = 10 * 60_000;
/** A back-to-back chain at least this long counts as a long chain; a free block at least this long is focus time. */
const twoHoursMs = 2 * 60 * 60_000;
/** Message activity occupies slots of this length. */
const slotMs = 5 * 60_000;

/**
 * Inserts into `person_day_features` the rows of the dirty person-days, from the person-events
 * and day-frame tables of the recompute and the collaborations and replies it has just rebuilt.
 * All times are instants (epoch ms) cut at the person's local midnights, so a meeting across
 * midnight splits between its days and a DST day is 23 or 25 hours long. Meetings are the
 * person's calendar events with at least one other person (not declined, not all-day, not out
 * of office), each counted once however many calendars hold it. Message activity (messages and
 * thread replies; issue actions for the span) occupies 5-minute slots; reactions occupy none, as
 * they carry the reacted-to message's time, not their own, and count only as collaborations
 * (see docs/features.md). Collaboration time is the union of meetings and those
 * slots, so overlaps count once. A person-day gets a row when the person was active, met or
 * was met, collaborated, logged work or was out of office. The rolling 7- and 28-day columns are
 * written as 0 here and filled in by the rolling-collaborators statement. Focus time counts
 * only on working days, not out of office, on which the person did something themselves: wrote,
 * acted on an issue, logged work, or organised or answered a meeting in their own calendar (an
 * unanswered invitation, or one seen only in someone else's calendar, is not their doing).
 */
export function personDayFeaturesStatement(): SqlStatement {
  const { personEvents, dayFrames } = featureWorkTables;
  // Every step groups, orders and joins by the frame's integer person_day: hashing and sorting a pseudonym and a date
  // for each of the hundreds of thousands of rows of a part cost more than the steps' own work.
  const keys = ['person_day'];
  return {
    sql: `INSERT INTO person_day_features (person, day, is_working_day, is_out_of_office, messages_sent, active_minutes,
        after_hours_minutes, non_working_day_minutes, workday_span_minutes, distinct_collaborators, collaborators_7d,
        collaborators_28d, network_size_28d, meeting_count, meeting_minutes, back_to_back_minutes, longest_chain_minutes,
        long_chains, double_booked_minutes, large_meeting_count, large_meeting_minutes, long_meeting_count, long_meeting_minutes,
        focus_minutes, issues_in_progress, issue_transitions, after_hours_issue_transitions, worklog_minutes,
        after_hours_worklog_minutes, replies_timed, median_reply_latency_minutes)
      WITH frames AS MATERIALIZED (SELECT * FROM ${dayFrames}),
      pe AS MATERIALIZED (
        SELECT f.person_day, pe.kind, pe.actor = pe.person AS own, pe.response, pe.start_ms, pe.end_ms,
          f.work_from_ms, f.work_to_ms, f.is_working_day,
          greatest(pe.start_ms, f.day_start_ms) AS s, least(pe.end_ms, f.day_end_ms) AS e,
          pe.start_ms >= f.day_start_ms AS starts_today,
          pe.kind = 'meeting' AND (pe.person <> pe.actor OR pe.counterpart_count > 0) AS with_others,
          CASE WHEN pe.kind = 'meeting' THEN coalesce(pe.conversation, pe.source || ':' || pe.source_event_id) END AS meeting,
          CASE WHEN pe.kind = 'meeting' THEN coalesce(pe.size, pe.counterpart_count + 1) END AS size
        FROM ${personEvents} pe JOIN frames f ON f.person = pe.person AND f.day = pe.day
        WHERE (pe.end_ms = pe.start_ms OR least(pe.end_ms, f.day_end_ms) > greatest(pe.start_ms, f.day_start_ms))
          AND (pe.kind = 'meeting' OR pe.person = pe.actor
            AND pe.kind IN ('message', 'thread_reply', 'issue_status', 'issue_assignment', 'issue_comment', 'out_of_office', 'worklog'))
      ),
      meetings AS MATERIALIZED (
        SELECT person_day, s, e, bool_or(starts_today) AS starts_today, max(end_ms - start_ms) AS length_ms, max(size) AS size,
          bool_or(own AND response IN ('accepted', 'organizer')) AS accepted
        FROM pe
        WHERE with_others
        GROUP BY person_day, meeting, start_ms, end_ms, s, e
      ),
      slots AS MATERIALIZED (
        SELECT person_day, slot AS s, slot + ${slotMs} AS e, count(*) FILTER (WHERE kind IN ('message', 'thread_reply')) AS messages
        FROM (SELECT *, start_ms // ${slotMs} * ${slotMs} AS slot FROM pe)
        WHERE own AND kind IN ('message', 'thread_reply', 'issue_status', 'issue_assignment', 'issue_comment')
        GROUP BY person_day, slot
      ),
      meeting_blocks AS MATERIALIZED (${islandsSql('SELECT person_day, s, e FROM meetings', keys, 1)}),
      collaboration AS (
        ${islandsSql('SELECT person_day, s, e FROM meeting_blocks UNION ALL SELECT person_day, s, e FROM slots WHERE messages > 0', keys, 1)}
      ),
      collaboration_day AS (
        SELECT c.person_day, sum(c.e - c.s) AS active_ms,
          sum(c.e - c.s) - sum(${overlapSql('c.s', 'c.e', 'f.work_from_ms', 'f.work_to_ms')}) AS outside_ms
        FROM collaboration c JOIN frames f USING (person_day)
        GROUP BY c.person_day
      ),
      slot_day AS (
        SELECT person_day, min(s) AS first_ms, max(e) AS last_ms, sum(messages) AS messages_sent FROM slots GROUP BY person_day
      ),
      meeting_day AS (
        SELECT person_day, min(s) AS first_ms, max(e) AS last_ms,
          count(*) FILTER (WHERE starts_today) AS meeting_count,
          sum(e - s) AS meeting_ms,
          count(*) FILTER (WHERE starts_today AND size > ${largeMeetingSize}) AS large_count,
          sum(e - s) FILTER (WHERE size > ${largeMeetingSize}) AS large_ms,
          count(*) FILTER (WHERE starts_today AND length_ms > ${longMeetingMs}) AS long_count,
          sum(e - s) FILTER (WHERE length_ms > ${longMeetingMs}) AS long_ms
        FROM meetings GROUP BY person_day
      ),
      chains AS (${islandsSql('SELECT person_day, s, e, members FROM meeting_blocks', keys, chainGapMs, 'members')}),
      chain_day AS (
        SELECT person_day,
          sum(covered) FILTER (WHERE members >= 2) AS back_to_back_ms,
          max(e - s) FILTER (WHERE members >= 2) AS longest_chain_ms,
          count(*) FILTER (WHERE members >= 2 AND e - s >= ${twoHoursMs}) AS long_chains
        FROM chains GROUP BY person_day
      ),
      double_booked_day AS (
        SELECT person_day, sum(next_t - t) FILTER (WHERE depth >= 2) AS double_booked_ms
        FROM (
          SELECT person_day, t,
            lead(t) OVER (PARTITION BY person_day ORDER BY t) AS next_t,
            sum(delta) OVER (PARTITION BY person_day ORDER BY t ROWS UNBOUNDED PRECEDING) AS depth
          FROM (
            SELECT person_day, t, sum(delta) AS delta
            FROM (SELECT person_day, s AS t, 1 AS delta FROM meetings WHERE accepted
              UNION ALL SELECT person_day, e, -1 FROM meetings WHERE accepted)
            GROUP BY person_day, t
          )
        )
        GROUP BY person_day
      ),
      out_of_office_day AS (
        SELECT o.person_day, sum(o.e - o.s) * 2 >= any_value(f.work_to_ms - f.work_from_ms) AS is_out_of_office
        FROM (${islandsSql(
          `SELECT person_day, greatest(start_ms, work_from_ms) AS s, least(end_ms, work_to_ms) AS e FROM pe
           WHERE kind = 'out_of_office' AND own AND least(end_ms, work_to_ms) > greatest(start_ms, work_from_ms)`,
          keys,
          1,
        )}) o
        JOIN frames f USING (person_day)
        WHERE f.work_to_ms > f.work_from_ms
        GROUP BY o.person_day
      ),
      busy AS (
        SELECT b.person_day, greatest(b.s, f.work_from_ms) AS s, least(b.e, f.work_to_ms) AS e
        FROM (
          SELECT person_day, s, e FROM meeting_blocks
          UNION ALL SELECT person_day, start_ms, end_ms FROM pe WHERE kind = 'out_of_office' AND own
        ) b
        JOIN frames f USING (person_day)
        WHERE f.is_working_day AND least(b.e, f.work_to_ms) > greatest(b.s, f.work_from_ms)
        UNION ALL SELECT person_day, work_from_ms, work_from_ms FROM frames WHERE is_working_day AND work_to_ms > work_from_ms
        UNION ALL SELECT person_day, work_to_ms, work_to_ms FROM frames WHERE is_working_day AND work_to_ms > work_from_ms
      ),
      focus_day AS (
        SELECT person_day, sum(gap) FILTER (WHERE gap >= ${twoHoursMs}) AS focus_ms
        FROM (
          SELECT person_day, lead(s) OVER (PARTITION BY person_day ORDER BY s) - e AS gap
          FROM (${islandsSql('SELECT person_day, s, e FROM busy', keys, 1)})
        )
        GROUP BY person_day
      ),
      own_day AS (
        SELECT person_day,
          count(*) FILTER (WHERE kind = 'worklog') AS worklogs,
          sum(e - s) FILTER (WHERE kind = 'worklog') AS worklog_ms,
          sum(CASE WHEN is_working_day THEN (e - s) - ${overlapSql('s', 'e', 'work_from_ms', 'work_to_ms')} ELSE e - s END)
            FILTER (WHERE kind = 'worklog') AS worklog_after_hours_ms,
          count(*) FILTER (WHERE kind = 'issue_status') AS transitions,
          count(*) FILTER (WHERE kind = 'issue_status' AND (NOT is_working_day OR start_ms < work_from_ms OR start_ms >= work_to_ms))
            AS transitions_after_hours,
          bool_or(kind = 'worklog' OR kind = 'meeting' AND response IN ('organizer', 'accepted', 'tentative')) AS acted
        FROM pe WHERE own AND kind IN ('worklog', 'issue_status', 'meeting')
        GROUP BY person_day
      ),
      issue_day AS (
        SELECT f.person_day, count(DISTINCT i.issue) AS issues
        FROM frames f
        JOIN ${featureWorkTables.issuePeriods} i ON i.person = f.person AND i.from_ms < f.day_end_ms AND (i.to_ms IS NULL OR i.to_ms > f.day_start_ms)
        GROUP BY f.person_day
      ),
      collaborator_day AS (
        SELECT f.person_day, count(*) AS collaborators
        FROM person_day_collaborations c JOIN frames f ON f.person = c.person AND f.day = c.day
        GROUP BY f.person_day
      ),
      reply_day AS (
        SELECT f.person_day, count(*) AS replies, median(r.latency_seconds) / 60 AS median_minutes
        FROM person_day_replies r JOIN frames f ON f.person = r.person AND f.day = r.day
        GROUP BY f.person_day
      ),
      present AS (
        SELECT person_day FROM slot_day
        UNION SELECT person_day FROM meeting_day
        UNION SELECT person_day FROM collaborator_day
        UNION SELECT person_day FROM own_day WHERE worklogs > 0
        UNION SELECT person_day FROM out_of_office_day WHERE is_out_of_office
      )
      SELECT f.person, f.day, f.is_working_day, coalesce(o.is_out_of_office, false),
        coalesce(sd.messages_sent, 0),
        ${minutes('c.active_ms')},
        CASE WHEN f.is_working_day THEN ${minutes('c.outside_ms')} ELSE 0 END,
        CASE WHEN f.is_working_day THEN 0 ELSE ${minutes('c.active_ms')} END,
        ${minutes('(greatest(sd.last_ms, m.last_ms) - least(sd.first_ms, m.first_ms))')},
        coalesce(cd.collaborators, 0), 0, 0, 0,
        coalesce(m.meeting_count, 0), ${minutes('m.meeting_ms')},
        ${minutes('ch.back_to_back_ms')}, ${minutes('ch.longest_chain_ms')}, coalesce(ch.long_chains, 0),
        ${minutes('db.double_booked_ms')},
        coalesce(m.large_count, 0), ${minutes('m.large_ms')}, coalesce(m.long_count, 0), ${minutes('m.long_ms')},
        CASE WHEN f.is_working_day AND NOT coalesce(o.is_out_of_office, false) AND (sd.person_day IS NOT NULL OR w.acted)
          THEN ${minutes('fd.focus_ms')} ELSE 0 END,
        coalesce(i.issues, 0), coalesce(w.transitions, 0), coalesce(w.transitions_after_hours, 0),
        ${minutes('w.worklog_ms')}, ${minutes('w.worklog_after_hours_ms')},
        coalesce(r.replies, 0), r.median_minutes
      FROM present
      JOIN frames f USING (person_day)
      LEFT JOIN out_of_office_day o USING (person_day)
      LEFT JOIN slot_day sd USING (person_day)
      LEFT JOIN collaboration_day c USING (person_day)
      LEFT JOIN collaborator_day cd USING (person_day)
      LEFT JOIN meeting_day m USING (person_day)
      LEFT JOIN chain_day ch USING (person_day)
      LEFT JOIN double_booked_day db USING (person_day)
      LEFT JOIN focus_day fd USING (person_day)
      LEFT JOIN issue_day i USING (person_day)
      LEFT JOIN own_day w USING (person_day)
      LEFT JOIN reply_day r USING (person_day)`,
  };
}

/**
 * Creates the temporary table of who held which issue in progress when, once for a whole
 * recompute (every part reads it): `(person, issue, from_ms, to_ms)`, from the issue's status
 * and assignee events in order (ties broken by source and id): a period starts at each such
 * event whose latest status so far is in progress and lasts to the next (NULL: still open); its
 * holder is the assignee (the first counterpart), else the actor of a status change (or of an
 * assignment of size 1).
 */
export function issuePeriodsStatement(): SqlStatement {
  return {
    sql: `CREATE OR REPLACE TEMP TABLE ${featureWorkTables.issuePeriods} AS
      SELECT holder AS person, issue, from_ms, to_ms
      FROM (
        SELECT issue, holder, at_ms AS from_ms,
          lead(at_ms) OVER (PARTITION BY issue ORDER BY at_ms, source, source_event_id) AS to_ms,
          last_value(state IGNORE NULLS) OVER (PARTITION BY issue ORDER BY at_ms, source, source_event_id ROWS UNBOUNDED PRECEDING) AS state
        FROM (
          SELECT conversation AS issue, epoch_ms(start_at) AS at_ms, source, source_event_id,
            coalesce(counterparts[1], CASE WHEN kind = 'issue_status' OR size = 1 THEN actor ELSE '' END) AS holder,
            CASE kind WHEN 'issue_status' THEN state END AS state
          FROM events
          WHERE kind IN ('issue_status', 'issue_assignment') AND conversation IS NOT NULL
        )
      )
      WHERE state = 'in_progress' AND holder <> '' AND (to_ms IS NULL OR to_ms > from_ms)`,
  };
}
