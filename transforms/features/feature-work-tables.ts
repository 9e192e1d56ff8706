/**
 * Names of the temporary tables one feature recompute builds and drops inside its transaction:
 * UTC offsets per zone and day, the person-days to recompute, their local day frames, the events each
 * person is involved in on those days, and the weeks to recompute.
 */
export const featureWorkTables = {
  dirtyDays: 'feature_dirty_days',
  dayFrames: 'feature_day_frames',
  personEvents: 'feature_person_events',
  dirtyWeeks: 'feature_dirty_weeks',
  zoneOffsets: 'feature_zone_offsets',
} as const;
