import type { ActivityEvent, MeetingResponse } from '../../models/activity-event.ts';
import type { Person } from '../../models/person.ts';
import { person } from './activity-fixtures.ts';
import { featureEvent } from './feature-event.ts';

/** People of the hand-built feature world: named after their zone or role; the rest are colleagues in UTC. */
export const calendarWorldPeople: Person[] = [
  person('tokyo', 'Asia/Tokyo'),
  person('london', 'Europe/London'),
  person('ny', 'America/New_York'),
  person('dev', 'Europe/London'),
  ...['net', 'ana', 'ben', 'cy', 'dee', 'lead', 'ops'].map((name) => person(name, 'UTC')),
];

let serial = 0;
/** A meeting in `owner`'s calendar between two UTC instants with the named attendees. */
const meeting = (owner: string, start: string, end: string, others: string[], options: { response?: MeetingResponse; size?: number } = {}) =>
  featureEvent({ id: `m${(serial += 1)}`, kind: 'meeting', actor: owner, start, end, with: others, ...options });
/** A chat message by `actor` at a UTC instant (a direct message when it names counterparts). */
const message = (actor: string, at: string, others: string[] = []) => featureEvent({ id: `c${(serial += 1)}`, kind: 'message', actor, start: at, with: others });
/** A day's 25-minute meetings starting at the given UTC times. */
const shortMeetings = (owner: string, day: string, starts: string[]) =>
  starts.map((hhmm) => {
    const start = new Date(`${day}T${hhmm}:00Z`);
    return meeting(owner, start.toISOString(), new Date(start.getTime() + 25 * 60_000).toISOString(), ['ana']);
  });

/** Hand-built events; each block is one situation, in the local times of its comment (London is UTC+0 in January). */
export const calendarWorldEvents: ActivityEvent[] = [
  // Tokyo Tue 01-09 07:30–08:00 JST: before working hours.
  meeting('tokyo', '2024-01-08T22:30:00Z', '2024-01-08T23:00:00Z', ['ana']),
  // London Wed 01-10 23:00 → Thu 01:00: across midnight.
  meeting('london', '2024-01-10T23:00:00Z', '2024-01-11T01:00:00Z', ['ben']),
  // New York Mon 03-04 08:00–09:00 EST; Sat 03-09 22:00 EST → Sun 03-10 04:00 EDT (DST starts); Mon 03-11 09:00–10:00 EDT.
  meeting('ny', '2024-03-04T13:00:00Z', '2024-03-04T14:00:00Z', ['ana']),
  meeting('ny', '2024-03-10T03:00:00Z', '2024-03-10T08:00:00Z', ['ana']),
  meeting('ny', '2024-03-11T13:00:00Z', '2024-03-11T14:00:00Z', ['ana']),
  // London Tue 01-16: 10:00–11:00 and 10:30–11:30 accepted; 14:00–15:00 tentative and 14:30–15:00 accepted.
  meeting('london', '2024-01-16T10:00:00Z', '2024-01-16T11:00:00Z', ['ana']),
  meeting('london', '2024-01-16T10:30:00Z', '2024-01-16T11:30:00Z', ['ben']),
  meeting('london', '2024-01-16T14:00:00Z', '2024-01-16T15:00:00Z', ['ana'], { response: 'tentative' }),
  meeting('london', '2024-01-16T14:30:00Z', '2024-01-16T15:00:00Z', ['ben']),
  // London Wed 01-17: a declined 10:00–11:00 invitation, a message at 12:00.
  meeting('london', '2024-01-17T10:00:00Z', '2024-01-17T11:00:00Z', ['ana'], { response: 'declined' }),
  message('london', '2024-01-17T12:00:00Z'),
  // London Thu 01-18: an all-day event with Ana, a message at 10:00.
  featureEvent({ id: 'allday', kind: 'all_day_event', actor: 'london', start: '2024-01-18T00:00:00Z', end: '2024-01-19T00:00:00Z', with: ['ana'] }),
  message('london', '2024-01-18T10:00:00Z'),
  // London Fri 01-19 out of office all day; Mon 01-22 out 13:00–14:00 only, a message at 10:00.
  featureEvent({ id: 'ooo1', kind: 'out_of_office', actor: 'london', start: '2024-01-19T00:00:00Z', end: '2024-01-20T00:00:00Z' }),
  featureEvent({ id: 'ooo2', kind: 'out_of_office', actor: 'london', start: '2024-01-22T13:00:00Z', end: '2024-01-22T14:00:00Z' }),
  message('london', '2024-01-22T10:00:00Z'),
  // London Tue 01-23: 09:00–10:00, 12:10–13:00, 14:00–17:00: one free block of 2 h 10 min.
  meeting('london', '2024-01-23T09:00:00Z', '2024-01-23T10:00:00Z', ['ana']),
  meeting('london', '2024-01-23T12:10:00Z', '2024-01-23T13:00:00Z', ['ana']),
  meeting('london', '2024-01-23T14:00:00Z', '2024-01-23T17:00:00Z', ['ben']),
  // London Wed 01-24: four 25-minute meetings with 5-minute gaps.
  ...shortMeetings('london', '2024-01-24', ['10:00', '10:30', '11:00', '11:30']),
  // London Thu 01-25: five of them (a chain over 2 h), then one after a 10-minute gap.
  ...shortMeetings('london', '2024-01-25', ['10:00', '10:30', '11:00', '11:30', '12:00', '12:35']),
  // London Fri 01-26: a 12-person hour.
  meeting('london', '2024-01-26T14:00:00Z', '2024-01-26T15:00:00Z', ['ana'], { size: 12 }),
  // Mon 01-29: Ben organises 10:00–11:00 with Cy and Dee; Dee has not answered in her own calendar, Cy's calendar is not read.
  featureEvent({ id: 'plan-ben', kind: 'meeting', actor: 'ben', start: '2024-01-29T10:00:00Z', end: '2024-01-29T11:00:00Z', with: ['cy', 'dee'], response: 'organizer', conversation: 'plan' }),
  featureEvent({ id: 'plan-dee', kind: 'meeting', actor: 'dee', start: '2024-01-29T10:00:00Z', end: '2024-01-29T11:00:00Z', with: ['ben', 'cy'], response: 'needs_action', conversation: 'plan' }),
  // Net: DMs to Ana on 02-01 and 02-05, 6-person meetings with Ben on both days, a thread reply to Cy on 02-05, a reaction to Dee on 02-09.
  message('net', '2024-02-01T10:00:00Z', ['ana']),
  meeting('net', '2024-02-01T11:00:00Z', '2024-02-01T11:30:00Z', ['ben'], { size: 6 }),
  message('net', '2024-02-05T10:00:00Z', ['ana']),
  meeting('net', '2024-02-05T11:00:00Z', '2024-02-05T11:30:00Z', ['ben'], { size: 6 }),
  featureEvent({ id: 'net-reply', kind: 'thread_reply', actor: 'net', start: '2024-02-05T12:00:00Z', with: ['cy'], conversation: 'net-thread' }),
  featureEvent({ id: 'net-reaction', kind: 'reaction', actor: 'net', start: '2024-02-09T10:00:00Z', with: ['dee'] }),
  // Dev (London): a message at 10:00 Mon–Thu 01-08..11; issue 1 started by Dev Mon 10:05, done Wed 20:00;
  // issue 2 assigned to Dev by the lead Tue 09:00 and started by the lead Tue 09:30; issue 3 is Ana's; a worklog Thu 16:00–18:00.
  ...['08', '09', '10', '11'].map((d) => message('dev', `2024-01-${d}T10:00:00Z`)),
  featureEvent({ id: 'i1a', kind: 'issue_status', actor: 'dev', start: '2024-01-08T10:05:00Z', conversation: 'issue-1', state: 'in_progress' }),
  featureEvent({ id: 'i1b', kind: 'issue_status', actor: 'dev', start: '2024-01-10T20:00:00Z', conversation: 'issue-1', state: 'done' }),
  featureEvent({ id: 'i2a', kind: 'issue_assignment', actor: 'lead', start: '2024-01-09T09:00:00Z', with: ['dev'], conversation: 'issue-2' }),
  featureEvent({ id: 'i2b', kind: 'issue_status', actor: 'lead', start: '2024-01-09T09:30:00Z', with: ['dev'], conversation: 'issue-2', state: 'in_progress' }),
  featureEvent({ id: 'i3a', kind: 'issue_status', actor: 'lead', start: '2024-01-08T09:00:00Z', with: ['ana'], conversation: 'issue-3', state: 'in_progress' }),
  featureEvent({ id: 'wl', kind: 'worklog', actor: 'dev', start: '2024-01-11T16:00:00Z', end: '2024-01-11T18:00:00Z', conversation: 'issue-2' }),
  // Issue 5: the lead starts it for Ben Mon 01-08 09:00; Ops assigns it to themself Tue 09:00; an automation
  // account outside the directory closes it Wed 12:00. Ops writes at 10:00 Tue–Thu.
  featureEvent({ id: 'i5a', kind: 'issue_status', actor: 'lead', start: '2024-01-08T09:00:00Z', with: ['ben'], conversation: 'issue-5', state: 'in_progress' }),
  featureEvent({ id: 'i5b', kind: 'issue_assignment', actor: 'ops', start: '2024-01-09T09:00:00Z', conversation: 'issue-5', size: 1 }),
  featureEvent({ id: 'i5c', kind: 'issue_status', actor: 'automation', start: '2024-01-10T12:00:00Z', with: ['ops'], conversation: 'issue-5', state: 'done' }),
  ...['09', '10', '11'].map((d) => message('ops', `2024-01-${d}T10:00:00Z`)),
  // A thread on Tue 01-09: Ana opens it at 10:00; Dev replies 10:30, Ben 10:40, Dev 11:00 and again 11:05.
  featureEvent({ id: 't0', kind: 'message', actor: 'ana', start: '2024-01-09T10:00:00Z', conversation: 'thread', thread: true }),
  featureEvent({ id: 't1', kind: 'thread_reply', actor: 'dev', start: '2024-01-09T10:30:00Z', with: ['ana'], conversation: 'thread' }),
  featureEvent({ id: 't2', kind: 'thread_reply', actor: 'ben', start: '2024-01-09T10:40:00Z', with: ['ana'], conversation: 'thread' }),
  featureEvent({ id: 't3', kind: 'thread_reply', actor: 'dev', start: '2024-01-09T11:00:00Z', with: ['ana'], conversation: 'thread' }),
  featureEvent({ id: 't4', kind: 'thread_reply', actor: 'dev', start: '2024-01-09T11:05:00Z', with: ['ana'], conversation: 'thread' }),
];
