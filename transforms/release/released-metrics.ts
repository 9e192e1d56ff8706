/** A nudge threshold a released metric is compared with: the share of contributors beyond it is released too. */
export interface NudgeThreshold {
  /** 'above' counts values greater than `value`, 'below' values smaller than it. */
  direction: 'above' | 'below';
  value: number;
  /** The nudge of privacy-and-signals.md the threshold comes from. */
  signal: string;
}

/** One per-person weekly feature released as group aggregates. */
export interface ReleasedMetric {
  /** Its `person_week_features` column; the released cells carry it as `metric`. */
  column: string;
  /** Values are clipped to [0, clip] before noise is added, which bounds one person's effect (the noise's sensitivity). */
  clip: number;
  threshold?: NudgeThreshold;
}

/**
 * The `person_week_features` columns released as group aggregates: the one list to extend when
 * features grow. Thresholds are the weekly nudge triggers of privacy-and-signals.md.
 */
export const releasedMetrics: readonly ReleasedMetric[] = [
  { column: 'after_hours_minutes', clip: 3000, threshold: { direction: 'above', value: 180, signal: 'after-hours load: more than 3 h in a week' } },
  { column: 'non_working_day_minutes', clip: 3000 },
  { column: 'mean_workday_span_minutes', clip: 1440, threshold: { direction: 'above', value: 660, signal: 'long days: span over 11 h' } },
  { column: 'distinct_collaborators', clip: 500 },
  { column: 'messages_sent', clip: 5000 },
];
