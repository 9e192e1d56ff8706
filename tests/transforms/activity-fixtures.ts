import { createHash } from 'node:crypto';
import type { ActivityEvent, ActivityKind } from '../../models/activity-event.ts';
import type { Person } from '../../models/person.ts';
import { defaultWorkingHours } from '../../models/person.ts';

/** A stable test pseudonym (32 lower-case hex characters) for a readable name. */
export function pseudonymOf(name: string): string {
  return createHash('sha256').update(name).digest('hex').slice(0, 32);
}

/** A person with default working hours (09:00–17:00, Monday to Friday) in the given time zone. */
export function person(name: string, timeZone: string): Person {
  return { pseudonym: pseudonymOf(name), timeZone, ...defaultWorkingHours, workDays: [...defaultWorkingHours.workDays], identityResolved: true, timeZoneKnown: true, workingHoursKnown: false };
}

/** A Slack event by `actor` at the UTC instant `at`, towards `counterparts` (names). */
export function event(id: string, kind: ActivityKind, actor: string, at: string, counterparts: string[] = []): ActivityEvent {
  return {
    source: 'slack',
    kind,
    sourceEventId: pseudonymOf(`event:${id}`),
    actor: pseudonymOf(actor),
    counterparts: counterparts.map(pseudonymOf),
    start: new Date(at),
    end: new Date(at),
    conversation: pseudonymOf('conversation:general'),
    isThread: kind === 'thread_reply',
    size: 12,
    response: null,
    online: null,
    state: null,
  };
}
