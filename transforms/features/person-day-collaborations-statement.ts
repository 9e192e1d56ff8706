import type { SqlStatement } from '../../models/sql-statement.ts';
import { featureWorkTables } from './feature-work-tables.ts';

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
 * The copies of a meeting that list the same attendees give a person the same edges, so they are
 * folded into one before their attendees are unnested: a meeting of n people held in all n
 * calendars yields n² rows, not n³. Sorting the list is enough to compare copies (a person listed
 * twice gives the same edges twice, one interaction); making it distinct as well doubled the cost.
 */
export function personDayCollaborationsStatement(): SqlStatement {
  const { personEvents, dayFrames, meetingAbsences } = featureWorkTables;
  const startingToday = `${personEvents} pe JOIN ${dayFrames} f ON f.person = pe.person AND f.day = pe.day
        WHERE pe.kind <> 'out_of_office' AND pe.start_ms >= f.day_start_ms`;
  return {
    sql: `INSERT INTO person_day_collaborations (person, day, other, interactions, meaningful_interactions)
      WITH meeting_edges AS (
        SELECT m.person, m.day, m.interaction, m.meaningful, m.other
        FROM (
          SELECT *, unnest(attendees) AS other
          FROM (
            SELECT DISTINCT pe.person, pe.day, pe.source, pe.conversation, pe.start_ms,
              list_sort(list_prepend(pe.actor, pe.counterparts)) AS attendees,
              hash('meeting', coalesce(pe.conversation, pe.source_event_id), pe.start_ms) AS interaction,
              coalesce(pe.size, pe.counterpart_count + 1) <= 5 AS meaningful
            FROM ${startingToday} AND pe.kind = 'meeting'
          )
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
