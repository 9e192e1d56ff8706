/**
 * SQL selecting each event as seen by each known person it involves (its actor and its
 * counterparts who are in `people`): `person`, that person's local time `local_at` and working
 * hours, with the event's `kind`, `actor` and `counterparts`. Only events that can fall on a
 * local day in [from, to) in some time zone are read: those starting within one day either side
 * of the range in UTC (UTC offsets stay within ±14 h). `from` and `to` are SQL expressions for DATEs.
 * Each local time is computed once per event and person, as time-zone conversion dominates the cost.
 */
export function localEventsSql(from: string, to: string): string {
  return `SELECT e.kind, e.actor, e.counterparts, p.pseudonym AS person,
      timezone(p.time_zone, e.start_at) AS local_at,
      p.work_days, p.work_start_minute, p.work_end_minute
    FROM events e
    CROSS JOIN unnest(list_distinct(list_prepend(e.actor, e.counterparts))) AS involved(person)
    JOIN people p ON p.pseudonym = involved.person
    WHERE e.start_at >= timezone('UTC', ${from}::DATE - INTERVAL 1 DAY)
      AND e.start_at < timezone('UTC', ${to}::DATE + INTERVAL 1 DAY)`;
}
