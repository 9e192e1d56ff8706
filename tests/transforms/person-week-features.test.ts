import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrivateStore } from '../../store/private-store.ts';
import { personDayFeatureStatements } from '../../transforms/features/person-day-feature-statements.ts';
import { personWeekFeatureStatements } from '../../transforms/features/person-week-feature-statements.ts';
import { pseudonymOf } from './activity-fixtures.ts';
import { openFeatureWeekStore } from './feature-week.ts';

const names = new Map(['tokyo', 'ny', 'london'].map((n) => [pseudonymOf(n), n]));
let store: PrivateStore;

async function weekRows(): Promise<Record<string, unknown>[]> {
  const rows = await store.select({
    sql: `SELECT person, strftime(week_start, '%Y-%m-%d') AS week_start, active_days, messages_sent, after_hours_minutes,
            non_working_day_minutes, mean_workday_span_minutes, distinct_collaborators
          FROM person_week_features ORDER BY week_start, person`,
  });
  return rows.map((r) => ({ ...r, person: names.get(r.person as string) }));
}

beforeAll(async () => {
  store = await openFeatureWeekStore();
  await store.run([
    ...personDayFeatureStatements({ fromDay: '2024-01-08', toDay: '2024-01-15' }),
    ...personWeekFeatureStatements({ fromWeek: '2024-01-08', toWeek: '2024-01-15' }),
  ]);
});
afterAll(() => store.close());

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

describe('personWeekFeatureStatements', () => {
  it.each([
    // Tokyo: messaged New York on Monday, reacted to London on Thursday.
    { name: 'collaborators from every day of the week', row: week('tokyo', [1, 1, 5, 0, 5, 2]) },
    // New York: only a Saturday message, so no working-day span; the Sunday 01-07 edge with Tokyo is last week.
    { name: 'no working-day span is NULL, and last week’s edge stays last week', row: week('ny', [1, 1, 0, 5, null, 1]) },
    // London: days 425, 5 and 5 minutes; 0 + 1 + 2 daily collaborators but only 2 distinct people.
    { name: 'collaborators are distinct over the week, not a sum of days', row: week('london', [3, 6, 10, 0, 145, 2]) },
  ])('$name', async ({ row }) => {
    expect((await weekRows()).find((r) => r.person === row.person)).toEqual(row);
  });

  it('writes one row per person-week and recomputes identically', async () => {
    const before = await weekRows();
    expect(before.map((r) => r.person).sort()).toEqual(['london', 'ny', 'tokyo']);
    await store.run(personWeekFeatureStatements({ fromWeek: '2024-01-08', toWeek: '2024-01-15' }));
    expect(await weekRows()).toEqual(before);
  });

  it('takes Monday week starts only', () => {
    expect(() => personWeekFeatureStatements({ fromWeek: '2024-01-09', toWeek: '2024-01-15' })).toThrow(/not a Monday/);
  });
});
