import type { SqlStatement } from '../../models/sql-statement.ts';
import { featureWorkTables } from './feature-work-tables.ts';
import { reachableEventsSql } from './reachable-events-sql.ts';

/**
 * Inserts into `person_day_collaborations` the collaboration edges of the dirty person-days:
 * for each event on the local day it starts, (person, other) for every other known person it
 * connects them with. A meeting connects all its attendees with each other; any other event
 * connects its actor with each counterpart (reactions and issue hand-overs included), in both
 * directions; nobody is linked through a meeting they do not take part in (the meeting-absences
 * table). `interactions` counts distinct interactions (a meeting once, however many of its
 * attendees' calendars hold it; told apart by a 64-bit hash of their ids); `meaningful_interactions` those that count towards network
 * size: meetings of at most 5 people, thread replies and direct messages.
 *
 * A person takes every distinct attendee list of a meeting they attend that names them (the
 * meeting-attendees table: the lists of its copies not declined, those the person-events table was
 * made from), and is linked with everyone those lists name; a copy without a conversation is a
 * meeting of its own, with its own list (of the reachable events with `onlyDirtyDays`). A meeting of
 * n people held in all n calendars yields n² edges, never n³; lists are joined on the one name
 * they hold per row, never carried whole through a hash table (a part of a 10,000-person first
 * run, whose meetings' lists named up to 2,869 people, ran out of memory at 512 MiB).
 */
export function personDayCollaborationsStatements({ onlyDirtyDays }: { onlyDirtyDays: boolean }): SqlStatement[] {
  const { personEvents, dayFrames, meetingAbsences, meetingAttendees, attendedLists } = featureWorkTables;
  const startingToday = `${personEvents} pe JOIN ${dayFrames} f ON f.person = pe.person AND f.day = pe.day
        WHERE pe.kind <> 'out_of_office' AND pe.start_ms >= f.day_start_ms`;
  return [
    {
      // A table, so that DuckDB knows it holds a few rows and joins the meeting-attendees table to it, not the other way round
      // (built on the meeting-attendees table, a part's hash tables ran out of memory at 512 MiB at 10,000 people).
      sql: `CREATE OR REPLACE TEMP TABLE ${attendedLists} AS
        SELECT DISTINCT a.person, a.day, a.source, a.conversation, a.start_ms, t.list_id, t.min_size
        FROM (SELECT pe.* FROM ${startingToday} AND pe.kind = 'meeting') a
        JOIN ${meetingAttendees} t ON t.source = a.source AND t.conversation = a.conversation AND t.start_ms = a.start_ms AND t.person = a.person`,
    },
    {
      sql: `INSERT INTO person_day_collaborations (person, day, other, interactions, meaningful_interactions)
      WITH lone_copies AS (
        SELECT DISTINCT pe.person, pe.day, pe.source, pe.source_event_id, pe.start_ms
        FROM ${startingToday} AND pe.kind = 'meeting' AND pe.conversation IS NULL
      ),
      meeting_pairs AS (
        SELECT n.person, n.day, n.source, n.conversation, n.start_ms, hash('meeting', n.conversation, n.start_ms) AS interaction,
          n.min_size <= 5 AS meaningful, o.person AS other
        FROM ${attendedLists} n
        JOIN ${meetingAttendees} o ON o.list_id = n.list_id
        UNION ALL
        SELECT a.person, a.day, a.source, NULL, a.start_ms, hash('meeting', a.source_event_id, a.start_ms),
          coalesce(c.size, len(c.counterparts) + 1) <= 5, unnest(list_prepend(c.actor, c.counterparts))
        FROM lone_copies a
        JOIN ${reachableEventsSql({ onlyDirtyDays })} c ON c.source = a.source AND c.source_event_id = a.source_event_id AND epoch_ms(c.start_at) = a.start_ms
        WHERE c.kind = 'meeting' AND c.conversation IS NULL AND c.response IS DISTINCT FROM 'declined'
          AND list_contains(list_prepend(c.actor, c.counterparts), a.person)
      ),
      meeting_edges AS (
        SELECT m.person, m.day, m.interaction, m.meaningful, m.other
        FROM meeting_pairs m
        ANTI JOIN ${meetingAbsences} a
          ON a.source = m.source AND a.conversation = m.conversation AND a.start_ms = m.start_ms AND a.person = m.other
      ),
      other_edges AS (
        SELECT pe.person, pe.day, hash(pe.source, pe.source_event_id) AS interaction,
          CASE pe.kind WHEN 'thread_reply' THEN true WHEN 'message' THEN pe.counterpart_count > 0 ELSE false END AS meaningful,
          unnest(CASE WHEN pe.person = pe.actor THEN pe.counterparts ELSE [pe.actor] END) AS other
        FROM ${startingToday} AND pe.kind <> 'meeting'
      ),
      interactions AS (
        SELECT person, day, other, interaction, bool_or(meaningful) AS meaningful
        FROM (SELECT * FROM meeting_edges UNION ALL SELECT * FROM other_edges)
        WHERE other <> person
        GROUP BY person, day, other, interaction
      )
      SELECT person, day, other, count(*), count(*) FILTER (WHERE meaningful)
      FROM interactions SEMI JOIN people p ON p.pseudonym = interactions.other
      GROUP BY person, day, other`,
    },
  ];
}
