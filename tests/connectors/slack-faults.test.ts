import { describe, expect, it } from 'vitest';
import { faultFixtures, testRetry } from './fault-fixtures.ts';
import type { SourceConnector } from '../../connectors/source-connector.ts';
import { startSlackFixture, type SlackFixture } from './slack-fixture.ts';


/** One sync as `attune run` does it: the directory, then every stream; people and events in a stable order. */
async function sync(fixture: SlackFixture, connector: SourceConnector) {
  const directory = await connector.readDirectory();
  const { events, batches } = await fixture.readAll(connector, fixture.period);
  return {
    people: directory.people.map((p) => `${p.pseudonym} ${p.timeZone}`).sort(),
    teams: directory.memberships.map((m) => `${m.team} ${m.person}`).sort(),
    skipped: [...batches.values()].filter((b) => b.skipped !== null).length,
    events: events.map((e) => JSON.stringify(e)).sort(),
  };
}

describe('Slack connector against a workspace that fails some requests', () => {
  const f = faultFixtures((simulator) => startSlackFixture({ people: 60, simulator }));

  it('with 5 % of requests failing (5xx with and without Retry-After, timeouts, resets), one sync completes and equals a clean one', async () => {
    const expected = await sync(f.clean, f.clean.connector());
    const connector = f.flaky.connector(testRetry);
    const got = await sync(f.flaky, connector);
    // Every request is counted, the client's own retries included.
    expect(connector.requestsMade()).toBe(f.flaky.sim.requests());
    expect(Object.values(f.flaky.sim.faults.served()).reduce((a, b) => a + b, 0)).toBeGreaterThan(5);
    expect(got.people).toEqual(expected.people);
    expect(got.teams).toEqual(expected.teams);
    expect(got.skipped).toBe(expected.skipped);
    expect(got.events.length).toBeGreaterThan(100);
    expect(got.events).toEqual(expected.events);
  }, 90_000);

  it("waits a 503's Retry-After instead of the client's quick retries, for more attempts than the client makes alone", async () => {
    const connector = f.flaky.connector({ retry: { attemptsPerRequest: 5, baseDelayMs: 5 } });
    await connector.listStreams();
    f.flaky.sim.injectServerErrors('users.list', 3, 1);
    const before = f.flaky.sim.requests('users.list');
    const started = Date.now();
    await expect(connector.readDirectory()).resolves.toMatchObject({ people: expect.any(Array) });
    expect(f.flaky.sim.requests('users.list') - before).toBeGreaterThanOrEqual(4);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_900);
  }, 30_000);

  it('loses nobody and nothing when the server caps pages far below the requested size', async () => {
    const expected = await sync(f.clean, f.clean.connector());
    const got = await sync(f.capped, f.capped.connector({ pageSize: 50 }));
    expect(got.people).toEqual(expected.people);
    expect(got.teams).toEqual(expected.teams);
    expect(got.events).toEqual(expected.events);
  }, 90_000);

  it('contains an outage of one channel: that stream fails alone, every other is read, the next read fills the gap', async () => {
    const expected = await sync(f.clean, f.clean.connector());
    const outage = await startSlackFixture({ people: 60 });
    try {
      const connector = outage.connector({ retry: { attemptsPerRequest: 2, baseDelayMs: 5 } });
      await connector.readDirectory();
      const streams = await connector.listStreams();
      const { batches } = await f.clean.readAll(f.clean.connector(), f.clean.period);
      const busiest = [...batches].sort(([, a], [, b]) => b.events.length - a.events.length)[0]![0];
      outage.sim.faults.setOutage(`conversations.history ${busiest}`);
      const results = await Promise.allSettled(streams.map((s) => connector.fetchStream(s, null, outage.period)));
      const failed = results.filter((r) => r.status === 'rejected');
      expect(failed).toHaveLength(1);
      expect((failed[0] as PromiseRejectedResult).reason).toMatchObject({ name: 'TransientError', message: 'Slack conversations.history answered HTTP 503' });
      const stored = results.flatMap((r) => (r.status === 'fulfilled' ? r.value.events : []));
      expect(stored.length).toBe(expected.events.length - batches.get(busiest)!.events.length);
      expect(stored.every((e) => expected.events.includes(JSON.stringify(e)))).toBe(true);

      outage.sim.faults.setOutage(null);
      expect((await sync(outage, outage.connector())).events).toEqual(expected.events);
    } finally {
      await outage.close();
    }
  }, 60_000);
});
