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
 * A meeting's attendee lists are read once per meeting, from the meeting-lists table (the
 * distinct lists of its copies not declined: those the person-events table was made from) or, for
 * a copy without a conversation, from the copy itself (of the reachable events with `onlyDirtyDays`);
 * a person takes every list of a meeting they attend that names them, and unnests it. A meeting of n people held in all n calendars
 * yields n² edges, never n³: the person-events table holds n² rows of it and used to carry the
 * list on each (a department's all-hands of a few hundred people took gigabytes).
 */
export function personDayCollaborationsStatement({ onlyDirtyDays }: { onlyDirtyDays: boolean }): SqlStatement {
  const { personEvents, dayFrames, meetingAbsences, meetingLists } = featureWorkTables;
  const startingToday = `${personEvents} pe JOIN ${dayFrames} f ON f.person = pe.person AND f.day = pe.day
        WHERE pe.kind <> 'out_of_office' AND pe.start_ms >= f.day_start_ms`;
  // A meeting's copies share (source, conversation, start); a copy without a conversation is a meeting of its own (lone_copy).
  const sameMeeting = (x: string, y: string) =>
    `${x}.source = ${y}.source AND ${x}.conversation IS NOT DISTINCT FROM ${y}.conversation AND ${x}.lone_copy IS NOT DISTINCT FROM ${y}.lone_copy AND ${x}.start_ms = ${y}.start_ms`;
  const loneCopy = (e: string) => `CASE WHEN ${e}.conversation IS NULL THEN ${e}.source_event_id END`;
  return {
    sql: `INSERT INTO person_day_collaborations (person, day, other, interactions, meaningful_interactions)
      WITH attended AS (
        SELECT DISTINCT pe.person, pe.day, pe.source, pe.conversation, ${loneCopy('pe')} AS lone_copy, pe.start_ms
        FROM ${startingToday} AND pe.kind = 'meeting'
      ),
      meeting_copies AS (
        SELECT source, conversation, NULL::VARCHAR AS lone_copy, epoch_ms(start_at) AS start_ms, people AS attendees, min_size
        FROM ${meetingLists}
        UNION ALL
        SELECT source, conversation, source_event_id, epoch_ms(start_at), list_sort(list_prepend(actor, counterparts)), coalesce(size, len(counterparts) + 1)
        FROM ${reachableEventsSql({ onlyDirtyDays })}
        WHERE kind = 'meeting' AND conversation IS NULL AND response IS DISTINCT FROM 'declined'
      ),
      meeting_lists AS (
        SELECT DISTINCT e.source, e.conversation, e.lone_copy, e.start_ms, e.attendees,
          hash('meeting', coalesce(e.conversation, e.lone_copy), e.start_ms) AS interaction, e.min_size <= 5 AS meaningful
        FROM meeting_copies e
        SEMI JOIN attended a ON ${sameMeeting('a', 'e')}
      ),
      meeting_edges AS (
        SELECT m.person, m.day, m.interaction, m.meaningful, m.other
        FROM (
          SELECT a.person, a.day, l.source, l.conversation, l.start_ms, l.interaction, l.meaningful, unnest(l.attendees) AS other
          FROM attended a
          JOIN meeting_lists l ON ${sameMeeting('l', 'a')} AND list_contains(l.attendees, a.person)
        ) m
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
  };
}
