import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityEvent } from '../../models/activity-event.ts';
import { person, pseudonymOf } from './activity-fixtures.ts';
import { featureEvent } from './feature-event.ts';
import { openFeatureStore } from './feature-store.ts';

/** After-hours 5-minute slots on the Monday of each of 8 weeks: 10, 20, 20, 30, 40, 50, 60 and 100 minutes. */
const afterHoursSlots = [2, 4, 4, 6, 8, 10, 12, 20];
const monday = (week: number) => new Date(Date.UTC(2024, 3, 1 + 7 * (week - 1)));
const at = (day: Date, minute: number) => new Date(day.getTime() + minute * 60_000).toISOString();

/** A Monday of `week` (1 = 2024-04-01) with a 10:00 message and `slots` after-hours messages from 18:00. */
function mondayOf(week: number, slots: number): ActivityEvent[] {
  const day = monday(week);
  return [
    featureEvent({ id: `w${week}-day`, kind: 'message', actor: 'steady', start: at(day, 600) }),
    ...Array.from({ length: slots }, (_, i) => featureEvent({ id: `w${week}-late${i}`, kind: 'message', actor: 'steady', start: at(day, 1080 + 5 * i) })),
  ];
}

const events: ActivityEvent[] = [
  ...afterHoursSlots.flatMap((slots, i) => mondayOf(i + 1, slots)),
  // Week 9: out of office all week, yet 200 minutes after hours on Monday: not a usual week, so left out of later baselines.
  featureEvent({ id: 'w9-ooo', kind: 'out_of_office', actor: 'steady', start: monday(9).toISOString(), end: at(monday(9), 5 * 1440) }),
  ...mondayOf(9, 40).slice(1),
  ...mondayOf(10, 0),
];

let baselines: Record<string, unknown>[];
beforeAll(async () => {
  const world = await openFeatureStore([person('steady', 'UTC')]);
  await world.load(events);
  await world.recompute('incremental');
  baselines = (await world.tables()).person_week_baselines ?? [];
  await world.close();
});
afterAll(() => undefined);

const baselineOf = (week: number) => baselines.find((b) => b.person === pseudonymOf('steady') && b.week_start === monday(week).toISOString().slice(0, 10));

describe('personal baselines: median and MAD of the 8 weeks before', () => {
  it('the first week has no history', () => {
    expect(baselineOf(1)).toMatchObject({ baseline_weeks: 0, after_hours_minutes_median: null, after_hours_minutes_mad: null });
  });

  it('week 9: median of 10, 20, 20, 30, 40, 50, 60, 100 is 35; absolute deviations 25, 15, 15, 5, 5, 15, 25, 65 have median 15', () => {
    expect(baselineOf(9)).toMatchObject({
      baseline_weeks: 8,
      after_hours_minutes_median: 35,
      after_hours_minutes_mad: 15,
      off_hours_minutes_median: 35,
      off_hours_minutes_mad: 15,
      focus_minutes_median: 480,
      focus_minutes_mad: 0,
      long_days_median: 0,
      distinct_collaborators_median: 0,
    });
  });

  it('week 10: the out-of-office week 9 is left out, so weeks 2–8: median 40, MAD 20', () => {
    expect(baselineOf(10)).toMatchObject({ baseline_weeks: 7, after_hours_minutes_median: 40, after_hours_minutes_mad: 20 });
  });

  it('week 5: only weeks 1–4 so far (10, 20, 20, 30): median 20, MAD 5', () => {
    expect(baselineOf(5)).toMatchObject({ baseline_weeks: 4, after_hours_minutes_median: 20, after_hours_minutes_mad: 5 });
  });
});
