import type { SqlStatement } from '../../models/sql-statement.ts';
import { featureWorkTables } from './feature-work-tables.ts';

/**
 * Fills the rolling columns of `person_day_features` from `person_day_collaborations`, for every
 * row whose 28-day window holds a dirty day (the dirty day and the 27 days after it):
 * collaborators_7d and collaborators_28d are the distinct people collaborated with in the 7 and
 * 28 local days ending that day; network_size_28d those among them with at least 2 meaningful interactions.
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
        pairs AS (
          SELECT t.person, t.day, c.other, bool_or(c.day > t.day - 7) AS recent, sum(c.meaningful_interactions) AS meaningful
          FROM targets t
          JOIN person_day_collaborations c ON c.person = t.person AND c.day > t.day - 28 AND c.day <= t.day
          GROUP BY t.person, t.day, c.other
        )
        SELECT t.person, t.day,
          count(p.other) FILTER (WHERE p.recent) AS recent,
          count(p.other) AS collaborators,
          count(p.other) FILTER (WHERE p.meaningful >= 2) AS network
        FROM targets t LEFT JOIN pairs p ON p.person = t.person AND p.day = t.day
        GROUP BY t.person, t.day
      ) r
      WHERE f.person = r.person AND f.day = r.day`,
  };
}
