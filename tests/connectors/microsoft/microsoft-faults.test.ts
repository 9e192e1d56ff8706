import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceConnector } from '../../../connectors/source-connector.ts';
import { startMicrosoftFixture, type MicrosoftFixture } from './microsoft-fixture.ts';

/** Retries quick enough for a test; timeouts well under the simulator's 5 s stall. */
const testRetry = { retry: { baseDelayMs: 5, maxDelayMs: 2_000 }, timeoutMs: 500 };

/** One sync as `attune run` does it: the directory, then every stream; people, teams and events in a stable order. */
async function sync(fixture: MicrosoftFixture, connector: SourceConnector) {
  const directory = await connector.readDirectory();
  const { events } = await fixture.readAll(connector, fixture.period);
  return {
    people: directory.people.map((p) => JSON.stringify(p)).sort(),
    teams: directory.memberships.map((m) => `${m.team} ${m.person}`).sort(),
    events: events.map((e) => JSON.stringify(e)).sort(),
  };
}

describe('Microsoft connector against a Graph that fails some requests', () => {
  let clean: MicrosoftFixture;
  let flaky: MicrosoftFixture;
  let capped: MicrosoftFixture;
  beforeAll(async () => {
    clean = await startMicrosoftFixture();
    flaky = await startMicrosoftFixture({ simulator: { faults: { share: 0.05, seed: 11 } } });
    capped = await startMicrosoftFixture({ simulator: { pageCap: 3 } });
  });
  afterAll(async () => {
    await Promise.all([clean.close(), flaky.close(), capped.close()]);
  });

  it('with 5 % of requests failing (5xx with and without Retry-After, timeouts, resets), one sync completes and equals a clean one', async () => {
    const expected = await sync(clean, clean.connector());
    const got = await sync(flaky, flaky.connector(testRetry));
    expect(Object.values(flaky.sim.faults.served()).reduce((a, b) => a + b, 0)).toBeGreaterThan(5);
    expect(got.people).toEqual(expected.people);
    expect(got.teams).toEqual(expected.teams);
    expect(got.events.length).toBeGreaterThan(100);
    expect(got.events).toEqual(expected.events);
  }, 90_000);

  it('loses nobody and nothing when Graph caps pages far below the requested size', async () => {
    const expected = await sync(clean, clean.connector());
    const got = await sync(capped, capped.connector());
    expect(got.people).toEqual(expected.people);
    expect(got.teams).toEqual(expected.teams);
    expect(got.events).toEqual(expected.events);
  }, 90_000);
});
