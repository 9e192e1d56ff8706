import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityEvent } from '../../models/activity-event.ts';
import { person, pseudonymOf } from './activity-fixtures.ts';
import { featureEvent } from './feature-event.ts';
import { openFeatureStore } from './feature-store.ts';

const names = Array.from({ length: 60 }, (_, i) => `twin-${i}`);
const days = Array.from({ length: 20 }, (_, i) => `2024-02-${String(i + 1).padStart(2, '0')}`);
/** UTC start and end of the day's meetings: tied meetings back to back, then short ones 5 minutes later. */
const slots = [
  ['10:00', '10:30'],
  ['10:00', '10:30'],
  ['10:30', '11:00'],
  ['10:30', '11:00'],
  ['11:05', '11:15'],
  ['11:05', '11:15'],
] as const;

/**
 * Every meeting of every person-day twice, once in the Google and once in the Microsoft calendar
 * (the same meeting synced to both), all with the hub, who so has hundreds of equal intervals a
 * day; plus a message in the middle of the chain and an hour out of office held twice.
 */
const events: ActivityEvent[] = names.flatMap((name) =>
  days.flatMap((day) => [
    ...slots.flatMap(([from, to], i) =>
      (['google', 'microsoft'] as const).map((source) => ({
        ...featureEvent({ id: `${name}-${day}-${i}-${source}`, kind: 'meeting', actor: name, start: `${day}T${from}:00Z`, end: `${day}T${to}:00Z`, with: ['hub'] }),
        source,
      })),
    ),
    featureEvent({ id: `${name}-${day}-note`, kind: 'message', actor: name, start: `${day}T10:30:00Z` }),
    featureEvent({ id: `${name}-${day}-away`, kind: 'out_of_office', actor: name, start: `${day}T14:00:00Z`, end: `${day}T15:00:00Z` }),
    featureEvent({ id: `${name}-${day}-away-again`, kind: 'out_of_office', actor: name, start: `${day}T14:00:00Z`, end: `${day}T15:00:00Z` }),
  ]),
);

describe('two full recomputes over the same events', () => {
  const runs: string[] = [];
  let first: Awaited<ReturnType<typeof openFeatureStore>>;

  beforeAll(async () => {
    const people = [...names, 'hub'].map((name) => person(name, 'UTC'));
    for (let run = 0; run < 2; run += 1) {
      const world = await openFeatureStore(people);
      await world.load(events);
      await world.recompute('full');
      runs.push(JSON.stringify(await world.tables()));
      if (run === 0) first = world;
      else await world.close();
    }
    // Again in one store, in 2, 3 and 4 parts (people by hash bucket): the parts change nothing.
    for (let again = 0; again < 3; again += 1) {
      await first.recompute('full', again + 2);
      runs.push(JSON.stringify(await first.tables()));
    }
  });
  afterAll(() => first.close());

  it('give identical feature tables, byte for byte, in two stores and again in one', () => {
    expect(runs).toHaveLength(5);
    for (const run of runs.slice(1)) expect(run).toBe(runs[0]);
  });

  it('write each (person, day, other) of the collaborations once: no key refuses a second one since migration 15', () => {
    for (const run of runs) {
      const rows = (JSON.parse(run) as { person_day_collaborations: Record<string, unknown>[] }).person_day_collaborations;
      expect(rows.length).toBeGreaterThan(names.length);
      expect(new Set(rows.map((r) => JSON.stringify([r.person, r.day, r.other]))).size).toBe(rows.length);
    }
  });

  it('count each chain once: 10:00–11:15 is one chain of 70 meeting minutes, whatever the order of equal meetings', () => {
    const rows = runs.flatMap((run) => (JSON.parse(run) as { person_day_features: Record<string, unknown>[] }).person_day_features);
    expect(rows).toHaveLength(runs.length * (names.length + 1) * days.length);
    const distinct = new Set(rows.map((r) => JSON.stringify([r.back_to_back_minutes, r.longest_chain_minutes, r.long_chains, r.active_minutes])));
    expect([...distinct]).toEqual([JSON.stringify([70, 75, 0, 70])]);
    expect(rows.find((r) => r.person === pseudonymOf('twin-0') && r.day === '2024-02-05')).toMatchObject({ meeting_count: 12, focus_minutes: 285 });
  });
});
