import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Source } from '../../models/source.ts';
import { person, pseudonymOf } from './activity-fixtures.ts';
import { featureEvent } from './feature-event.ts';
import { openFeatureStore } from './feature-store.ts';

/** Ann's calendar (Microsoft 365 mailbox settings) says London; her Slack profile follows her laptop, set to Berlin. */
const claims: Record<Source, ReturnType<typeof person>> = {
  microsoft: person('ann', 'Europe/London'),
  slack: person('ann', 'Europe/Berlin'),
  jira: { ...person('ann', 'UTC'), timeZoneKnown: false },
  google: person('ann', 'Europe/London'),
};
/** Messages at 16:30 London time, 17:30 Berlin time: inside working hours or after them depending on the zone. */
const events = ['2024-01-08', '2024-01-09', '2024-01-10'].map((day, i) =>
  featureEvent({ id: `late-${i}`, kind: 'message', actor: 'ann', start: `${day}T16:30:00Z`, with: ['bob'] }),
);

describe('a person whose sources disagree on the time zone', () => {
  let world: Awaited<ReturnType<typeof openFeatureStore>>;
  const runs: { zone: unknown; tables: string }[] = [];
  /** One run: each source's directory sync in the given order, then the incremental recompute. */
  const run = async (order: Source[]) => {
    for (const source of order) await world.store.upsertPeople([claims[source], person('bob', 'UTC')], source);
    await world.recompute('incremental');
    const [{ time_zone: zone }] = (await world.store.select({ sql: 'SELECT time_zone FROM people WHERE pseudonym = $p', params: { p: pseudonymOf('ann') } })) as [{ time_zone: unknown }];
    runs.push({ zone, tables: JSON.stringify(await world.tables()) });
  };

  beforeAll(async () => {
    world = await openFeatureStore([person('bob', 'UTC')]);
    await world.load(events);
    await run(['slack', 'microsoft', 'jira']);
    await run(['microsoft', 'slack', 'jira']);
    await run(['jira', 'microsoft', 'slack']);
  });
  afterAll(() => world.close());

  it('keeps the calendar’s zone over the chat profile’s and a stand-in, whichever syncs last: the same values on three runs', () => {
    expect(runs.map((r) => r.zone)).toEqual(['Europe/London', 'Europe/London', 'Europe/London']);
    expect(runs[1]?.tables).toBe(runs[0]?.tables);
    expect(runs[2]?.tables).toBe(runs[0]?.tables);
    const rows = (JSON.parse(runs[0]?.tables as string) as { person_day_features: Record<string, unknown>[] }).person_day_features;
    expect(rows.filter((r) => r.person === pseudonymOf('ann')).map((r) => r.after_hours_minutes)).toEqual([0, 0, 0]);
  });

  it('follows a move the source on top reports; a move below it changes nothing', async () => {
    await world.store.upsertPeople([person('ann', 'Europe/Berlin')], 'microsoft');
    await world.store.upsertPeople([person('ann', 'Asia/Tokyo')], 'slack');
    expect(await world.store.select({ sql: 'SELECT time_zone, time_zone_source FROM people WHERE pseudonym = $p', params: { p: pseudonymOf('ann') } })).toEqual([
      { time_zone: 'Europe/Berlin', time_zone_source: 'microsoft' },
    ]);
  });
});

describe('a move', () => {
  let world: Awaited<ReturnType<typeof openFeatureStore>>;
  const rowsOf = async (name: string) => ((await world.tables()).person_day_features ?? []).filter((r) => r.person === pseudonymOf(name));
  /** Cy's calendar says London; Dee has only a Slack zone (Berlin) until her mailbox is read. */
  const before = [person('cy', 'Europe/London'), person('dee', 'Europe/Berlin')];
  /** Messages at 16:30 UTC on three 2024 days, and one on Monday 2099-01-05, long after the move. */
  const messages = ['cy', 'dee'].flatMap((name) =>
    ['2024-01-08', '2024-01-09', '2024-01-10', '2099-01-05'].map((day) => featureEvent({ id: `${name}-${day}`, kind: 'message', actor: name, start: `${day}T16:30:00Z` })),
  );

  beforeAll(async () => {
    world = await openFeatureStore([]);
    await world.store.upsertPeople([before[0]!], 'microsoft');
    await world.store.upsertPeople([before[1]!], 'slack');
    await world.load(messages);
    await world.recompute('incremental');
  });
  afterAll(() => world.close());

  it('changes the days from the move on and leaves the past as it was; a better source corrects the whole past', async () => {
    const cyBefore = await rowsOf('cy');
    expect(cyBefore.map((r) => r.after_hours_minutes)).toEqual([0, 0, 0, 0]);
    await world.store.upsertPeople([person('cy', 'Asia/Tokyo'), person('dee', 'Asia/Tokyo')], 'microsoft');
    await world.recompute('incremental');
    const cyAfter = await rowsOf('cy');
    // 16:30 UTC is 01:30 the next day in Tokyo: the 2099 message moves to Tuesday, after hours.
    expect(cyAfter.slice(0, 3)).toEqual(cyBefore.slice(0, 3));
    expect(cyAfter.slice(3)).toMatchObject([{ day: '2099-01-06', after_hours_minutes: 5 }]);
    // Dee's Slack zone was only ever the best known: her mailbox's zone holds for all her days.
    expect((await rowsOf('dee')).map((r) => r.day)).toEqual(['2024-01-09', '2024-01-10', '2024-01-11', '2099-01-06']);
    const once = JSON.stringify(await world.tables());
    await world.recompute('full');
    expect(JSON.stringify(await world.tables())).toBe(once);
  });
});
