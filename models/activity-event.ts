import { z } from 'zod';
import { Pseudonym } from './pseudonym.ts';
import { Source } from './source.ts';

/**
 * What kind of activity an event records.
 * - chat (Slack, Teams): message, thread_reply, reaction
 * - calendars (Google, Microsoft): meeting, all_day_event, out_of_office, focus_block
 * - issues (Jira): issue_status, issue_assignment, worklog, issue_comment
 */
export const ActivityKind = z.enum([
  'message',
  'thread_reply',
  'reaction',
  'meeting',
  'all_day_event',
  'out_of_office',
  'focus_block',
  'issue_status',
  'issue_assignment',
  'worklog',
  'issue_comment',
]);
/** What kind of activity an event records. */
export type ActivityKind = z.infer<typeof ActivityKind>;

/** The actor's own answer to a calendar event; `organizer` when they organise it. */
export const MeetingResponse = z.enum(['organizer', 'accepted', 'tentative', 'declined', 'needs_action']);
/** The actor's own answer to a calendar event. */
export type MeetingResponse = z.infer<typeof MeetingResponse>;

/** The status category of an issue: Jira's new / indeterminate / done. */
export const IssueState = z.enum(['todo', 'in_progress', 'done']);
/** The status category of an issue. */
export type IssueState = z.infer<typeof IssueState>;

/**
 * One unit of metadata-only activity: who, with whom, when, where (pseudonymous), how big.
 * There is no field for content, and parsing through this schema drops any that is passed in.
 */
export const ActivityEvent = z.object({
  source: Source,
  kind: ActivityKind,
  /** Keyed hash of the source's own event id: stable across reruns, unique per source. */
  sourceEventId: z.string().min(1),
  actor: Pseudonym,
  counterparts: z.array(Pseudonym),
  start: z.date(),
  end: z.date(),
  /** Where it happened: the channel or chat (for a Slack thread's messages, the thread), the meeting (shared by all its calendar copies), the issue. */
  conversation: Pseudonym.nullable(),
  isThread: z.boolean(),
  /** How many people the activity reaches (conversation members, attendees), when known. */
  size: z.number().int().nonnegative().nullable(),
  /** Calendar events: the actor's own answer. Null otherwise. */
  response: MeetingResponse.nullable().default(null),
  /** Calendar events: whether it has a video call (Meet, Teams). Null when unknown or not a meeting. */
  online: z.boolean().nullable().default(null),
  /** issue_status: the issue's status category after the change. Null otherwise. */
  state: IssueState.nullable().default(null),
});
/** One unit of metadata-only activity. */
export type ActivityEvent = z.infer<typeof ActivityEvent>;
