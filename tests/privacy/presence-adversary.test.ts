import { describe, expect, it } from 'vitest';
import { openAnalyticsStore } from '../../store/open-analytics-store.ts';
import { releasePolicy } from '../../transforms/release/release-policy.ts';
import { presenceWorld } from './adversary-world.ts';
import { presenceSignals } from './presence-attacks.ts';
import { releaseWorld, type WorldWeek } from './release-world.ts';

const world = presenceWorld();
const [, absence, optOut] = ['2024-01-01', '2024-01-08', '2024-01-15'];

describe('an analyst reading statuses and counts for who is absent or opted out (issue 10, findings 2 and 8)', () => {
  it('with "has data" contributors, narrows an absent person to two candidates and sees one opt-out darken the organisation', async () => {
    const { cells } = await releaseWorld(world, releasePolicy({ contributors: 'with_data', rosters: 'current' }));
    const signals = presenceSignals(cells, world);
    const week = (w: string) => signals.find((s) => s.week === w)!;
    expect(week(absence!).candidates).toEqual(['g111', 'g112']);
    expect(week(optOut!).showing).toEqual(['D', 'org']);
    expect(week(optOut!).candidates).toContain('d2');
  });

  it('with members counted, sees no one missing anywhere, while the cells are still released', async () => {
    const { cells, dataDir } = await releaseWorld(world, releasePolicy());
    expect(presenceSignals(cells, world)).toEqual([
      { week: absence, showing: [], candidates: [] },
      { week: optOut, showing: [], candidates: [] },
    ]);
    const afterHours = cells.filter((c) => c.metric === 'after_hours_minutes');
    expect(afterHours.filter((c) => c.status === 'released').length).toBe(afterHours.length);
    const analytics = await openAnalyticsStore(dataDir);
    try {
      const { rows } = await analytics.query("SELECT column_name FROM information_schema.columns WHERE table_name = 'team_week_metrics'");
      expect(rows.flat()).not.toContain('suppressed_by');
    } finally {
      await analytics.close();
    }
  });

  it('leaves the opted-out person’s values out of every number released after the opt-out, also with members counted', async () => {
    const changed: WorldWeek[] = world.map((w) => ({ ...w, values: { ...w.values, ...(w.values.d2 === undefined ? {} : { d2: w.values.d2 + 500 }) } }));
    const [a, b] = [await releaseWorld(world, releasePolicy()), await releaseWorld(changed, releasePolicy())];
    const inWeek = (cells: typeof a.cells, week: string) => cells.filter((c) => c.week === week);
    expect(inWeek(b.cells, optOut!)).toEqual(inWeek(a.cells, optOut!));
    expect(inWeek(b.cells, absence!)).not.toEqual(inWeek(a.cells, absence!));
  });
});
