import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceConnector } from '../../../connectors/source-connector.ts';
import { startGoogleFixture, type GoogleFixture } from './google-fixture.ts';

/** Retries quick enough for a test; timeouts well under the simulator's 5 s stall. */
const testRetry = { retry: { baseDelayMs: 5, maxDelayMs: 2_000 }, timeoutMs: 500 };

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
  let clean: GoogleFixture;
  let flaky: GoogleFixture;
  let capped: GoogleFixture;
  beforeAll(async () => {
    clean = await startGoogleFixture({ people: 120 });
    flaky = await startGoogleFixture({ people: 120, simulator: { faults: { share: 0.05, seed: 11 } } });
    capped = await startGoogleFixture({ people: 120, simulator: { pageCap: 7 } });
  });
  afterAll(async () => {
    await Promise.all([clean.close(), flaky.close(), capped.close()]);
  });

  it('with 5 % of requests failing (5xx with and without Retry-After, timeouts, resets), one sync completes and equals a clean one', async () => {
    const expected = await sync(clean, clean.connector());
    const connector = flaky.connector(testRetry);
    const got = await sync(flaky, connector);
    // Every API request is counted, the retries included (the token requests are the auth library's).
    expect(connector.requestsMade()).toBe(flaky.sim.requests() - flaky.sim.requests('token'));
    const served = flaky.sim.faults.served();
    expect(Object.values(served).reduce((a, b) => a + b, 0)).toBeGreaterThan(3);
    expect(got.people).toEqual(expected.people);
    expect(got.events.length).toBeGreaterThan(100);
    expect(got.events).toEqual(expected.events);
  }, 60_000);

  it('loses nobody and nothing when the server caps pages far below the requested size', async () => {
    const expected = await sync(clean, clean.connector());
    const got = await sync(capped, capped.connector({ directoryPageSize: 50, pageSize: 100 }));
    expect(got.people).toEqual(expected.people);
    expect(got.events).toEqual(expected.events);
  }, 60_000);

  it("contains an outage of one person's calendar: that stream fails alone, every other is read, the next read fills the gap", async () => {
    const expected = await sync(clean, clean.connector());
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
