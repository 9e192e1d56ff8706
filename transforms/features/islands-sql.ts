/**
 * SQL merging the time intervals `(s, e)` (epoch milliseconds) of `source` into islands, per
 * `keys`: an interval joins the island before it when it starts less than `mergeGapMs` after that
 * island's end so far (1 merges overlapping and touching intervals; 600000 chains intervals with
 * gaps under ten minutes). Yields the keys, the island's `s` and `e`, `members` (the sum of the
 * `members` expression over its intervals: their count by default) and `covered` (the sum of the
 * intervals' lengths, which is the covered time when the intervals are disjoint).
 */
export function islandsSql(source: string, keys: readonly string[], mergeGapMs: number, members = '1'): string {
  const by = keys.join(', ');
  return `SELECT ${by}, min(s) AS s, max(e) AS e, sum(${members}) AS members, sum(e - s) AS covered
    FROM (
      SELECT *, sum(CASE WHEN s - previous_end < ${mergeGapMs} THEN 0 ELSE 1 END)
          OVER (PARTITION BY ${by} ORDER BY s, e ROWS UNBOUNDED PRECEDING) AS island
      FROM (
        SELECT *, max(e) OVER (PARTITION BY ${by} ORDER BY s, e ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS previous_end
        FROM (${source})
      )
    )
    GROUP BY ${by}, island`;
}
