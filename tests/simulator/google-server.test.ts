import { createSign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGoogleJwt } from '../../connectors/google/create-google-jwt.ts';
import { CANARY } from '../../simulator/canary.ts';
import { startGoogleSimulator, type GoogleSimulator } from '../../simulator/google/google-server.ts';
import { generateOrganisation } from '../../simulator/organisation/generate-organisation.ts';
import { calendarProviderOf, planMeetings } from '../../simulator/organisation/plan-meetings.ts';

const CALENDAR = 'https://www.googleapis.com/auth/calendar.readonly';
const DIRECTORY = 'https://www.googleapis.com/auth/admin.directory.user.readonly';
const org = generateOrganisation({ seed: 5, people: 40, weeks: 2, end: new Date('2026-03-04T12:00:00Z') });
const google = org.people.filter((p) => calendarProviderOf(org, p.id) === 'google');
const microsoft = org.people.filter((p) => calendarProviderOf(org, p.id) === 'microsoft');

interface Answer {
  status: number;
  body: Record<string, unknown> & { error?: { code: number; errors: { reason: string; domain: string }[]; status: string } };
}

describe('simulated Google Workspace APIs', () => {
  let sim: GoogleSimulator;
  const tokens = new Map<string, string>();
  beforeAll(async () => {
    sim = await startGoogleSimulator({ organisation: org, now: org.period.end, rateScale: 1000 });
  });
  afterAll(() => sim.close());

  const tokenFor = async (subject: string, scope: string): Promise<string> => {
    const key = `${subject} ${scope}`;
    let token = tokens.get(key);
    if (!token) {
      token = (await createGoogleJwt(sim.credentials.serviceAccount, subject, scope).getAccessToken()).token ?? '';
      tokens.set(key, token);
    }
    return token;
  };
  const get = async (path: string, bearer: string | null): Promise<Answer> => {
    const res = await fetch(new URL(path, sim.url), { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });
    return { status: res.status, body: (await res.json()) as Answer['body'] };
  };
  const events = async (email: string, query: Record<string, string>) =>
    get(`calendar/v3/calendars/primary/events?${new URLSearchParams({ singleEvents: 'true', ...query })}`, await tokenFor(email, CALENDAR));
  const token = async (form: Record<string, string>) => {
    const res = await fetch(`${sim.url}token`, { method: 'POST', body: new URLSearchParams(form) });
    return { status: res.status, body: (await res.json()) as Record<string, string> };
  };

  it('issues tokens only for signed assertions of delegated scopes and active users of the domain', async () => {
    const key = sim.credentials.serviceAccount;
    const assertion = (claims: Record<string, unknown>, sign = true) => {
      const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const body = `${part({ alg: 'RS256', typ: 'JWT' })}.${part({ iss: key.client_email, aud: 'https://oauth2.googleapis.com/token', iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 600, ...claims })}`;
      const signature = sign ? createSign('RSA-SHA256').update(body).sign(key.private_key).toString('base64url') : 'forged';
      return { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: `${body}.${signature}` };
    };
    const user = google[1]?.email ?? '';
    expect((await token(assertion({ sub: user, scope: CALENDAR }))).status).toBe(200);
    expect(await token(assertion({ sub: user, scope: CALENDAR }, false))).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(await token(assertion({ sub: user, scope: 'https://www.googleapis.com/auth/drive' }))).toMatchObject({ status: 401, body: { error: 'unauthorized_client' } });
    expect(await token(assertion({ sub: microsoft[0]?.email, scope: CALENDAR }))).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    const suspended = sim.tenant.users.find((u) => u.suspended)?.email;
    expect(await token(assertion({ sub: suspended, scope: CALENDAR }))).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('answers the Directory to the administrator only, in pages, with org units, managers and suspended accounts', async () => {
    const admin = await tokenFor(sim.credentials.adminEmail, DIRECTORY);
    const other = await tokenFor(google.find((p) => p.managerId !== null)?.email ?? '', DIRECTORY);
    expect((await get('admin/directory/v1/users?customer=my_customer', other)).body.error).toMatchObject({ code: 403, errors: [{ reason: 'forbidden' }] });
    const users: { primaryEmail: string; orgUnitPath: string; suspended: boolean; relations?: { type: string; value: string }[] }[] = [];
    let pageToken = '';
    for (let pages = 1; ; pages++) {
      const page = await get(`admin/directory/v1/users?customer=my_customer&maxResults=10${pageToken ? `&pageToken=${pageToken}` : ''}`, admin);
      users.push(...(page.body.users as typeof users));
      if (!page.body.nextPageToken) {
        expect(pages).toBe(Math.ceil((google.length + 2) / 10));
        break;
      }
      pageToken = String(page.body.nextPageToken);
    }
    expect(users.filter((u) => !u.suspended).map((u) => u.primaryEmail).sort()).toEqual(google.map((p) => p.email).sort());
    expect(users.filter((u) => u.suspended)).toHaveLength(2);
    const byId = new Map(org.people.map((p) => [p.id, p]));
    for (const p of google) {
      const u = users.find((x) => x.primaryEmail === p.email);
      expect(u?.orgUnitPath).toMatch(/^\/([A-Z][\w ]*(\/[A-Z][\w ]*)?)?$/);
      expect(u?.relations?.[0]?.value).toBe(p.managerId ? byId.get(p.managerId)?.email : undefined);
    }
  });

  it('lists events in pages with nextSyncToken on the last one, hides cancelled ones unless asked, and keeps the future hidden', async () => {
    const owner = google.find((p) => p.managerId !== null && p.id !== sim.tenant.unknownTimeZonePersonId) ?? google[0];
    const email = owner?.email ?? '';
    const planned = planMeetings(org).filter((m) => m.organizerId === owner?.id || m.attendees.some((a) => a.personId === owner?.id));
    const all: { id: string; status: string; summary?: string; attendees?: { self?: boolean; email: string }[]; start: { date?: string } }[] = [];
    let pageToken = '';
    for (;;) {
      const page = await events(email, { maxResults: '7', showDeleted: 'true', ...(pageToken ? { pageToken } : {}) });
      all.push(...(page.body.items as typeof all));
      if (page.body.nextPageToken) {
        expect(page.body.nextSyncToken).toBeUndefined();
        pageToken = String(page.body.nextPageToken);
        continue;
      }
      expect(page.body.nextSyncToken).toEqual(expect.any(String));
      expect(page.body.timeZone).toBe(owner?.timeZone);
      break;
    }
    const end = org.period.end;
    expect(all).toHaveLength(planned.filter((m) => m.createdAt <= end).length);
    expect(all.filter((e) => e.status === 'cancelled')).toHaveLength(planned.filter((m) => m.cancelledAt && m.cancelledAt <= end).length);
    const live = all.filter((e) => e.status !== 'cancelled');
    expect(live.every((e) => e.summary?.startsWith(CANARY))).toBe(true);
    expect(live.filter((e) => e.attendees).every((e) => e.attendees?.filter((a) => a.self).map((a) => a.email).join() === email)).toBe(true);
    const hidden = await events(email, { maxResults: '2500' });
    expect(hidden.body.items).toHaveLength(live.length);

    const earlier = new Date(end.getTime() - 3 * 86_400_000);
    sim.setNow(earlier);
    try {
      const before = await events(email, { maxResults: '2500' });
      expect(before.body.items).toHaveLength(planned.filter((m) => m.createdAt <= earlier && !(m.cancelledAt && m.cancelledAt <= earlier)).length);
      sim.setNow(end);
      const changes = await events(email, { syncToken: String(before.body.nextSyncToken) });
      const changed = planned.filter((m) => (m.createdAt > earlier && m.createdAt <= end) || (m.cancelledAt && m.cancelledAt > earlier && m.cancelledAt <= end));
      expect(changes.body.items).toHaveLength(changed.length);
    } finally {
      sim.setNow(end);
    }
  });

  it('answers a fields selection with only the fields selected, and refuses a malformed one', async () => {
    const email = google[0]?.email ?? '';
    const served = sim.contentServed();
    const page = await events(email, { maxResults: '2500', fields: 'nextSyncToken,items(id,start/dateTime,attendees(email))' });
    const items = page.body.items as Record<string, unknown>[];
    expect(items.length).toBeGreaterThan(0);
    expect(Object.keys(page.body).sort()).toEqual(['items', 'nextSyncToken']);
    for (const item of items) {
      expect(Object.keys(item).every((k) => ['id', 'start', 'attendees'].includes(k))).toBe(true);
      expect(Object.keys(item.start as object).every((k) => k === 'dateTime')).toBe(true);
    }
    expect(sim.contentServed()).toBe(served);
    await events(email, { maxResults: '5' });
    expect(sim.contentServed()).toBeGreaterThan(served);
    const bad = await events(email, { maxResults: '5', fields: 'items(id' });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.errors[0]?.reason).toBe('invalidParameter');
  });

  it('speaks Google errors: sync token misuse, expiry, other calendars, bad credentials, throttling', async () => {
    const email = google[2]?.email ?? '';
    const full = await events(email, { maxResults: '2500' });
    const syncToken = String(full.body.nextSyncToken);
    expect((await events(email, { syncToken, timeMin: org.period.start.toISOString() })).body.error).toMatchObject({ code: 400, errors: [{ reason: 'invalid' }] });
    expect((await events(email, { syncToken: 'CPnot-a-token' })).body.error).toMatchObject({ code: 410, errors: [{ reason: 'fullSyncRequired', domain: 'global' }] });
    expect((await events(email, { syncToken })).status).toBe(200);
    sim.expireSyncTokens();
    expect((await events(email, { syncToken })).status).toBe(410);
    expect((await events(email, { timeMin: '2026-02-10T00:00:00Z', timeMax: '2026-02-09T00:00:00Z' })).body.error).toMatchObject({ errors: [{ reason: 'timeRangeEmpty' }] });

    const other = encodeURIComponent(google[3]?.email ?? '');
    expect((await get(`calendar/v3/calendars/${other}/events?singleEvents=true`, await tokenFor(email, CALENDAR))).status).toBe(404);
    expect((await get('calendar/v3/users/me/settings/timezone', null)).body.error).toMatchObject({ code: 401, status: 'UNAUTHENTICATED' });
    expect((await get('calendar/v3/users/me/settings/timezone', 'ya29.nonsense')).body.error).toMatchObject({ code: 401, errors: [{ reason: 'authError' }] });
    expect((await get('calendar/v3/users/me/settings/timezone', await tokenFor(email, DIRECTORY))).body.error).toMatchObject({ code: 403, errors: [{ reason: 'insufficientPermissions' }] });

    sim.injectRateLimitStorm(1, 'userRateLimitExceeded');
    expect((await events(email, {})).body.error).toMatchObject({ code: 403, errors: [{ reason: 'userRateLimitExceeded', domain: 'usageLimits' }] });
    sim.injectRateLimitStorm(1, 'tooManyRequests');
    const res = await fetch(new URL('calendar/v3/users/me/settings/timezone', sim.url), { headers: { authorization: `Bearer ${await tokenFor(email, CALENDAR)}` } });
    expect([res.status, res.headers.get('retry-after')]).toEqual([429, '1']);
    expect(sim.rateLimited()).toBe(2);
  });

  it('throttles each impersonated user at its per-minute quota times rateScale', async () => {
    const slow = await startGoogleSimulator({ organisation: org, now: org.period.end, rateScale: 0.01 });
    try {
      const bearer = (await createGoogleJwt(slow.credentials.serviceAccount, google[4]?.email ?? '', CALENDAR).getAccessToken()).token;
      const ask = () => fetch(new URL('calendar/v3/users/me/settings/timezone', slow.url), { headers: { authorization: `Bearer ${bearer}` } }).then((r) => r.json());
      expect(await ask()).toMatchObject({ value: google[4]?.timeZone });
      expect(await ask()).toMatchObject({ error: { code: 403, errors: [{ reason: 'rateLimitExceeded' }] } });
      expect(slow.rateLimited()).toBe(1);
    } finally {
      await slow.close();
    }
  });
});
