/**
 * SQL merging the time intervals `(s, e)` (epoch milliseconds) of `source` into islands, per
 * `keys`: an interval joins the island before it when it starts less than `mergeGapMs` after that
 * island's end so far (1 merges overlapping and touching intervals; 600000 chains intervals with
 * gaps under ten minutes). Yields the keys, the island's `s` and `e`, `members` (the sum of the
 * `members` expression over its intervals: their count by default) and `covered` (the sum of the
 * intervals' lengths, which is the covered time when the intervals are disjoint).
 *
 * Intervals that start together always share an island, so they are first folded into one row
 * per start (`starts`); the windows then order by a key unique in their partition and give the
 * same islands on every run, however ties among equal intervals would be ordered.
 */
export function islandsSql(source: string, keys: readonly string[], mergeGapMs: number, members = '1'): string {
  const by = keys.join(', ');
  return `WITH starts AS (
      SELECT ${by}, s, max(e) AS reach, sum(${members}) AS start_members, sum(e - s) AS start_covered
      FROM (${source})
      GROUP BY ${by}, s
    ),
    openings AS (
      SELECT *, CASE WHEN s - max(reach) OVER (PARTITION BY ${by} ORDER BY s ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) < ${mergeGapMs}
          THEN 0 ELSE 1 END AS opens
      FROM starts
    ),
    numbered AS (
      SELECT *, sum(opens) OVER (PARTITION BY ${by} ORDER BY s ROWS UNBOUNDED PRECEDING) AS island
      FROM openings
    )
    SELECT ${by}, min(s) AS s, max(reach) AS e, sum(start_members) AS members, sum(start_covered) AS covered
    FROM numbered
    GROUP BY ${by}, island`;
}
