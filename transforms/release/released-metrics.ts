import type { ActivityKind } from '../../models/activity-event.ts';
/** A nudge threshold a released metric is compared with: the share of contributors beyond it is released too. */
export interface NudgeThreshold {
  /** 'above' counts values greater than `value`, 'below' values smaller than it. */
  direction: 'above' | 'below';
  value: number;
  /** The nudge of privacy-and-signals.md the threshold comes from. */
  signal: string;
}

/** The kinds of source a person can keep out of team aggregates, one by one (calendar: Google and Microsoft; chat: Slack and Teams; issues: Jira). */
export type SourceKind = 'calendar' | 'chat' | 'issues';

/** One per-person weekly feature released as group aggregates. */
export interface ReleasedMetric {
  /** Its column of `person_week_features` or `person_week_wellbeing`; the released cells carry it as `metric`. */
  column: string;
  /** Values are clipped to [0, clip] before noise is added, which bounds one person's effect (the noise's sensitivity). */
  clip: number;
  threshold?: NudgeThreshold;
  /** The kinds of source its value draws on: a person who keeps any of them out of team aggregates is not counted in it. */
  sources: readonly SourceKind[];
}

/** The event kinds each kind of source records (see ActivityKind): from the first of them on, that kind of source has been read. */
export const eventKindsOf: Readonly<Record<SourceKind, readonly ActivityKind[]>> = {
  chat: ['message', 'thread_reply', 'reaction'],
  calendar: ['meeting', 'all_day_event', 'out_of_office', 'focus_block'],
  issues: ['issue_status', 'issue_assignment', 'worklog', 'issue_comment'],
};

const chatAndCalendar: readonly SourceKind[] = ['calendar', 'chat'];
const everySource: readonly SourceKind[] = ['calendar', 'chat', 'issues'];
const calendar: readonly SourceKind[] = ['calendar'];

/**
 * The weekly per-person features (`person_week_features` and `person_week_wellbeing` columns)
 * released as group aggregates: the one list to extend when features grow. Thresholds are the
 * weekly nudge triggers of privacy-and-signals.md.
 */
export const releasedMetrics: readonly ReleasedMetric[] = [
  { column: 'after_hours_minutes', clip: 3000, sources: chatAndCalendar, threshold: { direction: 'above', value: 180, signal: 'after-hours load: more than 3 h in a week' } },
  { column: 'non_working_day_minutes', clip: 3000, sources: chatAndCalendar },
  { column: 'mean_workday_span_minutes', clip: 1440, sources: everySource, threshold: { direction: 'above', value: 660, signal: 'long days: span over 11 h' } },
  { column: 'distinct_collaborators', clip: 500, sources: everySource },
  { column: 'messages_sent', clip: 5000, sources: ['chat'] },
  { column: 'long_days', clip: 7, sources: everySource, threshold: { direction: 'above', value: 2, signal: 'long days: span over 11 h on 3+ days of a week' } },
  { column: 'meeting_minutes', clip: 3000, sources: calendar },
  { column: 'back_to_back_minutes', clip: 3000, sources: calendar },
  {
    column: 'long_chains',
    clip: 20,
    sources: calendar,
    threshold: { direction: 'above', value: 2, signal: 'back-to-back: a chain of 2 h+ of meetings without a 10-minute break, 3+ times a week' },
  },
  { column: 'focus_minutes', clip: 2400, sources: calendar, threshold: { direction: 'below', value: 600, signal: 'low focus: under 10 h of focus time in a week' } },
  { column: 'network_size', clip: 500, sources: chatAndCalendar },
];
