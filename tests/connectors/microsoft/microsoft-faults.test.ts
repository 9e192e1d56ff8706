import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faultFixtures, testRetry } from '../fault-fixtures.ts';
import type { SourceConnector } from '../../../connectors/source-connector.ts';
import { startMicrosoftFixture, type MicrosoftFixture } from './microsoft-fixture.ts';

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
  const f = faultFixtures((simulator) => startMicrosoftFixture({ simulator }), 3);
  let outage: MicrosoftFixture;
  beforeAll(async () => {
    outage = await startMicrosoftFixture();
  });
  afterAll(async () => {
    await outage.close();
  });

  it('with 5 % of requests failing (5xx with and without Retry-After, timeouts, resets), one sync completes and equals a clean one', async () => {
    const expected = await sync(f.clean, f.clean.connector());
    const got = await sync(f.flaky, f.flaky.connector(testRetry));
    expect(Object.values(f.flaky.sim.faults.served()).reduce((a, b) => a + b, 0)).toBeGreaterThan(5);
    expect(got.people).toEqual(expected.people);
    expect(got.teams).toEqual(expected.teams);
    expect(got.events.length).toBeGreaterThan(100);
    expect(got.events).toEqual(expected.events);
  }, 90_000);

  it('loses nobody and nothing when Graph caps pages far below the requested size', async () => {
    const expected = await sync(f.clean, f.clean.connector());
    const got = await sync(f.capped, f.capped.connector());
    expect(got.people).toEqual(expected.people);
    expect(got.teams).toEqual(expected.teams);
    expect(got.events).toEqual(expected.events);
  }, 90_000);

  /** An enabled person with a mailbox and a manager, picked the same in every fixture (same seed). */
  const someone = (fixture: MicrosoftFixture) =>
    fixture.sim.tenant.directory.users.find((u) => u.personId !== null && u.mailbox?.workingHours && u.managerId !== null && u.wire.accountEnabled === true)!;

  it("contains an outage of one person's mailbox settings: everything else is stored, the next run fills the gap", async () => {
    const expected = await sync(f.clean, f.clean.connector());
    const path = `/users/${someone(outage).id}/mailboxSettings`;
    outage.sim.faults.setOutage(path);
    const connector = outage.connector({ retry: { attemptsPerRequest: 2, baseDelayMs: 5 } });
    const directory = await connector.readDirectory();
    expect(directory.incomplete).toBe(1);
    // One person, and only them, has the unknown stand-ins (which the store never lets replace what it knows).
    const people = directory.people.map((p) => JSON.stringify(p));
    const changed = people.filter((p) => !expected.people.includes(p));
    expect(changed).toHaveLength(1);
    expect(JSON.parse(changed[0]!)).toMatchObject({ timeZoneKnown: false, workingHoursKnown: false });
    expect(people.length).toBe(expected.people.length);
    expect(directory.memberships.map((m) => `${m.team} ${m.person}`).sort()).toEqual(expected.teams);
    expect((await outage.readAll(connector, outage.period)).events.map((e) => JSON.stringify(e)).sort()).toEqual(expected.events);
    expect(outage.sim.faults.served().outage).toBeGreaterThan(0);

    outage.sim.faults.setOutage(null);
    expect(await sync(outage, outage.connector())).toEqual(expected);
  }, 60_000);

  it("contains an outage of one person's manager: the directory alone fails; every stream is read", async () => {
    const expected = await sync(f.clean, f.clean.connector());
    outage.sim.faults.setOutage(`/users/${someone(outage).id}/manager`);
    const connector = outage.connector({ retry: { attemptsPerRequest: 2, baseDelayMs: 5 } });
    await expect(connector.readDirectory()).rejects.toMatchObject({ name: 'TransientError', message: expect.stringMatching(/manager of 1 people/) });
    expect((await outage.readAll(connector, outage.period)).events.map((e) => JSON.stringify(e)).sort()).toEqual(expected.events);
    outage.sim.faults.setOutage(null);
    expect(await sync(outage, outage.connector())).toEqual(expected);
  }, 60_000);
});
