import { z } from 'zod';
import { Pseudonym } from './pseudonym.ts';

const count = z.number().int().nonnegative();
const minutes = z.number().int().nonnegative();

/**
 * One person's wellbeing features for one local day in their own time zone and working hours
 * (a row of `person_day_features`; definitions in docs/features.md).
 */
export const PersonDayFeatures = z.object({
  person: Pseudonym,
  /** Local calendar day, YYYY-MM-DD. */
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  isWorkingDay: z.boolean(),
  /** Out-of-office events cover at least half of the day's working hours. */
  isOutOfOffice: z.boolean(),
  messagesSent: count,
  /** Collaboration time: meetings and 5-minute message slots, overlaps counted once. */
  activeMinutes: minutes,
  /** Collaboration time outside working hours on a working day. */
  afterHoursMinutes: minutes,
  /** Collaboration time on a non-working day. */
  nonWorkingDayMinutes: minutes,
  /** From the first to the end of the last activity (meetings, messages, reactions, issue actions). */
  workdaySpanMinutes: minutes,
  /** People collaborated with that day, in either direction. */
  distinctCollaborators: count,
  collaborators7d: count,
  collaborators28d: count,
  /** People with at least 2 meaningful interactions (meetings of ≤ 5, thread replies, DMs) in the 28 days to this one. */
  networkSize28d: count,
  /** Meetings starting that day. */
  meetingCount: count,
  /** Meeting time that day, each meeting in full (overlaps counted twice; see doubleBookedMinutes). */
  meetingMinutes: minutes,
  /** Meeting time in chains of 2 or more meetings with gaps under 10 minutes. */
  backToBackMinutes: minutes,
  /** The longest such chain, first start to last end. */
  longestChainMinutes: minutes,
  /** Chains of 2 hours or more. */
  longChains: count,
  /** Time covered by two or more meetings the person accepted or organises. */
  doubleBookedMinutes: minutes,
  largeMeetingCount: count,
  largeMeetingMinutes: minutes,
  longMeetingCount: count,
  longMeetingMinutes: minutes,
  /** Free blocks of 2 hours or more inside working hours (working days, not out of office, with some activity). */
  focusMinutes: minutes,
  /** Issues assigned to the person and in progress at some time that day. */
  issuesInProgress: count,
  issueTransitions: count,
  afterHoursIssueTransitions: count,
  worklogMinutes: minutes,
  afterHoursWorklogMinutes: minutes,
  /** Thread replies with a latency. */
  repliesTimed: count,
  medianReplyLatencyMinutes: z.number().nonnegative().nullable(),
});
/** One person's wellbeing features for one local day. */
export type PersonDayFeatures = z.infer<typeof PersonDayFeatures>;
