import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityEvent } from '../../../models/activity-event.ts';
import { AuthError, ConfigError, TransientError } from '../../../models/errors.ts';
import type { RunWindow } from '../../../models/run-window.ts';
import { CANARY } from '../../../simulator/canary.ts';
import { calendarProviderOf } from '../../../simulator/organisation/plan-meetings.ts';
import { expectedGoogleEventId, expectedGoogleEvents, googleEventKey } from './expected-google-events.ts';
import { startGoogleFixture, type GoogleFixture } from './google-fixture.ts';

const MALFORMED = 3;
const keysOf = (events: ActivityEvent[]) => events.map(googleEventKey).sort();

describe('Google connector on the simulated workspace', () => {
  let f: GoogleFixture;
  let googlePeople: GoogleFixture['org']['people'];
  beforeAll(async () => {
    f = await startGoogleFixture({ malformed: MALFORMED });
    googlePeople = f.org.people.filter((p) => calendarProviderOf(f.org, p.id) === 'google');
  });
  afterAll(() => f.close());

  const expected = (window: RunWindow, now: Date) =>
    expectedGoogleEvents(f.org, f.sim.tenant, f.meetings, f.pseudonymize, new Date(window.start), new Date(window.end), now);

  it("checks access with one Directory call and one Calendar call as the administrator, a token for each scope", async () => {
    const users = f.sim.requests('users');
    const tokens = f.sim.requests('token');
    await expect(f.connector().checkAccess()).resolves.toEqual({ missing: [] });
    expect(f.sim.requests('users')).toBe(users + 1);
    expect(f.sim.requests('token')).toBe(tokens + 2);
  });

  it('reads the directory across pages: people, time zones, org-unit teams, segments, suspended excluded', async () => {
    const before = f.sim.requests('users');
    const dir = await f.connector({ directoryPageSize: 7 }).readDirectory();
    const accounts = f.sim.tenant.users.length;
    expect(f.sim.requests('users') - before).toBe(Math.ceil(accounts / 7));
    expect(dir.people.map((p) => p.pseudonym).sort()).toEqual(googlePeople.map((p) => f.pseudonymize('person', p.email)).sort());
    expect(dir.excluded).toBe(2);
    expect(dir.unresolved).toBe(0);

    const unknown = f.sim.tenant.unknownTimeZonePersonId;
    for (const p of googlePeople) {
      const person = dir.people.find((x) => x.pseudonym === f.pseudonymize('person', p.email));
      expect(person?.timeZone).toBe(p.id === unknown ? 'UTC' : p.timeZone);
      expect(person?.timeZoneKnown).toBe(p.id !== unknown);
      expect(person?.workingHoursKnown).toBe(false);
    }
    expect(unknown).not.toBeNull();

    const teams = new Map(f.org.teams.map((t) => [t.id, t]));
    for (const p of googlePeople) {
      const team = teams.get(p.teamId);
      const memberships = dir.memberships.filter((m) => m.person === f.pseudonymize('person', p.email));
      if (!team?.parentId) {
        expect(memberships).toEqual([]);
        continue;
      }
      const department = team.parentId === 'team-root' ? team : teams.get(team.parentId);
      const path = team === department ? `/${team.name}` : `/${department?.name}/${team.name}`;
      expect(memberships.map((m) => [m.team, m.teamName])).toEqual([[`google:${path}`, team.name]]);
      expect(dir.segments.filter((s) => s.person === memberships[0]?.person && s.dimension === 'department').map((s) => s.value)).toEqual([department?.name]);
    }
    for (const t of dir.teams) {
      const path = t.team.slice('google:'.length);
      const parent = path.slice(0, path.lastIndexOf('/'));
      expect(t.parent).toBe(parent ? `google:${parent}` : null);
      expect(t.teamName).toBe(path.slice(path.lastIndexOf('/') + 1));
    }
    expect(dir.segments.filter((s) => s.dimension === 'location').length).toBeGreaterThan(5);
    const ids = new Map(f.sim.tenant.users.map((u) => [u.email, u.id]));
    for (const i of dir.identities) expect(i.sourceIds).toEqual([{ source: 'google', id: ids.get(i.email ?? '') }]);
  });

  it('reads every calendar across many small pages: events as planned, malformed ones quarantined', async () => {
    const connector = f.connector({ pageSize: 20 });
    const streams = await connector.listStreams();
    expect(streams).toHaveLength(googlePeople.length);
    expect(streams.every((s) => /^calendar:[0-9a-f]{32}$/.test(s))).toBe(true);
    const events = f.sim.requests('events');
    const { batches, events: read } = await f.readAll(connector, f.period);

    expect(keysOf(read)).toEqual(expected(f.period, f.org.period.end));
    expect(new Set(read.map((e) => e.sourceEventId)).size).toBe(read.length);
    const perCalendar = [...f.sim.tenant.calendars.values()].map((c) => Math.max(1, Math.ceil(c.filter((e) => e.end > f.org.period.start.getTime()).length / 20)));
    expect(f.sim.requests('events') - events).toBe(perCalendar.reduce((a, b) => a + b, 0));
    expect([...batches.values()].reduce((n, b) => n + b.requests, 0)).toBe(f.sim.requests('events') - events);

    const quarantined = [...batches.values()].flatMap((b) => b.quarantined);
    expect(quarantined.map((q) => q.recordRef).sort()).toEqual(f.sim.tenant.malformed.map((m) => m.entryId).sort());
    expect(quarantined.map((q) => q.problem).sort()).toEqual(['attendees: invalid_type', 'attendees.2.responseStatus: invalid_value', 'start.dateTime: invalid_format'].sort());

    for (const kind of ['meeting', 'all_day_event', 'out_of_office', 'focus_block'] as const) expect(read.filter((e) => e.kind === kind).length).toBeGreaterThan(0);
    expect(read.filter((e) => e.response === 'declined').length).toBeGreaterThan(10);
    expect(read.filter((e) => e.online === true).length).toBeGreaterThan(10);
    expect(read.filter((e) => e.online === false).length).toBeGreaterThan(10);
    expect(read.filter((e) => (e.size ?? 0) > 8).length).toBeGreaterThan(10);
  });

  it('maps declined invitations, Meet and the Teams add-on, and out-of-office from the planned meetings', async () => {
    const { events } = await f.readAll(f.connector(), f.period);
    const byId = new Map(events.map((e) => [e.sourceEventId, e]));
    const onGoogle = (id: string) => calendarProviderOf(f.org, id) === 'google';
    const visible = f.meetings.filter((m) => !m.cancelledAt && m.createdAt <= f.org.period.end && onGoogle(m.organizerId));
    const declined = visible.flatMap((m) => m.attendees.filter((a) => a.response === 'declined' && onGoogle(a.personId)).map((a) => ({ m, a })));
    const email = (id: string) => f.org.people.find((p) => p.id === id)?.email ?? '';
    for (const { m, a } of declined.slice(0, 20)) {
      const own = byId.get(expectedGoogleEventId(f.pseudonymize, m, a.personId));
      expect(own?.response).toBe('declined');
      const organizers = byId.get(expectedGoogleEventId(f.pseudonymize, m, m.organizerId));
      expect(organizers?.response).toBe('organizer');
      expect(organizers?.counterparts).not.toContain(f.pseudonymize('person', email(a.personId)));
    }
    const teams = f.meetings.find((m) => m.online && !m.cancelledAt && !onGoogle(m.organizerId) && m.attendees.some((a) => onGoogle(a.personId)));
    const guest = teams?.attendees.find((a) => onGoogle(a.personId));
    if (teams && guest) expect(byId.get(expectedGoogleEventId(f.pseudonymize, teams, guest.personId))?.online).toBe(true);
    const ooo = visible.find((m) => m.kind === 'out_of_office');
    if (ooo) expect(byId.get(expectedGoogleEventId(f.pseudonymize, ooo, ooo.organizerId))).toMatchObject({ kind: 'out_of_office', online: null, size: 1, counterparts: [] });
  });

  it('reads incrementally: the second run fetches only changes and ends where a full read would', async () => {
    const mid = new Date(f.org.period.start.getTime() + 8 * 86_400_000);
    const first: RunWindow = { start: f.period.start, end: mid.toISOString() };
    f.sim.setNow(mid);
    try {
      const connector = f.connector();
      const run1 = await f.readAll(connector, first);
      expect(keysOf(run1.events)).toEqual(expected(first, mid));

      f.sim.setNow(f.org.period.end);
      const positions = new Map([...run1.batches].map(([s, b]) => [s, b.position]));
      const before = f.sim.requests('events');
      const run2 = await f.readAll(connector, f.period, positions);
      expect(f.sim.requests('events') - before).toBe(2 * positions.size);
      expect(run2.events.every((e) => e.end > mid)).toBe(true);

      const store = new Map(run1.events.map((e) => [e.sourceEventId, e]));
      for (const id of [...run2.batches.values()].flatMap((b) => b.deleted)) store.delete(id);
      for (const e of run2.events) store.set(e.sourceEventId, e);
      expect(keysOf([...store.values()])).toEqual(expected(f.period, f.org.period.end));

      const again = await f.readAll(connector, f.period, new Map([...run2.batches].map(([s, b]) => [s, b.position])));
      expect(again.events).toEqual([]);
      expect([...again.batches.values()].every((b) => b.deleted.length === 0 && b.requests === 1)).toBe(true);
    } finally {
      f.sim.setNow(f.org.period.end);
    }
  });

  it('turns cancellations after the last read into deletions of events it returned, and sees new ones', async () => {
    const mid = new Date(f.org.period.start.getTime() + 6 * 86_400_000);
    f.sim.setNow(mid);
    try {
      const connector = f.connector();
      const run1 = await f.readAll(connector, f.period);
      expect(keysOf(run1.events)).toEqual(expected(f.period, mid));
      f.sim.setNow(f.org.period.end);
      const before = f.sim.requests('events');
      const run2 = await f.readAll(connector, f.period, new Map([...run1.batches].map(([s, b]) => [s, b.position])));
      expect(f.sim.requests('events') - before).toBe(run1.batches.size);

      const deleted = new Set([...run2.batches.values()].flatMap((b) => b.deleted));
      const onGoogle = (id: string) => calendarProviderOf(f.org, id) === 'google';
      const malformed = new Set(f.sim.tenant.malformed.map((m) => m.meetingId));
      const cancelled = f.meetings.filter((m) => m.cancelledAt && m.cancelledAt > mid && m.cancelledAt <= f.org.period.end && m.createdAt <= mid && !malformed.has(m.id));
      const ids = cancelled.flatMap((m) => [m.organizerId, ...m.attendees.map((a) => a.personId)].filter(onGoogle).map((p) => expectedGoogleEventId(f.pseudonymize, m, p)));
      expect(ids.length).toBeGreaterThan(5);
      const returned = new Set(run1.events.map((e) => e.sourceEventId));
      for (const id of ids) {
        expect(returned.has(id)).toBe(true);
        expect(deleted.has(id)).toBe(true);
      }
      const created = f.meetings.filter((m) => m.createdAt > mid && m.createdAt <= f.org.period.end && !m.cancelledAt && onGoogle(m.organizerId));
      expect(created.length).toBeGreaterThan(5);
      const fresh = new Set(run2.events.map((e) => e.sourceEventId));
      for (const m of created) if (!malformed.has(m.id)) expect(fresh.has(expectedGoogleEventId(f.pseudonymize, m, m.organizerId))).toBe(true);
    } finally {
      f.sim.setNow(f.org.period.end);
    }
  });

  it('recovers from an expired sync token with a full resync, not an error and not a gap', async () => {
    const connector = f.connector();
    const run1 = await f.readAll(connector, f.period);
    f.sim.expireSyncTokens();
    const before = f.sim.requests('events');
    const run2 = await f.readAll(connector, f.period, new Map([...run1.batches].map(([s, b]) => [s, b.position])));
    expect(f.sim.requests('events') - before).toBe(2 * run1.batches.size);
    expect(keysOf(run2.events)).toEqual(keysOf(run1.events));
    for (const [stream, batch] of run2.batches) expect(batch.position).not.toBe(run1.batches.get(stream)?.position);
    const deleted = [...run2.batches.values()].flatMap((b) => b.deleted);
    expect(deleted.length).toBeGreaterThan(0);
    expect(deleted.filter((id) => run2.events.some((e) => e.sourceEventId === id))).toEqual([]);
  });

  it('rides out 403 rateLimitExceeded, 403 userRateLimitExceeded and 429 storms with its own retries', async () => {
    const connector = f.connector();
    const streams = (await connector.listStreams()).slice(0, 6);
    const calm = await Promise.all(streams.map((s) => connector.fetchStream(s, null, f.period)));
    const limited = f.sim.rateLimited();
    const before = f.sim.requests('events');
    f.sim.injectRateLimitStorm(4, 'rateLimitExceeded');
    f.sim.injectRateLimitStorm(3, 'userRateLimitExceeded');
    f.sim.injectRateLimitStorm(3, 'tooManyRequests');
    const stormy = await Promise.all(streams.map((s) => connector.fetchStream(s, null, f.period)));
    expect(f.sim.rateLimited() - limited).toBe(10);
    expect(f.sim.requests('events') - before).toBe(streams.length + 10);
    expect(stormy.map((b) => keysOf(b.events))).toEqual(calm.map((b) => keysOf(b.events)));
  });

  it('stops with an AuthError naming the setting when the delegation is revoked or the admin is wrong', async () => {
    const warmed = f.connector({ retry: { attemptsPerRequest: 2, baseDelayMs: 5 } });
    const stream = (await warmed.listStreams())[0] ?? '';
    await warmed.fetchStream(stream, null, f.period);
    const nonAdmin = googlePeople.find((p) => p.managerId !== null)?.email ?? '';
    await expect(f.connector({ adminEmail: nonAdmin }).checkAccess()).rejects.toMatchObject({ name: 'AuthError', setting: 'GOOGLE_ADMIN_EMAIL' });
    await expect(f.connector({ adminEmail: `nobody@${f.org.domain}` }).readDirectory()).rejects.toMatchObject({ name: 'AuthError', setting: 'GOOGLE_ADMIN_EMAIL' });
    expect(() => f.connector({ serviceAccount: { type: 'service_account', client_email: 'x' } })).toThrow(ConfigError);

    f.sim.injectServerErrors(1);
    await expect(warmed.fetchStream(stream, null, f.period)).resolves.toMatchObject({ skipped: null });
    f.sim.injectServerErrors(2);
    await expect(warmed.fetchStream(stream, null, f.period)).rejects.toBeInstanceOf(TransientError);

    const sim = await startGoogleFixture({ people: 30, weeks: 1 });
    try {
      const connector = sim.connector();
      const first = (await connector.listStreams())[0] ?? '';
      await connector.fetchStream(first, null, sim.period);
      sim.sim.revoke();
      const errors = await Promise.all([connector.fetchStream(first, null, sim.period).catch((e: unknown) => e), sim.connector().checkAccess().catch((e: unknown) => e)]);
      for (const error of errors) {
        expect(error).toBeInstanceOf(AuthError);
        expect(error).toMatchObject({ setting: 'GOOGLE_SERVICE_ACCOUNT_FILE', source: 'google' });
        expect(String((error as Error).message)).not.toMatch(/@|ya29|\d{21}/);
      }
    } finally {
      await sim.close();
    }
  });

  it('keeps content, addresses and Google ids out of everything it returns', async () => {
    const connector = f.connector();
    const dir = await connector.readDirectory();
    const { batches } = await f.readAll(connector, f.period);
    const out = JSON.stringify({ dir: { ...dir, identities: [] }, batches: [...batches] });
    expect(out).not.toContain(CANARY);
    expect(out).not.toContain('@');
    for (const u of f.sim.tenant.users) expect(out).not.toContain(u.id);
    for (const p of f.org.people.slice(0, 30)) expect(out).not.toContain(p.familyName);
  });

  it('reads a first window without expanding the instances after it', async () => {
    const window = { start: f.period.start, end: new Date(Date.parse(f.period.end) - 7 * 86_400_000).toISOString() };
    const before = f.sim.itemsServed();
    const { batches, events } = await f.readAll(f.connector(), window);
    const kept = events.length + [...batches.values()].reduce((n, b) => n + b.deleted.length + b.quarantined.length, 0);
    expect(events.length).toBeGreaterThan(50);
    expect(f.sim.itemsServed() - before).toBe(kept);
  });

  it('asks Calendar for metadata only: no title, description or location crosses the wire', async () => {
    const before = { events: f.sim.requests('events'), content: f.sim.contentServed() };
    const { events } = await f.readAll(f.connector(), f.period);
    expect(events.length).toBeGreaterThan(100);
    expect(f.sim.requests('events')).toBeGreaterThan(before.events);
    expect(f.sim.contentServed()).toBe(before.content);
  });
});
