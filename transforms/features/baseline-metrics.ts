/**
 * The weekly metrics that get a personal baseline, as the nudge rules need them, by column of
 * `person_week_features` or `person_week_wellbeing` (names are unique across the two). Each
 * gets `<metric>_median` and `<metric>_mad` columns in `person_week_baselines`.
 */
export const baselineMetrics = [
  'after_hours_minutes',
  'off_hours_minutes',
  'long_days',
  'long_chains',
  'focus_minutes',
  'distinct_collaborators',
] as const;
