/**
 * Names of the temporary tables one feature recompute builds and drops inside its transaction:
 * each person's time-zone periods, UTC offsets per zone and day, the person-days to recompute, their local day frames, who does not
 * take part in the meetings that list them, the events each person is involved in on those days,
 * and the weeks to recompute.
 */
export const featureWorkTables = {
  zonePeriods: 'feature_zone_periods',
  dirtyDays: 'feature_dirty_days',
  dayFrames: 'feature_day_frames',
  meetingAbsences: 'feature_meeting_absences',
  personEvents: 'feature_person_events',
  dirtyWeeks: 'feature_dirty_weeks',
  zoneOffsets: 'feature_zone_offsets',
} as const;

/** One part of a recompute: the people whose hash falls in bucket `index` of `count`. */
export interface RecomputeBatch {
  index: number;
  count: number;
}

/**
 * How many parts a recompute of `events` events (changed ones, or all for a full recompute) among
 * `people` people goes in: about 250,000 events a part, which keeps a first run of thousands of
 * people within DuckDB's memory limit (at 1 GiB, one part of 4.4 M events ran out of memory), and
 * at least 50 people a part.
 */
export function recomputeBatches({ people, events }: { people: number; events: number }): number {
  return Math.max(1, Math.min(Math.ceil(people / 50), Math.ceil(events / 250_000)));
}

/** SQL true for the people of `column` in `batch`. */
export function inBatchSql(column: string, { index, count }: RecomputeBatch): string {
  return count === 1 ? 'true' : `hash(${column}) % ${count} = ${index}`;
}
