import { describe, expect, it } from 'vitest';
import { AuthError } from '../../../models/errors.ts';
import { CANARY } from '../../../simulator/canary.ts';
import { calendarKey } from './expected-microsoft-events.ts';
import { startMicrosoftFixture } from './microsoft-fixture.ts';

describe('Microsoft connector under throttling, revocation and bad records', () => {
  it('rides out a 429 storm through its own rate limiter and returns the same events', async () => {
    const f = await startMicrosoftFixture({ seed: 11 });
    try {
      const calm = await f.readAll(f.connector(), f.period);
      expect(f.sim.rateLimited()).toBe(0);
      const connector = f.connector();
      await connector.listStreams();
      f.sim.injectRateLimitStorm(6);
      const started = Date.now();
      const stormy = await f.readAll(connector, f.period);
      expect(f.sim.rateLimited()).toBe(6);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
      expect(stormy.events.map(calendarKey).sort()).toEqual(calm.events.map(calendarKey).sort());
      expect(stormy.events.length).toBeGreaterThan(100);
    } finally {
      await f.close();
    }
  });

  it('paces a mailbox within its budget instead of bursting into 429s', async () => {
    const f = await startMicrosoftFixture({ seed: 12, rateScale: 1.5 }); // 1,500 requests a minute per mailbox: 25 a second
    try {
      // The directory's own budget is lifted (the simulator's burst covers it), so only the mailbox's pacing shows.
      const connector = f.connector({ pageSize: 1, budgets: { directory: 1e6, mailbox: 1_500, teams: 1e6 } });
      const [stream] = (await connector.listStreams()).filter((s) => s.startsWith('calendar:'));
      const started = Date.now();
      const batch = await connector.fetchStream(stream!, null, f.period);
      const elapsed = (Date.now() - started) / 1000;
      expect(batch.requests).toBeGreaterThan(20);
      expect(elapsed).toBeGreaterThanOrEqual((batch.requests - 3) / 25 - 0.1);
      expect(f.sim.rateLimited()).toBe(0);
    } finally {
      await f.close();
    }
  });

  it('stops with an AuthError naming MS_CLIENT_SECRET for a wrong secret and after revocation, without the secret in the message', async () => {
    const f = await startMicrosoftFixture({ seed: 13 });
    try {
      const wrong = await f.connector({ clientSecret: 'sim~not-the-secret' }).checkAccess().catch((e: unknown) => e);
      expect(wrong).toBeInstanceOf(AuthError);
      expect((wrong as AuthError).setting).toBe('MS_CLIENT_SECRET');
      expect((wrong as Error).message).toContain('MS_CLIENT_SECRET');
      expect((wrong as Error).message).not.toContain('not-the-secret');

      const connector = f.connector();
      const streams = await connector.listStreams();
      f.sim.revoke();
      const revoked = await connector.fetchStream(streams[0]!, null, f.period).catch((e: unknown) => e);
      expect(revoked).toBeInstanceOf(AuthError);
      expect((revoked as AuthError).setting).toBe('MS_CLIENT_SECRET');
      expect((revoked as Error).message).not.toContain(f.sim.clientSecret);
      await expect(f.connector().readDirectory()).rejects.toBeInstanceOf(AuthError);
    } finally {
      await f.close();
    }
  });

  it('quarantines malformed events and messages with paths and codes only, and leaks no content, email or Graph id anywhere', async () => {
    const f = await startMicrosoftFixture({ seed: 14, malformed: 6 });
    try {
      const connector = f.connector();
      const dir = await connector.readDirectory();
      const { batches, events } = await f.readAll(connector, f.period);
      const quarantined = [...batches.values()].flatMap((b) => b.quarantined);
      expect(quarantined).toHaveLength(6);
      expect(quarantined.every((q) => /^[\w.]+: \w+(; [\w.]+: \w+)*$/.test(q.problem) && q.source === 'microsoft')).toBe(true);
      for (const bad of f.sim.tenant.calendars.malformed) expect(quarantined.some((q) => q.recordRef === bad.id)).toBe(true);
      expect(events.length).toBeGreaterThan(100);

      const errors = await Promise.all([
        f.connector({ clientSecret: 'wrong' }).checkAccess().catch((e: unknown) => String(e)),
        (async () => {
          f.sim.revoke();
          return connector.fetchStream([...batches.keys()][0]!, null, f.period).catch((e: unknown) => String(e));
        })(),
      ]);
      const { people, teams, memberships, segments } = dir;
      const text = JSON.stringify({ people, teams, memberships, segments, events, batches: [...batches], errors });
      expect(text).not.toContain(CANARY);
      expect(text).not.toContain('@');
      for (const user of f.sim.tenant.directory.users) expect(text).not.toContain(user.id);
      for (const p of f.org.people) expect(text).not.toContain(p.familyName);
      expect(text).not.toContain(f.sim.tenant.directory.tenantId);
    } finally {
      await f.close();
    }
  });
});
