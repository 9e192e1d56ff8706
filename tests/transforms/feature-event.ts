import type { ActivityEvent, ActivityKind, IssueState, MeetingResponse } from '../../models/activity-event.ts';
import type { Source } from '../../models/source.ts';
import { pseudonymOf } from './activity-fixtures.ts';

/** The source that emits each kind, per the event conventions. */
const sourceOf = (kind: ActivityKind): Source =>
  ['meeting', 'all_day_event', 'out_of_office', 'focus_block'].includes(kind) ? 'google' : kind.startsWith('issue') || kind === 'worklog' ? 'jira' : 'slack';

/**
 * An event of any kind for feature tests, with people and conversations given by readable
 * names and times as UTC ISO strings (`end` defaults to `start`). Calendar events default to
 * the owner's acceptance and a size of the attendees plus the owner.
 */
export function featureEvent(input: {
  id: string;
  kind: ActivityKind;
  actor: string;
  start: string;
  end?: string;
  with?: string[];
  response?: MeetingResponse | null;
  size?: number | null;
  conversation?: string;
  thread?: boolean;
  state?: IssueState | null;
}): ActivityEvent {
  const source = sourceOf(input.kind);
  const others = input.with ?? [];
  const calendar = source === 'google';
  return {
    source,
    kind: input.kind,
    sourceEventId: pseudonymOf(`event:${input.id}`),
    actor: pseudonymOf(input.actor),
    counterparts: others.map(pseudonymOf),
    start: new Date(input.start),
    end: new Date(input.end ?? input.start),
    conversation: pseudonymOf(`conversation:${input.conversation ?? input.id}`),
    isThread: input.thread ?? input.kind === 'thread_reply',
    size: input.size !== undefined ? input.size : calendar ? others.length + 1 : null,
    response: input.response !== undefined ? input.response : calendar ? 'accepted' : null,
    online: null,
    state: input.state ?? null,
  };
}
