import type { SqlStatement } from '../../models/sql-statement.ts';
import { featureWorkTables } from './feature-work-tables.ts';
import { dayNumberDateSql } from './day-number-date-sql.ts';
import { localDaysSql } from './local-days-sql.ts';
import { zoneOffsetSql } from './zone-offset-sql.ts';
import { inZonePeriodSql } from './zone-periods-statement.ts';

/**
 * How many days before a day its recompute reads events from: one for the widest time-zone
 * offset, one for a day's reach across UTC midnight, and seven for a thread reply's look-back
 * (see personDayRepliesStatement). A day this close after the retention horizon is not rebuilt.
 */
export const featureLookbackDays = 9;

/** Kinds whose events move an issue's status or assignee. */
const issueKinds = "('issue_status', 'issue_assignment')";

/**
 * Creates the temporary table of the person-days an incremental recompute must rebuild (after
 * the zone-offsets table), from
 * what changed since the last compute: the events logged in `event_changes` (new, changed and
 * removed versions), the people whose working hours changed (compared with the `feature_people`
 * snapshot), and the people who moved: whose zone history changed (compared with
 * `feature_time_zones`; from the day before the first change on, so a move leaves the days before
 * it alone), and everyone who appeared (not in `feature_people`: from 1970, also when their zone
 * was already in `feature_time_zones`, as private migration 9 left it for people added since the
 * last compute). All events involving a moved person from then on count as changed, so a
 * newcomer's days and their colleagues' collaborator counts are built. (People leave `people`
 * only by erasure, which logs their events as changed: see erasureStatements.)
 * Dirty are: every local day a changed event touches for each known person it involves (for a
 * changed meeting, everyone any copy of that instance lists, as one copy decides another's
 * attendance: see meetingAbsencesStatement); for a
 * changed issue event, the existing rows, from the day before it onwards, of everyone that issue
 * involves (its in-progress periods may shift); for a changed thread message, the days of the
 * thread replies in the same conversation within the next 7 days (their reply latency may
 * change); and every existing row of a changed person (working hours frame only their own days,
 * so their events are not read), or of a moved one from the day before the move (their days may shift).
 * Days before the retention horizon plus featureLookbackDays are never dirty: retention deleted
 * (some of) the events they were computed from, so their stored features stay as computed.
 * A changed event's people are unnested and kept once per (person, start, end), all that decides
 * the days it touches; the issue and thread rules read the changed issue and thread events once per
 * distinct (kind, start, conversation, is_thread, people list). An event is found involving moved people once,
 * by row id, however many of them it lists. (Joined per person with each copy's list, a first run,
 * where everyone is changed and moved, made n³ rows of a meeting held in n calendars: 40 GB of
 * spill at 2,000 people; grouped as whole lists, the first run of 10,000 people, 14.0 M events
 * naming 133 M, ran out of memory at 512 MiB; this way it takes 80 to 110 s and spills up to 12 GB.)
 */
export function dirtyPersonDaysStatement(): SqlStatement {
  const changeColumns = 'kind, actor, counterparts, start_at, end_at, conversation, is_thread';
  const changed = zoneOffsetSql('o', 'p.zone', 'epoch_ms(c.start_at)');
  const reply = zoneOffsetSql('o', 'p.zone', 'epoch_ms(r.start_at)');
  const personColumns = 'pseudonym, work_days, work_start_minute, work_end_minute';
  const periods = featureWorkTables.zonePeriods;
  return {
    sql: `CREATE OR REPLACE TEMP TABLE ${featureWorkTables.dirtyDays} AS
      WITH changed_people AS (
        SELECT pseudonym FROM (SELECT ${personColumns} FROM people EXCEPT SELECT ${personColumns} FROM feature_people)
        UNION
        SELECT pseudonym FROM (SELECT ${personColumns} FROM feature_people EXCEPT SELECT ${personColumns} FROM people)
      ),
      moved_people AS (
        SELECT pseudonym, min(effective_from)::DATE - 1 AS since
        FROM (
          (SELECT * FROM person_time_zones EXCEPT SELECT * FROM feature_time_zones)
          UNION ALL
          (SELECT * FROM feature_time_zones EXCEPT SELECT * FROM person_time_zones)
          UNION ALL
          SELECT pseudonym, TIMESTAMPTZ '1970-01-01 00:00:00+00', time_zone FROM people ANTI JOIN feature_people USING (pseudonym)
        )
        GROUP BY pseudonym
      ),
      involving AS MATERIALIZED (
        SELECT DISTINCT x.event_row FROM (
          SELECT rowid AS event_row, end_at, unnest(list_prepend(actor, counterparts)) AS person FROM events
          WHERE EXISTS (SELECT 1 FROM moved_people)
        ) x
        JOIN moved_people m ON m.pseudonym = x.person AND x.end_at >= m.since
      ),
      changed_versions AS NOT MATERIALIZED (
        SELECT ${changeColumns} FROM event_changes
        UNION ALL
        SELECT ${changeColumns} FROM events e
        SEMI JOIN (SELECT DISTINCT conversation, start_at FROM event_changes WHERE kind = 'meeting') m
          ON m.conversation = e.conversation AND m.start_at = e.start_at
        WHERE e.kind = 'meeting'
        UNION ALL
        SELECT ${changeColumns} FROM events WHERE rowid IN (SELECT event_row FROM involving)
      ),
      changed_events AS MATERIALIZED (
        SELECT DISTINCT kind, start_at, conversation, is_thread, list_distinct(list_prepend(actor, counterparts)) AS people
        FROM changed_versions WHERE (kind IN ${issueKinds} OR (is_thread AND kind IN ('message', 'thread_reply'))) AND conversation IS NOT NULL
      ),
      touched AS (
        SELECT person, ${dayNumberDateSql('day_number')} AS day
        FROM (
          SELECT p.person, ${localDaysSql('epoch_ms(c.start_at)', 'epoch_ms(c.end_at)', changed.offsetMs)} AS day_number
          FROM (SELECT DISTINCT involved, start_at, end_at FROM (SELECT start_at, end_at, unnest(list_prepend(actor, counterparts)) AS involved FROM changed_versions)) c
          JOIN ${periods} p ON p.person = c.involved AND ${inZonePeriodSql('p', 'epoch_ms(c.start_at)')}
          ${changed.join}
        )
      ),
      changed_issues AS (
        SELECT conversation, min(timezone('UTC', start_at)::DATE) - 1 AS since
        FROM changed_events WHERE kind IN ${issueKinds}
        GROUP BY conversation
      ),
      issue_people AS (
        SELECT person, min(since) AS since
        FROM (
          SELECT conversation, unnest(list_prepend(actor, counterparts)) AS person
          FROM events WHERE kind IN ${issueKinds} AND conversation IN (SELECT conversation FROM changed_issues)
          UNION ALL
          SELECT conversation, unnest(people) FROM changed_events WHERE kind IN ${issueKinds}
        ) JOIN changed_issues USING (conversation)
        GROUP BY person
      ),
      issue_followers AS (
        SELECT f.person, f.day FROM person_day_features f JOIN issue_people i ON f.person = i.person AND f.day >= i.since
      ),
      thread_followers AS (
        SELECT r.actor AS person, ${dayNumberDateSql(`(epoch_ms(r.start_at) + ${reply.offsetMs}) // 86400000`)} AS day
        FROM (
          SELECT DISTINCT conversation, start_at FROM changed_events
          WHERE is_thread AND kind IN ('message', 'thread_reply') AND conversation IS NOT NULL
        ) c
        JOIN events r ON r.conversation = c.conversation AND r.kind = 'thread_reply'
          AND r.start_at > c.start_at AND r.start_at <= c.start_at + INTERVAL 7 DAY
        JOIN ${periods} p ON p.person = r.actor AND ${inZonePeriodSql('p', 'epoch_ms(r.start_at)')}
        ${reply.join}
      ),
      old_rows AS (
        SELECT person, day FROM person_day_features WHERE person IN (SELECT pseudonym FROM changed_people)
        UNION ALL
        SELECT f.person, f.day FROM person_day_features f JOIN moved_people m ON m.pseudonym = f.person AND f.day >= m.since
      )
      SELECT DISTINCT person, day
      FROM (
        SELECT * FROM touched
        UNION ALL SELECT * FROM issue_followers
        UNION ALL SELECT * FROM thread_followers
        UNION ALL SELECT * FROM old_rows
      )
      WHERE day >= (SELECT coalesce(timezone('UTC', max(events_kept_from))::DATE + ${featureLookbackDays}, DATE '0001-01-01') FROM retention_horizon)`,
  };
}
