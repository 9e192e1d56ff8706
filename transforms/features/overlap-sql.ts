/** SQL for the length of the overlap of the intervals [s1, e1) and [s2, e2) (numbers, e.g. epoch milliseconds), 0 when they don't meet. */
export function overlapSql(s1: string, e1: string, s2: string, e2: string): string {
  return `greatest(0, least(${e1}, ${e2}) - greatest(${s1}, ${s2}))`;
}
