import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceConnector } from '../../connectors/source-connector.ts';
import { startSlackFixture, type SlackFixture } from './slack-fixture.ts';

/** Retries quick enough for a test; timeouts well under the simulator's 5 s stall. */
const testRetry = { retry: { baseDelayMs: 5, maxDelayMs: 2_000 }, timeoutMs: 500 };

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
  let clean: SlackFixture;
  let flaky: SlackFixture;
  let capped: SlackFixture;
  beforeAll(async () => {
    clean = await startSlackFixture({ people: 60 });
    flaky = await startSlackFixture({ people: 60, simulator: { faults: { share: 0.05, seed: 11 } } });
    capped = await startSlackFixture({ people: 60, simulator: { pageCap: 7 } });
  });
  afterAll(async () => {
    await Promise.all([clean.close(), flaky.close(), capped.close()]);
  });

  it('with 5 % of requests failing (5xx with and without Retry-After, timeouts, resets), one sync completes and equals a clean one', async () => {
    const expected = await sync(clean, clean.connector());
    const connector = flaky.connector(testRetry);
    const got = await sync(flaky, connector);
    // Every request is counted, the client's own retries included.
    expect(connector.requestsMade()).toBe(flaky.sim.requests());
    expect(Object.values(flaky.sim.faults.served()).reduce((a, b) => a + b, 0)).toBeGreaterThan(5);
    expect(got.people).toEqual(expected.people);
    expect(got.teams).toEqual(expected.teams);
    expect(got.skipped).toBe(expected.skipped);
    expect(got.events.length).toBeGreaterThan(100);
    expect(got.events).toEqual(expected.events);
  }, 90_000);

  it("waits a 503's Retry-After instead of the client's quick retries, for more attempts than the client makes alone", async () => {
    const connector = flaky.connector({ retry: { attemptsPerRequest: 5, baseDelayMs: 5 } });
    await connector.listStreams();
    flaky.sim.injectServerErrors('users.list', 3, 1);
    const before = flaky.sim.requests('users.list');
    const started = Date.now();
    await expect(connector.readDirectory()).resolves.toMatchObject({ people: expect.any(Array) });
    expect(flaky.sim.requests('users.list') - before).toBeGreaterThanOrEqual(4);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_900);
  }, 30_000);

  it('loses nobody and nothing when the server caps pages far below the requested size', async () => {
    const expected = await sync(clean, clean.connector());
    const got = await sync(capped, capped.connector({ pageSize: 50 }));
    expect(got.people).toEqual(expected.people);
    expect(got.teams).toEqual(expected.teams);
    expect(got.events).toEqual(expected.events);
  }, 90_000);

  it('contains an outage of one channel: that stream fails alone, every other is read, the next read fills the gap', async () => {
    const expected = await sync(clean, clean.connector());
    const outage = await startSlackFixture({ people: 60 });
    try {
      const connector = outage.connector({ retry: { attemptsPerRequest: 2, baseDelayMs: 5 } });
      await connector.readDirectory();
      const streams = await connector.listStreams();
      const { batches } = await clean.readAll(clean.connector(), clean.period);
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
