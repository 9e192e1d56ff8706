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
 */
export function personDayCollaborationsStatement(): SqlStatement {
  return {
    sql: `INSERT INTO person_day_collaborations (person, day, other, interactions, meaningful_interactions)
      SELECT person, day, other, count(DISTINCT interaction), count(DISTINCT interaction) FILTER (WHERE meaningful)
      FROM (
        SELECT pe.person, pe.day, pe.kind, pe.source, pe.conversation, pe.start_ms,
          unnest(CASE WHEN pe.kind = 'meeting' THEN list_distinct(list_prepend(pe.actor, pe.counterparts))
            WHEN pe.person = pe.actor THEN pe.counterparts ELSE [pe.actor] END) AS other,
          CASE WHEN pe.kind = 'meeting' THEN hash('meeting', coalesce(pe.conversation, pe.source_event_id), pe.start_ms)
            ELSE hash(pe.source, pe.source_event_id) END AS interaction,
          CASE pe.kind WHEN 'meeting' THEN coalesce(pe.size, len(pe.counterparts) + 1) <= 5
            WHEN 'thread_reply' THEN true
            WHEN 'message' THEN len(pe.counterparts) > 0
            ELSE false END AS meaningful
        FROM ${featureWorkTables.personEvents} pe
        JOIN ${featureWorkTables.dayFrames} f ON f.person = pe.person AND f.day = pe.day
        WHERE pe.kind <> 'out_of_office' AND pe.start_ms >= f.day_start_ms
      ) x
      WHERE other <> person AND other IN (SELECT pseudonym FROM people)
        AND NOT (kind = 'meeting' AND EXISTS (
          SELECT 1 FROM ${featureWorkTables.meetingAbsences} a
          WHERE a.source = x.source AND a.conversation = x.conversation AND a.start_ms = x.start_ms AND a.person = x.other
        ))
      GROUP BY person, day, other`,
  };
}
