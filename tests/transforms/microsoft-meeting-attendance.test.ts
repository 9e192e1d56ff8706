import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityEvent } from '../../models/activity-event.ts';
import type { Person } from '../../models/person.ts';
import { defaultWorkingHours } from '../../models/person.ts';
import { calendarProviderOf, planMeetings } from '../../simulator/organisation/plan-meetings.ts';
import { startMicrosoftFixture, type MicrosoftFixture } from '../connectors/microsoft/microsoft-fixture.ts';
import { person, pseudonymOf } from './activity-fixtures.ts';
import { featureEvent } from './feature-event.ts';
import { openFeatureStore } from './feature-store.ts';

/**
 * Meetings counted from what Microsoft 365 serves: every mailbox's calendar read through the
 * connector from the Graph simulator, where an attendee's copy reports every other attendee's
 * status as `none` (only the organiser's copy says who declined), as Graph does.
 */
describe('Microsoft 365 meetings: attendance from the person’s own answer', () => {
  let f: MicrosoftFixture;
  let world: Awaited<ReturnType<typeof openFeatureStore>>;
  let counted: Map<string, number>;
  const onMicrosoft = (personId: string) => calendarProviderOf(f.org, personId) === 'microsoft';
  const pseudonymOfPerson = (personId: string) => f.pseudonymize('person', f.org.people.find((p) => p.id === personId)?.email ?? '');
  /** The meetings of the plan the simulator serves, cancelled ones and all-day or out-of-office entries left out. */
  const meetings = () => planMeetings(f.org).filter((m) => m.cancelledAt === null && !m.allDay && m.kind !== 'out_of_office' && m.start < f.org.period.end);

  beforeAll(async () => {
    f = await startMicrosoftFixture();
    const people: Person[] = f.org.people.map((p) => ({
      pseudonym: pseudonymOfPerson(p.id),
      timeZone: 'UTC',
      ...defaultWorkingHours,
      workDays: [...defaultWorkingHours.workDays],
      identityResolved: true,
      timeZoneKnown: true,
      workingHoursKnown: false,
    }));
    const { events } = await f.readAll(f.connector(), f.period, new Map(), (stream) => stream.startsWith('calendar:'));
    world = await openFeatureStore(people);
    await world.load(events);
    await world.recompute('full');
    const rows = (await world.tables()).person_day_features ?? [];
    counted = new Map(rows.filter((r) => Number(r.meeting_count) > 0).map((r) => [`${r.person}|${r.day}`, Number(r.meeting_count)]));
  });
  afterAll(async () => {
    await world?.close();
    await f?.close();
  });

  it('has declined meetings that other attendees’ copies still list', () => {
    const seenByOthers = meetings().filter((m) =>
      m.attendees.some((a) => a.response === 'declined' && onMicrosoft(a.personId) && m.attendees.some((b) => b.personId !== a.personId && onMicrosoft(b.personId))),
    );
    expect(seenByOthers.length).toBeGreaterThan(5);
  });

  it('counts for each person on Microsoft 365 exactly the meetings they did not decline', () => {
    const expected = new Map<string, number>();
    for (const m of meetings()) {
      const taking = [{ personId: m.organizerId, response: 'organizer' }, ...m.attendees].filter((a) => a.response !== 'declined');
      if (taking.length < 2) continue;
      for (const { personId } of taking) {
        if (!onMicrosoft(personId)) continue;
        const key = `${pseudonymOfPerson(personId)}|${m.start.toISOString().slice(0, 10)}`;
        expected.set(key, (expected.get(key) ?? 0) + 1);
      }
    }
    const microsoftPeople = new Set(f.org.people.filter((p) => onMicrosoft(p.id)).map((p) => pseudonymOfPerson(p.id)));
    const got = new Map([...counted].filter(([key]) => microsoftPeople.has(key.split('|')[0] as string)));
    expect(expected.size).toBeGreaterThan(20);
    expect(Object.fromEntries([...got].sort())).toEqual(Object.fromEntries([...expected].sort()));
  });
});

/** One copy of the 10:00–11:00 meeting `conversation` on Tue 2024-01-16 in `owner`'s Microsoft calendar. */
const copy = (owner: string, conversation: string, response: ActivityEvent['response'], listed: string[]): ActivityEvent => ({
  ...featureEvent({ id: `${conversation}-${owner}`, kind: 'meeting', actor: owner, start: '2024-01-16T10:00:00Z', end: '2024-01-16T11:00:00Z', with: listed, response, conversation }),
  source: 'microsoft',
});

describe('meeting attendance by copy', () => {
  const people = ['olga', 'xavi', 'pat', 'quinn'].map((name) => person(name, 'UTC'));
  /** Pat declined the review in their own calendar; Xavi's copy still lists them. */
  const review = [copy('olga', 'review', 'organizer', ['xavi']), copy('xavi', 'review', 'accepted', ['olga', 'pat']), copy('pat', 'review', 'declined', ['olga', 'xavi'])];
  /** Quinn's calendar is not read: Olga's copy of the planning leaves them out (declined), Xavi's lists them. */
  const planning = [copy('xavi', 'planning', 'accepted', ['olga', 'quinn']), copy('olga', 'planning', 'organizer', ['xavi'])];
  /** An outside organiser: only Xavi's copy, which lists Quinn, whose answer nobody knows. */
  const demo = [copy('xavi', 'demo', 'accepted', ['quinn'])];
  const dayOf = (rows: Record<string, unknown>[], name: string) => rows.find((r) => r.person === pseudonymOf(name) && r.day === '2024-01-16');
  let incremental: Awaited<ReturnType<typeof openFeatureStore>>;
  let full: Awaited<ReturnType<typeof openFeatureStore>>;

  beforeAll(async () => {
    incremental = await openFeatureStore(people);
    // Xavi's copies first, the organiser's and Pat's copies in a later sync.
    await incremental.load([review[1], planning[0], ...demo] as ActivityEvent[]);
    await incremental.recompute('incremental');
    await incremental.load([review[0], review[2], planning[1]] as ActivityEvent[]);
    await incremental.recompute('incremental');
    full = await openFeatureStore(people);
    await full.load([...review, ...planning, ...demo]);
    await full.recompute('full');
  });
  afterAll(async () => {
    await incremental.close();
    await full.close();
  });

  it('follows the person’s own answer, else the organiser’s copy, never another attendee’s', async () => {
    const rows = (await full.tables()).person_day_features ?? [];
    expect(dayOf(rows, 'pat')).toBeUndefined();
    expect(dayOf(rows, 'quinn')).toMatchObject({ meeting_count: 1, distinct_collaborators: 1 });
    expect(dayOf(rows, 'xavi')).toMatchObject({ meeting_count: 3, distinct_collaborators: 2 });
    expect(dayOf(rows, 'olga')).toMatchObject({ meeting_count: 2, distinct_collaborators: 1 });
  });

  it('gives the same rows when the deciding copies arrive after the others', async () => {
    expect(await incremental.tables()).toEqual(await full.tables());
  });
});
