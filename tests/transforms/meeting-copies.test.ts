import { describe, expect, it } from 'vitest';
import type { ActivityEvent, MeetingResponse } from '../../models/activity-event.ts';
import { person, pseudonymOf } from './activity-fixtures.ts';
import { featureEvent } from './feature-event.ts';
import { openFeatureStore } from './feature-store.ts';

/**
 * Meetings held in several calendars whose copies disagree. Their collaboration edges: a person
 * takes the edges of every copy that lists them and is not declined, to every other person it
 * lists who takes part (the meeting-absences rules); a meeting instance (conversation and start)
 * counts once, a copy without a conversation is a meeting of its own. All on Tue 2024-01-16, in UTC.
 */
const names = ['ana', 'ben', 'cat', 'dan', 'eve', 'fay', 'gus', 'kim', 'lee', 'mia'];
const people = names.map((name) => person(name, 'UTC'));

/** `owner`'s copy of `meeting` from `start` (UTC, half an hour), listing `listed`. */
function copy(owner: string, meeting: string, start: string, response: MeetingResponse, listed: string[], extra: Partial<ActivityEvent> = {}): ActivityEvent {
  const at = new Date(`2024-01-16T${start}:00Z`);
  const end = new Date(at.getTime() + 30 * 60_000).toISOString();
  return { ...featureEvent({ id: `${meeting}-${owner}-${start}`, kind: 'meeting', actor: owner, start: at.toISOString(), end, with: listed, response, conversation: meeting }), ...extra };
}

/** The organiser's copy stored: Dan declined in his own copy, Eve is listed only by Ben's copy (the organiser's leaves her out). */
const planning = [
  copy('ana', 'planning', '10:00', 'organizer', ['ben', 'cat', 'dan']),
  copy('ben', 'planning', '10:00', 'accepted', ['ana', 'cat', 'dan', 'eve']),
  copy('dan', 'planning', '10:00', 'declined', ['ana', 'ben', 'cat']),
];
/** No organiser's copy: Gus's copy (12 people, not meaningful) also lists Ana; Kim's lists only Gus; Lee declined, and only Lee's copy lists Mia. */
const review = [
  copy('fay', 'review', '13:00', 'accepted', ['gus']),
  copy('gus', 'review', '13:00', 'accepted', ['fay', 'ana'], { size: 12 }),
  copy('kim', 'review', '13:00', 'accepted', ['gus']),
  copy('lee', 'review', '13:00', 'declined', ['fay', 'mia']),
];
/** A meeting without a conversation, in Ana's calendar only. */
const adHoc = [copy('ana', 'ad-hoc', '15:00', 'accepted', ['ben', 'cat'], { conversation: null })];
/** A meeting moved to 16:00: Ben's copy has the move, Cat's is stale at 09:00 and lists Eve as well. */
const moved = [copy('ben', 'sync', '16:00', 'accepted', ['cat']), copy('cat', 'sync', '09:00', 'accepted', ['ben', 'eve'])];
const allCopies = [...planning, ...review, ...adHoc, ...moved];

/** (person, other) → [interactions, meaningful interactions] on 2024-01-16, each direction listed. */
const expected: Record<string, [number, number]> = {
  'ana>ben': [2, 2], // planning, ad-hoc
  'ana>cat': [2, 2],
  'ana>fay': [1, 0], // Gus's 12-people copy
  'ana>gus': [1, 0],
  'ben>ana': [2, 2],
  'ben>cat': [4, 4], // planning, ad-hoc, sync at 16:00 and at 09:00
  'ben>eve': [1, 1], // the stale 09:00 copy; Eve is absent from the planning
  'cat>ana': [2, 2],
  'cat>ben': [4, 4],
  'cat>eve': [1, 1],
  'eve>ben': [1, 1],
  'eve>cat': [1, 1],
  'fay>ana': [1, 0],
  'fay>gus': [1, 1], // Fay's own copy of 2 is meaningful
  'gus>ana': [1, 0],
  'gus>fay': [1, 1],
  'gus>kim': [1, 1],
  'kim>gus': [1, 1], // not Fay nor Ana: Kim's copy lists only Gus
};

const byName = new Map(names.map((name) => [pseudonymOf(name), name]));

/** The person_day_collaborations rows as (person>other) → [interactions, meaningful], names for pseudonyms. */
async function collaborations(f: Awaited<ReturnType<typeof openFeatureStore>>): Promise<Record<string, [number, number]>> {
  const rows = (await f.tables()).person_day_collaborations ?? [];
  expect(rows.every((r) => r.day === '2024-01-16')).toBe(true);
  return Object.fromEntries(
    rows.map((r) => [`${byName.get(String(r.person))}>${byName.get(String(r.other))}`, [Number(r.interactions), Number(r.meaningful_interactions)]]),
  );
}

describe('collaborations of a meeting whose copies list different attendees', () => {
  it.each([1, 3, 4])('full recompute in %i part(s)', async (parts) => {
    const f = await openFeatureStore(people);
    try {
      await f.load(allCopies);
      await f.recompute('full', parts);
      expect(await collaborations(f)).toEqual(expected);
    } finally {
      await f.close();
    }
  });

  it('incremental, the copies arriving in two syncs, recomputed in parts', async () => {
    const f = await openFeatureStore(people);
    try {
      await f.load([planning[0], review[0], review[2], moved[0], ...adHoc] as ActivityEvent[]);
      await f.recompute('incremental', 3);
      await f.load([planning[1], planning[2], review[1], review[3], moved[1]] as ActivityEvent[]);
      await f.recompute('incremental', 2);
      expect(await collaborations(f)).toEqual(expected);
    } finally {
      await f.close();
    }
  });
});

/** Ana and Ben, both accepted, also meet at 10:15 (over the planning's last quarter hour); Mia's meeting lists nobody else. */
const overlapping = [copy('ana', 'standup', '10:15', 'organizer', ['ben']), copy('ben', 'standup', '10:15', 'accepted', ['ana'])];
const alone = [copy('mia', 'alone', '11:00', 'accepted', [])];

/**
 * name → [meetings, meeting minutes, large meetings, double-booked minutes] on 2024-01-16. A person's meeting is
 * as large as the largest copy listing them says (Fay's own copy lists 2, Gus's says 12: large; Kim's lists only
 * Kim and Gus: not); only meetings a person accepted or organised in their own copy are double-booked.
 */
const expectedMeetings: Record<string, [number, number, number, number]> = {
  ana: [4, 120, 1, 15], // planning (organiser), standup (organiser), review (Gus's copy of 12), ad-hoc
  ben: [5, 150, 0, 15], // sync at 09:00 (Cat's stale copy), planning, standup, ad-hoc, sync at 16:00
  cat: [4, 120, 0, 0], // sync at 09:00 (own), planning (no own copy), ad-hoc, sync at 16:00
  eve: [1, 30, 0, 0], // the stale sync; absent from the planning
  fay: [1, 30, 1, 0],
  gus: [1, 30, 1, 0],
  kim: [1, 30, 0, 0],
};

/** The meeting columns of person_day_features of everyone with a meeting, by name. */
async function meetingFeatures(f: Awaited<ReturnType<typeof openFeatureStore>>): Promise<Record<string, [number, number, number, number]>> {
  const rows = (await f.tables()).person_day_features ?? [];
  return Object.fromEntries(
    rows
      .filter((r) => r.day === '2024-01-16' && Number(r.meeting_count) > 0)
      .map((r) => [byName.get(String(r.person)), [r.meeting_count, r.meeting_minutes, r.large_meeting_count, r.double_booked_minutes].map(Number)]),
  );
}

describe('day features of meetings whose copies list different attendees', () => {
  const copies = [...allCopies, ...overlapping, ...alone];

  it.each([1, 3])('full recompute in %i part(s)', async (parts) => {
    const f = await openFeatureStore(people);
    try {
      await f.load(copies);
      await f.recompute('full', parts);
      expect(await meetingFeatures(f)).toEqual(expectedMeetings);
    } finally {
      await f.close();
    }
  });

  it("a person's own copy that lists nobody else (a hidden guest list) still gives their answer and its size, when another copy lists them with others", async () => {
    const f = await openFeatureStore(people);
    try {
      await f.load([
        copy('ana', 'hidden', '10:00', 'accepted', [], { size: 20 }),
        copy('ben', 'hidden', '10:00', 'organizer', ['ana']),
        copy('ana', 'beside', '10:00', 'organizer', ['cat']),
        copy('cat', 'beside', '10:00', 'accepted', ['ana']),
        copy('dan', 'solo', '12:00', 'accepted', [], { size: 20 }),
      ]);
      await f.recompute('full', 2);
      // Ana: two meetings at once, both accepted in her own calendar (double-booked), one of 20 (large); Dan's lists nobody: no meeting.
      expect(await meetingFeatures(f)).toEqual({ ana: [2, 60, 1, 30], ben: [1, 30, 0, 0], cat: [1, 30, 0, 0] });
    } finally {
      await f.close();
    }
  });

  it('incremental, the copies arriving in two syncs', async () => {
    const f = await openFeatureStore(people);
    try {
      await f.load(copies.filter((_, i) => i % 2 === 0));
      await f.recompute('incremental', 2);
      await f.load(copies.filter((_, i) => i % 2 === 1));
      await f.recompute('incremental', 3);
      expect(await meetingFeatures(f)).toEqual(expectedMeetings);
    } finally {
      await f.close();
    }
  });
});
