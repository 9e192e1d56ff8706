import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pseudonymOf } from './activity-fixtures.ts';
import { calendarWorldEvents, calendarWorldPeople } from './calendar-world.ts';
import { featureWeekEvents, featureWeekPeople } from './feature-week.ts';
import { openFeatureStore } from './feature-store.ts';

const names = new Map(['tokyo', 'ny', 'london'].map((n) => [pseudonymOf(n), n]));

describe('person-week features over the feature week (messages across three time zones)', () => {
  let world: Awaited<ReturnType<typeof openFeatureStore>>;
  beforeAll(async () => {
    world = await openFeatureStore(featureWeekPeople);
    await world.load(featureWeekEvents);
    await world.recompute('incremental');
  });
  afterAll(() => world.close());

  const week = (person: string, values: [number, number, number, number, number | null, number]) => {
    const [activeDays, messages, afterHours, nonWorking, meanSpan, collaborators] = values;
    return {
      person,
      week_start: '2024-01-08',
      active_days: activeDays,
      messages_sent: messages,
      after_hours_minutes: afterHours,
      non_working_day_minutes: nonWorking,
      mean_workday_span_minutes: meanSpan,
      distinct_collaborators: collaborators,
    };
  };

  it.each([
    // Tokyo: messaged New York on Monday 08:10 (after hours), reacted to London on Thursday (a 5-minute span, no active minutes).
    { name: 'collaborators from every day of the week', row: week('tokyo', [1, 1, 5, 0, 5, 2]) },
    // New York: only a Saturday message, so no working-day span; the Sunday 01-07 edge with Tokyo is last week.
    { name: 'no working-day span is NULL, and last week’s edge stays last week', row: week('ny', [1, 1, 0, 5, null, 1]) },
    // London: spans 425 (10:00–17:05), 5 and 5 minutes; 0 + 1 + 2 daily collaborators but only 2 distinct people.
    { name: 'collaborators are distinct over the week, not a sum of days', row: week('london', [3, 6, 10, 0, 145, 2]) },
  ])('$name', async ({ row }) => {
    const rows = (await world.tables()).person_week_features ?? [];
    expect(rows.filter((r) => r.week_start === '2024-01-08').map((r) => ({ ...r, person: names.get(r.person as string) })).find((r) => r.person === row.person)).toEqual(row);
  });
});

describe('person-week wellbeing rollups over the hand-built calendar world', () => {
  let rows: Record<string, unknown>[];
  beforeAll(async () => {
    const world = await openFeatureStore(calendarWorldPeople);
    await world.load(calendarWorldEvents);
    await world.recompute('full');
    rows = (await world.tables()).person_week_wellbeing ?? [];
    await world.close();
  });
  const weekOf = (name: string, weekStart: string) => rows.find((r) => r.person === pseudonymOf(name) && r.week_start === weekStart);

  it.each([
    {
      name: 'London, week of 01-15: meetings, focus and an out-of-office day summed over the week',
      person: 'london',
      week: '2024-01-15',
      // Tue 270 + Wed 480 + Thu 480 focus; Fri out of office; 4 meetings on Tuesday.
      values: { working_days_active: 3, out_of_office_days: 1, meeting_count: 4, meeting_minutes: 210, double_booked_minutes: 30, focus_minutes: 1230, long_chains: 0 },
    },
    {
      name: 'London, week of 01-22: one long chain, one large meeting, focus 420 + 130 + 305 + 240 + (300 + 120)',
      person: 'london',
      week: '2024-01-22',
      values: { long_chains: 1, large_meeting_count: 1, meeting_count: 14, focus_minutes: 1515, working_days_active: 5 },
    },
    {
      name: 'Dev, week of 01-08: mean issues in progress over working days (1, 2, 2, 1), after-hours work and replies',
      person: 'dev',
      week: '2024-01-08',
      values: { mean_issues_in_progress: 1.5, issue_transitions: 2, after_hours_issue_transitions: 1, worklog_minutes: 120, after_hours_worklog_minutes: 60, replies_timed: 2, median_reply_latency_minutes: 25 },
    },
    { name: 'Net, week of 02-05: network over the 28 days to Sunday', person: 'net', week: '2024-02-05', values: { collaborators_28d: 4, network_size: 1 } },
  ])('$name', ({ person, week, values }) => {
    expect(weekOf(person, week)).toMatchObject(values);
  });
});
