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
