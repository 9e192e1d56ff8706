import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pseudonymOf } from './activity-fixtures.ts';
import { calendarWorldEvents, calendarWorldPeople } from './calendar-world.ts';
import { openFeatureStore } from './feature-store.ts';

let world: Awaited<ReturnType<typeof openFeatureStore>>;
let rows: Record<string, unknown>[];

beforeAll(async () => {
  world = await openFeatureStore(calendarWorldPeople);
  await world.load(calendarWorldEvents);
  await world.recompute('incremental');
  rows = (await world.tables()).person_day_features ?? [];
});
afterAll(() => world.close());

/** Each case: one person-day of the hand-built world (see calendar-world.ts) and the exact values expected of some of its columns. */
const cases: { name: string; person: string; day: string; values: Record<string, unknown> }[] = [
  {
    name: 'Tokyo: a 07:30 meeting is after hours, on the Tokyo day, and leaves the working day free for focus',
    person: 'tokyo',
    day: '2024-01-09',
    values: { is_working_day: true, meeting_count: 1, meeting_minutes: 30, active_minutes: 30, after_hours_minutes: 30, workday_span_minutes: 30, focus_minutes: 480, distinct_collaborators: 1 },
  },
  {
    name: 'across midnight: the first day has the meeting and its first hour',
    person: 'london',
    day: '2024-01-10',
    values: { meeting_count: 1, meeting_minutes: 60, after_hours_minutes: 60, long_meeting_count: 1, long_meeting_minutes: 60, distinct_collaborators: 1 },
  },
  {
    name: 'across midnight: the second day has its second hour, not the meeting count or the collaborator edge',
    person: 'london',
    day: '2024-01-11',
    values: { meeting_count: 0, meeting_minutes: 60, after_hours_minutes: 60, long_meeting_count: 0, long_meeting_minutes: 60, workday_span_minutes: 60, distinct_collaborators: 0, collaborators_7d: 1, focus_minutes: 480 },
  },
  { name: 'DST: 13:00 UTC is 08:00 in New York before the change: after hours', person: 'ny', day: '2024-03-04', values: { meeting_minutes: 60, after_hours_minutes: 60 } },
  { name: 'DST: 13:00 UTC is 09:00 after the change: inside working hours', person: 'ny', day: '2024-03-11', values: { meeting_minutes: 60, after_hours_minutes: 0, focus_minutes: 420 } },
  { name: 'DST night: Saturday 22:00–24:00 EST', person: 'ny', day: '2024-03-09', values: { is_working_day: false, meeting_count: 1, meeting_minutes: 120, non_working_day_minutes: 120 } },
  { name: 'DST night: the 23-hour Sunday holds 3 real hours (00:00 EST to 04:00 EDT)', person: 'ny', day: '2024-03-10', values: { meeting_count: 0, meeting_minutes: 180, non_working_day_minutes: 180, after_hours_minutes: 0 } },
  {
    name: 'overlapping meetings: minutes summed, collaboration time once, double-booked only where both were accepted',
    person: 'london',
    day: '2024-01-16',
    values: { meeting_count: 4, meeting_minutes: 210, active_minutes: 150, double_booked_minutes: 30, back_to_back_minutes: 150, longest_chain_minutes: 90, long_chains: 0, focus_minutes: 270, workday_span_minutes: 300 },
  },
  { name: 'a declined invitation is no meeting, blocks no focus and links nobody', person: 'london', day: '2024-01-17', values: { meeting_count: 0, meeting_minutes: 0, focus_minutes: 480, active_minutes: 5, distinct_collaborators: 0 } },
  { name: 'an all-day event is no meeting and no collaboration', person: 'london', day: '2024-01-18', values: { meeting_count: 0, meeting_minutes: 0, focus_minutes: 480, active_minutes: 5, distinct_collaborators: 0, is_out_of_office: false } },
  { name: 'an out-of-office day has a row, flagged, with no focus time', person: 'london', day: '2024-01-19', values: { is_out_of_office: true, is_working_day: true, focus_minutes: 0, active_minutes: 0, workday_span_minutes: 0 } },
  { name: 'an hour out of office is not an out-of-office day but is not focus time', person: 'london', day: '2024-01-22', values: { is_out_of_office: false, focus_minutes: 420 } },
  { name: 'a 2 h 10 min free block is focus time; a 1 h one is not', person: 'london', day: '2024-01-23', values: { focus_minutes: 130, meeting_count: 3, meeting_minutes: 290, long_meeting_count: 1, long_meeting_minutes: 180, back_to_back_minutes: 0 } },
  {
    name: 'four 25-minute meetings with 5-minute gaps: one chain of 100 meeting minutes over 115 minutes',
    person: 'london',
    day: '2024-01-24',
    values: { meeting_count: 4, meeting_minutes: 100, back_to_back_minutes: 100, longest_chain_minutes: 115, long_chains: 0, double_booked_minutes: 0, active_minutes: 100, focus_minutes: 305 },
  },
  {
    name: 'a chain over 2 h is a long chain; a 10-minute gap ends it',
    person: 'london',
    day: '2024-01-25',
    values: { meeting_count: 6, meeting_minutes: 150, back_to_back_minutes: 125, longest_chain_minutes: 145, long_chains: 1, focus_minutes: 240 },
  },
  { name: 'organising a meeting is acting: focus around it', person: 'ben', day: '2024-01-29', values: { meeting_count: 1, focus_minutes: 360 } },
  { name: 'an unanswered invitation alone is a meeting but not the person acting: no focus', person: 'dee', day: '2024-01-29', values: { meeting_count: 1, focus_minutes: 0 } },
  { name: 'an invitation seen only in the organiser’s calendar: no focus either', person: 'cy', day: '2024-01-29', values: { meeting_count: 1, focus_minutes: 0 } },
  { name: 'more than 8 attendees is large; exactly 60 minutes is not long', person: 'london', day: '2024-01-26', values: { large_meeting_count: 1, large_meeting_minutes: 60, long_meeting_count: 0, long_meeting_minutes: 0 } },
  { name: 'network: one DM and a large meeting, nobody with 2 meaningful interactions yet', person: 'net', day: '2024-02-01', values: { distinct_collaborators: 2, collaborators_7d: 2, collaborators_28d: 2, network_size_28d: 0 } },
  {
    name: 'network: 7 and 28 days of collaborators; only Ana (2 DMs) is in the network, not Ben (6-person meetings) nor Cy (1 reply) nor Dee (a reaction)',
    person: 'net',
    day: '2024-02-09',
    values: { distinct_collaborators: 1, collaborators_7d: 4, collaborators_28d: 4, network_size_28d: 1 },
  },
  { name: 'issue load: the issue Dev started', person: 'dev', day: '2024-01-08', values: { issues_in_progress: 1, issue_transitions: 1, after_hours_issue_transitions: 0 } },
  {
    name: 'issue load: plus the one the lead assigned and started for Dev; thread replies timed against the previous message by someone else',
    person: 'dev',
    day: '2024-01-09',
    values: { issues_in_progress: 2, issue_transitions: 0, messages_sent: 4, replies_timed: 2, median_reply_latency_minutes: 25 },
  },
  { name: 'issue load: done at 20:00 still counts that day; the transition is after hours', person: 'dev', day: '2024-01-10', values: { issues_in_progress: 2, issue_transitions: 1, after_hours_issue_transitions: 1 } },
  { name: 'issue load: the next day only one; a 16:00–18:00 worklog has 60 minutes after hours', person: 'dev', day: '2024-01-11', values: { issues_in_progress: 1, worklog_minutes: 120, after_hours_worklog_minutes: 60 } },
  { name: 'issue load: assigning an issue to oneself takes it over', person: 'ops', day: '2024-01-09', values: { issues_in_progress: 1 } },
  { name: 'issue load: closed by an automation account at 12:00, it still counts that day', person: 'ops', day: '2024-01-10', values: { issues_in_progress: 1, issue_transitions: 0 } },
  { name: 'issue load: and no longer the next day', person: 'ops', day: '2024-01-11', values: { issues_in_progress: 0 } },
];

const rowOf = (name: string, day: string) => rows.find((r) => r.person === pseudonymOf(name) && r.day === day);

describe('person-day features', () => {
  it.each(cases)('$name', ({ person, day, values }) => {
    expect(rowOf(person, day)).toMatchObject(values);
  });

  it('gives the lead the in-progress issue of Ana only to Ana', () => {
    expect(rowOf('ana', '2024-01-08')).toMatchObject({ issues_in_progress: 1 });
    expect(rowOf('lead', '2024-01-08')).toMatchObject({ issues_in_progress: 0 });
  });

  it('writes no row for an invitee of a declined invitation or of an all-day event alone', () => {
    expect(rowOf('ana', '2024-01-17')).toBeUndefined();
    expect(rowOf('ana', '2024-01-18')).toBeUndefined();
  });
});
