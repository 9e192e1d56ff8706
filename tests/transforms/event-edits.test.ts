import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityEvent } from '../../models/activity-event.ts';
import { person, pseudonymOf } from './activity-fixtures.ts';
import { featureEvent } from './feature-event.ts';
import { openFeatureStore } from './feature-store.ts';

const colleagues = ['ana', 'ben', 'cy', 'dee', 'eve'];
const people = ['london', ...colleagues].map((name) => person(name, 'UTC'));

/** A 6-person meeting in London's calendar, Tue 2024-01-16 10:00–11:00. */
const standup = featureEvent({ id: 'standup', kind: 'meeting', actor: 'london', start: '2024-01-16T10:00:00Z', end: '2024-01-16T11:00:00Z', with: colleagues });
/** The same calendar event switched to all-day. */
const allDay: ActivityEvent = { ...standup, kind: 'all_day_event', start: new Date('2024-01-16T00:00:00Z'), end: new Date('2024-01-17T00:00:00Z') };
/** A busy block over London's Wednesday 09:00–17:00 in Microsoft 365, with Ana. */
const busy: ActivityEvent = {
  ...featureEvent({ id: 'offsite', kind: 'meeting', actor: 'london', start: '2024-01-17T09:00:00Z', end: '2024-01-17T17:00:00Z', with: ['ana'] }),
  source: 'microsoft',
};
/** The same block shown as out of office: only its kind changes. */
const away: ActivityEvent = { ...busy, kind: 'out_of_office' };
/** London's messages on both days, so both days have rows whatever the calendar says. */
const messages = ['2024-01-16T12:00:00Z', '2024-01-17T08:00:00Z'].map((at, i) => featureEvent({ id: `note-${i}`, kind: 'message', actor: 'london', start: at }));

type FeatureWorld = Awaited<ReturnType<typeof openFeatureStore>>;

/** The feature tables a full recompute gives over exactly these events, in a fresh store. */
async function fullRecomputeOf(events: readonly ActivityEvent[]) {
  const fresh = await openFeatureStore(people);
  await fresh.load(events);
  await fresh.recompute('full');
  const tables = await fresh.tables();
  await fresh.close();
  return tables;
}

describe('an event whose every field can change on reload', () => {
  let world: FeatureWorld;
  const dayOf = async (name: string, day: string) =>
    ((await world.tables()).person_day_features ?? []).find((r) => r.person === pseudonymOf(name) && r.day === day);
  /** Reloads the events as a later sync would and counts what the change log took. */
  const reload = async (events: ActivityEvent[]) => {
    await world.load(events);
    const [{ n }] = (await world.store.select({ sql: 'SELECT count(*)::INTEGER AS n FROM event_changes' })) as [{ n: number }];
    await world.recompute('incremental');
    return n;
  };

  beforeAll(async () => {
    world = await openFeatureStore(people);
    await world.load([standup, busy, ...messages]);
    await world.recompute('incremental');
  });
  afterAll(() => world.close());

  it('a meeting switched to all-day is no longer a meeting for anyone, not a 24-hour one', async () => {
    expect(await dayOf('london', '2024-01-16')).toMatchObject({ meeting_minutes: 60, distinct_collaborators: 5 });
    expect(await reload([allDay])).toBe(2);
    expect(await dayOf('london', '2024-01-16')).toMatchObject({
      meeting_count: 0,
      meeting_minutes: 0,
      after_hours_minutes: 0,
      workday_span_minutes: 5,
      focus_minutes: 480,
      distinct_collaborators: 0,
    });
    expect(await dayOf('ana', '2024-01-16')).toBeUndefined();
    expect(await world.tables()).toEqual(await fullRecomputeOf([allDay, busy, ...messages]));
  });

  it('and back to a meeting gives the first values again', async () => {
    expect(await reload([standup])).toBe(2);
    expect(await dayOf('london', '2024-01-16')).toMatchObject({ meeting_count: 1, meeting_minutes: 60, after_hours_minutes: 0, distinct_collaborators: 5 });
    expect(await dayOf('ana', '2024-01-16')).toMatchObject({ meeting_minutes: 60 });
    expect(await world.tables()).toEqual(await fullRecomputeOf([standup, busy, ...messages]));
  });

  it('busy changed to out of office is logged and makes an out-of-office day', async () => {
    expect(await dayOf('london', '2024-01-17')).toMatchObject({ is_out_of_office: false, meeting_minutes: 480 });
    expect(await reload([away])).toBe(2);
    expect(await dayOf('london', '2024-01-17')).toMatchObject({ is_out_of_office: true, meeting_minutes: 0, focus_minutes: 0 });
    expect(await dayOf('ana', '2024-01-17')).toBeUndefined();
    const [stored] = await world.store.select({ sql: "SELECT kind FROM events WHERE source = 'microsoft'" });
    expect(stored).toEqual({ kind: 'out_of_office' });
  });

  it('a new organiser, conversation or video link is stored too', async () => {
    const moved: ActivityEvent = { ...away, actor: pseudonymOf('ana'), counterparts: [pseudonymOf('london')], conversation: pseudonymOf('elsewhere'), online: true };
    expect(await reload([moved])).toBe(2);
    const [stored] = await world.store.select({ sql: "SELECT actor, conversation, online FROM events WHERE source = 'microsoft'" });
    expect(stored).toEqual({ actor: pseudonymOf('ana'), conversation: pseudonymOf('elsewhere'), online: true });
    expect(await world.tables()).toEqual(await fullRecomputeOf([standup, moved, ...messages]));
  });
});
