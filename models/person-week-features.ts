import { z } from 'zod';
import { Pseudonym } from './pseudonym.ts';

const count = z.number().int().nonnegative();
const minutes = z.number().int().nonnegative();
/** A personal baseline of one metric: median and MAD of the person's usual weeks (NULL without any). */
const baseline = z.object({ median: z.number().nullable(), mad: z.number().nonnegative().nullable() });

/**
 * One person's weekly rollup for a local ISO week (Monday to Sunday), with the personal baselines
 * of the 8 weeks before it: the columns of `person_week_features` (which the team release reads),
 * `person_week_wellbeing` and `person_week_baselines` for one (person, week_start); definitions in docs/features.md.
 */
export const PersonWeekFeatures = z.object({
  person: Pseudonym,
  /** The Monday, YYYY-MM-DD. */
  weekStart: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  activeDays: count,
  messagesSent: count,
  afterHoursMinutes: minutes,
  nonWorkingDayMinutes: minutes,
  /** Over working days with some activity; NULL when none. */
  meanWorkdaySpanMinutes: z.number().nonnegative().nullable(),
  /** Distinct over the week, not a sum of days. */
  distinctCollaborators: count,
  workingDaysActive: count,
  outOfOfficeDays: count,
  /** After-hours plus non-working-day minutes. */
  offHoursMinutes: minutes,
  /** Days with a span over 11 hours. */
  longDays: count,
  meetingCount: count,
  meetingMinutes: minutes,
  backToBackMinutes: minutes,
  longChains: count,
  doubleBookedMinutes: minutes,
  largeMeetingCount: count,
  largeMeetingMinutes: minutes,
  longMeetingCount: count,
  longMeetingMinutes: minutes,
  focusMinutes: minutes,
  /** Over the 28 days ending on the week's Sunday. */
  collaborators28d: count,
  networkSize: count,
  meanIssuesInProgress: z.number().nonnegative().nullable(),
  issueTransitions: count,
  afterHoursIssueTransitions: count,
  worklogMinutes: minutes,
  afterHoursWorklogMinutes: minutes,
  repliesTimed: count,
  medianReplyLatencyMinutes: z.number().nonnegative().nullable(),
  /** How many of the 8 weeks before counted towards the baselines. */
  baselineWeeks: count,
  baselines: z.object({
    afterHoursMinutes: baseline,
    offHoursMinutes: baseline,
    longDays: baseline,
    longChains: baseline,
    focusMinutes: baseline,
    distinctCollaborators: baseline,
  }),
});
/** One person's weekly rollup with their baselines. */
export type PersonWeekFeatures = z.infer<typeof PersonWeekFeatures>;
