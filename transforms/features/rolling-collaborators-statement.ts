import type { SqlStatement } from '../../models/sql-statement.ts';
import { featureWorkTables } from './feature-work-tables.ts';

/**
 * Fills the rolling columns of `person_day_features` from `person_day_collaborations`, for every
 * row whose 28-day window holds a dirty day (the dirty day and the 27 days after it):
 * collaborators_7d and collaborators_28d are the distinct people collaborated with in the 7 and
 * 28 local days ending that day; network_size_28d those among them with at least 2 meaningful interactions.
 *
 * Rather than gather 28 days of edges for every day, each (person, other) pair is turned into
 * the day ranges on which it counts, which never overlap: an edge counts from its day until 28
 * (or 7) days later or the pair's next edge, whichever comes first, and the pair is in the
 * network while the meaningful interactions of its last 28 days add up to 2 or more. A running
 * sum of the ranges' starts (+1) and ends (−1) over the person's days then gives each column; a
 * day reads the sum at its own or the latest earlier change.
 */
export function rollingCollaboratorsStatement(): SqlStatement {
  return {
    sql: `UPDATE person_day_features AS f
      SET collaborators_7d = r.recent, collaborators_28d = r.collaborators, network_size_28d = r.network
      FROM (
        WITH targets AS (
          SELECT DISTINCT f.person, f.day
          FROM person_day_features f
          JOIN ${featureWorkTables.dirtyDays} d ON f.person = d.person AND f.day >= d.day AND f.day <= d.day + 27
        ),
        edges AS (
          SELECT c.person, c.other, c.day, c.meaningful_interactions AS meaningful,
            lead(c.day) OVER (PARTITION BY c.person, c.other ORDER BY c.day) AS next_day
          FROM person_day_collaborations c
          SEMI JOIN (SELECT DISTINCT person FROM targets) t ON t.person = c.person
          WHERE c.day > (SELECT min(day) - 28 FROM targets)
        ),
        network_changes AS (
          SELECT person, other, from_day, sum(delta) AS delta
          FROM (
            SELECT person, other, day AS from_day, meaningful AS delta FROM edges WHERE meaningful > 0
            UNION ALL SELECT person, other, day + 28, -meaningful FROM edges WHERE meaningful > 0
          )
          GROUP BY person, other, from_day
        ),
        network_levels AS (
          SELECT person, from_day, lead(from_day) OVER (PARTITION BY person, other ORDER BY from_day) AS to_day,
            sum(delta) OVER (PARTITION BY person, other ORDER BY from_day ROWS UNBOUNDED PRECEDING) AS level
          FROM network_changes
        ),
        changes AS (
          SELECT person, day, sum(collaborators) AS collaborators, sum(recent) AS recent, sum(network) AS network
          FROM (
            SELECT person, day, 1 AS collaborators, 1 AS recent, 0 AS network FROM edges
            UNION ALL SELECT person, CASE WHEN next_day < day + 28 THEN next_day ELSE day + 28 END, -1, 0, 0 FROM edges
            UNION ALL SELECT person, CASE WHEN next_day < day + 7 THEN next_day ELSE day + 7 END, 0, -1, 0 FROM edges
            UNION ALL SELECT person, from_day, 0, 0, 1 FROM network_levels WHERE level >= 2
            UNION ALL SELECT person, to_day, 0, 0, -1 FROM network_levels WHERE level >= 2
          )
          GROUP BY person, day
        ),
        running AS (
          SELECT person, day, sum(collaborators) OVER person_days AS collaborators, sum(recent) OVER person_days AS recent,
            sum(network) OVER person_days AS network
          FROM changes
          WINDOW person_days AS (PARTITION BY person ORDER BY day ROWS UNBOUNDED PRECEDING)
        )
        SELECT t.person, t.day, coalesce(x.recent, 0) AS recent, coalesce(x.collaborators, 0) AS collaborators,
          coalesce(x.network, 0) AS network
        FROM targets t ASOF LEFT JOIN running x ON x.person = t.person AND t.day >= x.day
      ) r
      WHERE f.person = r.person AND f.day = r.day`,
  };
}
