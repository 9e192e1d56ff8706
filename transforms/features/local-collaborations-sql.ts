/**
 * SQL producing `(person, other, day)` from a relation shaped like `localEventsSql`: for every
 * actor→counterpart edge of any event kind (reactions included), one row for the actor and one
 * for the counterpart, each on their own local day, between two different people both known in
 * `people`, for local days in [from, to). `from` and `to` are SQL expressions for DATEs.
 */
export function localCollaborationsSql(localEvents: string, from: string, to: string): string {
  return `SELECT person, other, day
    FROM (
      SELECT person, local_at::DATE AS day,
        unnest(CASE WHEN person = actor THEN counterparts ELSE [actor] END) AS other
      FROM ${localEvents}
    )
    WHERE other <> person
      AND other IN (SELECT pseudonym FROM people)
      AND day >= ${from}::DATE AND day < ${to}::DATE`;
}
