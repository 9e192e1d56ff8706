import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityEvent } from '../../models/activity-event.ts';
import type { ReadInFull } from '../../models/stream-batch.ts';
import { person, pseudonymOf } from './activity-fixtures.ts';
import { calendarWorldEvents, calendarWorldPeople } from './calendar-world.ts';
import { featureEvent } from './feature-event.ts';
import { featureWeekEvents } from './feature-week.ts';
import { openFeatureStore } from './feature-store.ts';

const allEvents = [...calendarWorldEvents, ...featureWeekEvents];
const [tokyoMeeting] = calendarWorldEvents as [ActivityEvent];
/** The Tokyo 07:30 meeting moved to 10:00 JST, the same calendar instance. */
const movedMeeting: ActivityEvent = { ...tokyoMeeting, start: new Date('2024-01-09T01:00:00Z'), end: new Date('2024-01-09T02:00:00Z') };
/** London's 12-person hour switched to all-day, and the hour out of office on 01-22 turned into a meeting with Ana: edits of kind. */
const largeMeeting = calendarWorldEvents.find((e) => e.size === 12) as ActivityEvent;
const madeAllDay: ActivityEvent = { ...largeMeeting, kind: 'all_day_event', start: new Date('2024-01-26T00:00:00Z'), end: new Date('2024-01-27T00:00:00Z') };
const awayHour = calendarWorldEvents.find((e) => e.sourceEventId === pseudonymOf('event:ooo2')) as ActivityEvent;
const madeMeeting: ActivityEvent = { ...awayHour, kind: 'meeting', counterparts: [pseudonymOf('ana')], response: 'accepted', size: 2 };
/** Dev's first issue transition, removed at the source. */
const removed = allEvents.find((e) => e.sourceEventId === pseudonymOf('event:i1a')) as ActivityEvent;
/** London's 03:00 message, deleted: a re-read of its channel's day no longer lists it. */
const unlisted = featureWeekEvents.find((e) => e.sourceEventId === pseudonymOf('event:e7')) as ActivityEvent;
const channelDayReread = { conversations: [unlisted.conversation as string], kinds: ['message', 'thread_reply', 'reaction'], ranges: [{ from: '2024-01-10T00:00:00Z', to: '2024-01-11T00:00:00Z' }] } satisfies ReadInFull;
/**
 * Cy joins the directory late; Dev moves to Chicago (now: after all the 2024 events, before a message of 2099);
 * London's working hours become a late shift, 12:00 to 20:00 (a change of hours alone: no event, no zone).
 */
const laterPeople = calendarWorldPeople.filter((p) => p.pseudonym !== pseudonymOf('cy'));
const lateShiftLondon = { ...person('london', 'Europe/London'), workStartMinute: 12 * 60, workEndMinute: 20 * 60, workingHoursKnown: true };
const finalPeople = [
  ...laterPeople.filter((p) => ![pseudonymOf('dev'), pseudonymOf('london')].includes(p.pseudonym)),
  person('dev', 'America/Chicago'),
  person('cy', 'UTC'),
  lateShiftLondon,
];
const afterTheMove = featureEvent({ id: 'dev-2099', kind: 'message', actor: 'dev', start: '2099-01-05T10:00:00Z' });
const edited = [movedMeeting, madeAllDay, madeMeeting, afterTheMove];
const finalEvents = allEvents.filter((e) => ![removed, unlisted, tokyoMeeting, largeMeeting, awayHour].includes(e)).concat(edited);

describe('incremental recompute', () => {
  let incremental: Awaited<ReturnType<typeof openFeatureStore>>;
  let full: Awaited<ReturnType<typeof openFeatureStore>>;

  beforeAll(async () => {
    incremental = await openFeatureStore(laterPeople);
    // Two thirds first, the rest late (earlier and later days mixed), then a move, a removal and directory changes.
    // In parts (people by hash bucket), as a first run of many people goes; the full recompute in one.
    await incremental.load(allEvents.filter((_, i) => i % 3 !== 0));
    await incremental.recompute('incremental', 3);
    await incremental.load(allEvents.filter((_, i) => i % 3 === 0));
    await incremental.recompute('incremental', 2);
    await incremental.store.upsertPeople(finalPeople, 'google');
    await incremental.load(edited);
    await incremental.load([], { source: 'jira', ids: [removed.sourceEventId] });
    await incremental.load([], { source: unlisted.source, ids: [], readInFull: channelDayReread });
    await incremental.recompute('incremental', 4);

    full = await openFeatureStore(laterPeople);
    await full.store.upsertPeople(finalPeople, 'google');
    await full.load(finalEvents);
    await full.recompute('full');
  });
  afterAll(async () => {
    await incremental.close();
    await full.close();
  });

  it('gives exactly the rows of a full recompute over the same events, in every feature table', async () => {
    const [got, want] = [await incremental.tables(), await full.tables()];
    expect(Object.values(want).every((rows) => rows.length > 0)).toBe(true);
    expect(got).toEqual(want);
  });

  it('took the move, the edits, the removals, the new time zone and the new working hours into account', async () => {
    const rows = (await incremental.tables()).person_day_features ?? [];
    const tokyo = rows.find((r) => r.person === pseudonymOf('tokyo') && r.day === '2024-01-09');
    expect(tokyo).toMatchObject({ after_hours_minutes: 0, meeting_minutes: 60 });
    const dev = rows.find((r) => r.person === pseudonymOf('dev') && r.day === '2024-01-08');
    // Dev's days before the move stay in London (10:00 is working time), the day after it is in Chicago (04:00).
    expect(dev).toMatchObject({ issues_in_progress: 0, issue_transitions: 0, after_hours_minutes: 0 });
    expect(rows.find((r) => r.person === pseudonymOf('dev') && r.day === '2099-01-05')).toMatchObject({ after_hours_minutes: 5 });
    const london = (day: string) => rows.find((r) => r.person === pseudonymOf('london') && r.day === day);
    expect(london('2024-01-26')).toBeUndefined();
    expect(london('2024-01-22')).toMatchObject({ meeting_count: 1, meeting_minutes: 60, distinct_collaborators: 1 });
    // The late shift makes the morning meetings of 01-16 (10:00 to 11:30 in London) after hours; no event of that day changed.
    expect(london('2024-01-16')).toMatchObject({ after_hours_minutes: 90 });
  });

  it('empties the change log and a full recompute on the same store changes nothing', async () => {
    expect(await incremental.store.select({ sql: 'SELECT count(*)::INTEGER AS n FROM event_changes' })).toEqual([{ n: 0 }]);
    const before = await incremental.tables();
    await incremental.recompute('full');
    expect(await incremental.tables()).toEqual(before);
  });

  it("builds a newcomer's days, and colleagues' collaborations with them, when their zone was already in the snapshot (as private migration 9 left it)", async () => {
    const migrated = await openFeatureStore(laterPeople);
    try {
      await migrated.load(allEvents);
      await migrated.recompute('incremental');
      await migrated.store.upsertPeople([person('cy', 'UTC')], 'google');
      await migrated.store.run([{ sql: 'DELETE FROM feature_time_zones' }, { sql: 'INSERT INTO feature_time_zones SELECT * FROM person_time_zones' }]);
      await migrated.recompute('incremental', 2);
      const got = await migrated.tables();
      await migrated.recompute('full');
      const want = await migrated.tables();
      expect(want.person_day_features?.some((r) => r.person === pseudonymOf('cy'))).toBe(true);
      expect(want.person_day_collaborations?.some((r) => r.other === pseudonymOf('cy'))).toBe(true);
      expect(got).toEqual(want);
    } finally {
      await migrated.close();
    }
  });

  it('rebuilds only the person-days a new event touches', async () => {
    const tamper = (name: string, day: string) =>
      incremental.store.run([{ sql: `UPDATE person_day_features SET messages_sent = 999 WHERE person = $p AND day = $d::DATE`, params: { p: pseudonymOf(name), d: day } }]);
    const messagesOf = async (name: string, day: string) =>
      (await incremental.store.select({ sql: 'SELECT messages_sent FROM person_day_features WHERE person = $p AND day = $d::DATE', params: { p: pseudonymOf(name), d: day } }))[0]?.messages_sent;
    await tamper('london', '2024-01-24');
    await tamper('london', '2024-01-17');
    await incremental.load([featureEvent({ id: 'late-news', kind: 'message', actor: 'london', start: '2024-01-17T15:00:00Z' })]);
    await incremental.recompute('incremental');
    expect(await messagesOf('london', '2024-01-24')).toBe(999);
    expect(await messagesOf('london', '2024-01-17')).toBe(2);
    await incremental.recompute('full');
    expect(await messagesOf('london', '2024-01-24')).toBe(0);
  });
});
