import type { SqlStatement } from '../../models/sql-statement.ts';

/**
 * Names of the temporary tables one feature recompute builds and drops when it ends (see featureRecomputeSteps):
 * each person's time-zone periods, UTC offsets per zone and day, the person-days to recompute, their local day frames, who does not
 * take part in the meetings that list them, who each distinct attendee list of a meeting names, which of those lists name a person of the part on a meeting they attend, the stored events an incremental recompute may need, the events each person is involved in on those days,
 * the weeks to recompute, and, read by every part, the thread replies' latencies and who held
 * which issue in progress when.
 */
export const featureWorkTables = {
  zonePeriods: 'feature_zone_periods',
  dirtyDays: 'feature_dirty_days',
  dayFrames: 'feature_day_frames',
  meetingAbsences: 'feature_meeting_absences',
  meetingAttendees: 'feature_meeting_attendees',
  attendedLists: 'feature_attended_lists',
  reachableEvents: 'feature_reachable_events',
  personEvents: 'feature_person_events',
  dirtyWeeks: 'feature_dirty_weeks',
  zoneOffsets: 'feature_zone_offsets',
  replyLatencies: 'feature_reply_latencies',
  issuePeriods: 'feature_issue_periods',
} as const;

/** One part of a recompute: the people whose hash falls in bucket `index` of `count`. */
export interface RecomputeBatch {
  index: number;
  count: number;
}

/**
 * How many parts a recompute that reads about `events` events among `people` people, their lists
 * naming `names` people, goes in (see recomputeSizeQuery): about 250,000 events and about 500,000
 * names a part, and at least 50 people a part. The events bound a first run of thousands of people,
 * or late events over weeks (at 1 GiB, one part of 4.4 M events ran out of memory, and so did late
 * events over 30 days among 2,000 people); the names bound the collaborations, as a meeting of n
 * people held in n calendars names n² and links as many pairs (a quarter of the calendars of
 * 10,000 people, 227,000 events naming 11.6 M, ran out of memory at 512 MiB in one part; in the
 * first run of all 10,000, 14.0 M events naming 133 M, a part of 1,000,000 names linked 1.2 M pairs
 * in 491 MiB of hash tables, out of memory at 512 MiB).
 */
export function recomputeBatches({ people, events, names }: { people: number; events: number; names: number }): number {
  return Math.max(1, Math.min(Math.ceil(people / 50), Math.max(Math.ceil(events / 250_000), Math.ceil(names / 500_000))));
}

/**
 * Roughly how much an incremental recompute reads, for recomputeBatches: the people, and the
 * events on the UTC days its changed events start on (a changed event has its people's whole
 * days rebuilt, and those days' events read again), with the people their lists name.
 */
export const recomputeSizeQuery: SqlStatement = {
  sql: `SELECT (SELECT count(*) FROM people)::DOUBLE AS people, count(*)::DOUBLE AS events, coalesce(sum(len(counterparts)), 0)::DOUBLE AS names
      FROM events WHERE epoch_ms(start_at) // 86400000 IN (SELECT DISTINCT epoch_ms(start_at) // 86400000 FROM event_changes)`,
};

/** SQL true for the people of `column` in `batch`. */
export function inBatchSql(column: string, { index, count }: RecomputeBatch): string {
  return count === 1 ? 'true' : `hash(${column}) % ${count} = ${index}`;
}
