import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import type { PrivateStore } from '../../store/private-store.ts';
import { personDayFeatureStatements } from '../../transforms/features/person-day-feature-statements.ts';
import { openFeatureWeekStore } from './feature-week.ts';
import { pseudonymOf } from './activity-fixtures.ts';

const names = new Map(['tokyo', 'ny', 'london', 'stranger'].map((n) => [pseudonymOf(n), n]));
const dayRows = `SELECT person, strftime(day, '%Y-%m-%d') AS day, is_working_day, messages_sent, active_minutes,
  after_hours_minutes, non_working_day_minutes, workday_span_minutes, distinct_collaborators
  FROM person_day_features ORDER BY person, day`;

let store: PrivateStore;
async function featureRows(): Promise<Record<string, unknown>[]> {
  const rows = await store.select({ sql: dayRows });
  return rows.map((r) => ({ ...r, person: names.get(r.person as string) }));
}

beforeAll(async () => {
  store = await openFeatureWeekStore();
  await store.run(personDayFeatureStatements({ fromDay: '2024-01-08', toDay: '2024-01-15' }));
});
afterAll(() => store.close());

/** Columns: working day, messages, active, after hours, non-working day, span, collaborators. */
const cases: { name: string; person: string; day: string; values: [boolean, number, number, number, number, number, number] }[] = [
  { name: 'Tokyo 23:10 UTC Sunday is 08:10 Monday local: after hours on Monday', person: 'tokyo', day: '2024-01-08', values: [true, 1, 5, 5, 0, 5, 1] },
  { name: 'a reaction counts for collaborators, not minutes (actor side)', person: 'tokyo', day: '2024-01-11', values: [true, 0, 0, 0, 0, 0, 1] },
  { name: 'counterpart of a message gets the edge on their own local day (Tue 22:00 New York)', person: 'ny', day: '2024-01-09', values: [true, 0, 0, 0, 0, 0, 1] },
  { name: 'counterpart on their own local day again (Thu 07:00 New York)', person: 'ny', day: '2024-01-11', values: [true, 0, 0, 0, 0, 0, 1] },
  { name: 'New York messaging on Saturday: non-working-day minutes', person: 'ny', day: '2024-01-13', values: [false, 1, 5, 0, 5, 5, 0] },
  {
    name: 'same 5-minute slot counted once, thread replies count, 17:00 is after hours, span 10:00–17:05, unknown people ignored',
    person: 'london',
    day: '2024-01-09',
    values: [true, 4, 15, 5, 0, 425, 0],
  },
  { name: 'a 03:00 message is after hours and its counterpart a collaborator', person: 'london', day: '2024-01-10', values: [true, 1, 5, 5, 0, 5, 1] },
  { name: 'collaborators in both directions: reacted to by Tokyo, messaged New York', person: 'london', day: '2024-01-11', values: [true, 1, 5, 0, 0, 5, 2] },
];

describe('personDayFeatureStatements', () => {
  it.each(cases)('$name', async ({ person, day, values }) => {
    const [isWorkingDay, messages, active, afterHours, nonWorking, span, collaborators] = values;
    expect((await featureRows()).find((r) => r.person === person && r.day === day)).toEqual({
      person,
      day,
      is_working_day: isWorkingDay,
      messages_sent: messages,
      active_minutes: active,
      after_hours_minutes: afterHours,
      non_working_day_minutes: nonWorking,
      workday_span_minutes: span,
      distinct_collaborators: collaborators,
    });
  });

  it('writes exactly those rows: none outside the window, none for people not in `people`', async () => {
    const keys = (await featureRows()).map((r) => `${r.person} ${r.day}`);
    expect(keys.sort()).toEqual(cases.map((c) => `${c.person} ${c.day}`).sort());
  });

  it('recomputing the same window gives identical rows', async () => {
    const before = await featureRows();
    await store.run(personDayFeatureStatements({ fromDay: '2024-01-08', toDay: '2024-01-15' }));
    expect(await featureRows()).toEqual(before);
  });

  it('computes an earlier window without touching the later one', async () => {
    const before = await featureRows();
    await store.run(personDayFeatureStatements({ fromDay: '2024-01-07', toDay: '2024-01-08' }));
    const after = await featureRows();
    expect(after.filter((r) => r.day !== '2024-01-07')).toEqual(before);
    expect(after.filter((r) => r.day === '2024-01-07')).toEqual([
      {
        person: 'ny',
        day: '2024-01-07',
        is_working_day: false,
        messages_sent: 0,
        active_minutes: 0,
        after_hours_minutes: 0,
        non_working_day_minutes: 0,
        workday_span_minutes: 0,
        distinct_collaborators: 1,
      },
    ]);
  });

  it.each([
    ['2024-01-08', '2024-01-08'],
    ['2024-01-09', '2024-01-08'],
    ['2024-1-8', '2024-01-15'],
    ['2024-02-30', '2024-03-01'],
  ])('rejects the window [%s, %s)', (fromDay, toDay) => {
    expect(() => personDayFeatureStatements({ fromDay, toDay })).toThrow();
  });
});
