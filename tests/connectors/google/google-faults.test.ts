import { describe, expect, it } from 'vitest';
import { faultFixtures, testRetry } from '../fault-fixtures.ts';
import type { SourceConnector } from '../../../connectors/source-connector.ts';
import { startGoogleFixture, type GoogleFixture } from './google-fixture.ts';


/** One sync as `attune run` does it: the directory, then every stream; events and people in a stable order. */
async function sync(fixture: GoogleFixture, connector: SourceConnector) {
  const directory = await connector.readDirectory();
  const { events } = await fixture.readAll(connector, fixture.period);
  return {
    people: directory.people.map((p) => `${p.pseudonym} ${p.timeZone}`).sort(),
    events: events.map((e) => JSON.stringify(e)).sort(),
  };
}

describe('Google connector against a Workspace that fails some requests', () => {
  const f = faultFixtures((simulator) => startGoogleFixture({ people: 120, simulator }));

  it('with 5 % of requests failing (5xx with and without Retry-After, timeouts, resets), one sync completes and equals a clean one', async () => {
    const expected = await sync(f.clean, f.clean.connector());
    const connector = f.flaky.connector(testRetry);
    const got = await sync(f.flaky, connector);
    // Every API request is counted, the retries included (the token requests are the auth library's).
    expect(connector.requestsMade()).toBe(f.flaky.sim.requests() - f.flaky.sim.requests('token'));
    const served = f.flaky.sim.faults.served();
    expect(Object.values(served).reduce((a, b) => a + b, 0)).toBeGreaterThan(3);
    expect(got.people).toEqual(expected.people);
    expect(got.events.length).toBeGreaterThan(100);
    expect(got.events).toEqual(expected.events);
  }, 60_000);

  it('loses nobody and nothing when the server caps pages far below the requested size', async () => {
    const expected = await sync(f.clean, f.clean.connector());
    const got = await sync(f.capped, f.capped.connector({ directoryPageSize: 50, pageSize: 100 }));
    expect(got.people).toEqual(expected.people);
    expect(got.events).toEqual(expected.events);
  }, 60_000);

  it("contains an outage of one person's calendar: that stream fails alone, every other is read, the next read fills the gap", async () => {
    const expected = await sync(f.clean, f.clean.connector());
    const outage = await startGoogleFixture({ people: 120 });
    try {
      const connector = outage.connector({ retry: { attemptsPerRequest: 2, baseDelayMs: 5 } });
      await connector.readDirectory();
      const streams = await connector.listStreams();
      const someone = outage.sim.tenant.users.find((u) => !u.suspended && streams.includes(`calendar:${outage.pseudonymize('person', u.email)}`))!;
      outage.sim.faults.setOutage(`events:${someone.email}`);
      const results = await Promise.allSettled(streams.map((s) => connector.fetchStream(s, null, outage.period)));
      const failed = results.filter((r) => r.status === 'rejected');
      expect(failed).toHaveLength(1);
      expect((failed[0] as PromiseRejectedResult).reason).toMatchObject({ name: 'TransientError', message: 'Google calendar answered HTTP 503' });
      const stored = results.flatMap((r) => (r.status === 'fulfilled' ? r.value.events : []));
      expect(stored.length).toBeGreaterThan(expected.events.length / 2);
      expect(stored.every((e) => expected.events.includes(JSON.stringify(e)))).toBe(true);

      outage.sim.faults.setOutage(null);
      expect((await sync(outage, outage.connector())).events).toEqual(expected.events);
    } finally {
      await outage.close();
    }
  }, 60_000);
});
