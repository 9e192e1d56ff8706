import { describe, expect, it } from 'vitest';
import { faultFixtures, testRetry } from '../fault-fixtures.ts';
import type { SourceConnector } from '../../../connectors/source-connector.ts';
import { startJiraFixture, type JiraFixture } from './jira-fixture.ts';


/** One sync as `attune run` does it: the directory, then every stream; people and events in a stable order. */
async function sync(fixture: JiraFixture, connector: SourceConnector) {
  const directory = await connector.readDirectory();
  const batches = await Promise.all((await connector.listStreams()).map((s) => connector.fetchStream(s, null, fixture.period)));
  return {
    people: directory.people.map((p) => `${p.pseudonym} ${p.timeZone}`).sort(),
    events: batches.flatMap((b) => b.events).map((e) => JSON.stringify(e)).sort(),
  };
}

describe('Jira connector against a site that fails some requests', () => {
  const f = faultFixtures((simulator) => startJiraFixture({ people: 60, simulator }));

  it('with 5 % of requests failing (5xx with and without Retry-After, timeouts, resets), one sync completes and equals a clean one', async () => {
    const expected = await sync(f.clean, f.clean.connector());
    const connector = f.flaky.connector(testRetry);
    const got = await sync(f.flaky, connector);
    // Every request is counted, the retries included.
    expect(connector.requestsMade()).toBe(f.flaky.sim.requests());
    expect(Object.values(f.flaky.sim.faults.served()).reduce((a, b) => a + b, 0)).toBeGreaterThan(10);
    expect(got.people).toEqual(expected.people);
    expect(got.events.length).toBeGreaterThan(100);
    expect(got.events).toEqual(expected.events);
  }, 90_000);

  it('loses nobody and nothing when the site caps pages far below the requested size', async () => {
    const expected = await sync(f.clean, f.clean.connector());
    const got = await sync(f.capped, f.capped.connector({ usersPageSize: 50, pageSize: 20 }));
    expect(got.people.length).toBeGreaterThan(40);
    expect(got.people).toEqual(expected.people);
    expect(got.events).toEqual(expected.events);
  }, 90_000);

  it('a failing endpoint fails the read alone and stops the requests still queued; the next read completes', async () => {
    const cleanBefore = f.clean.sim.requests();
    const expected = await sync(f.clean, f.clean.connector());
    const fullRead = f.clean.sim.requests() - cleanBefore;
    const outage = await startJiraFixture({ people: 60 });
    try {
      const connector = outage.connector({ retry: { attemptsPerRequest: 2, baseDelayMs: 5 } });
      await connector.readDirectory();
      outage.sim.faults.setOutage('worklog');
      const before = outage.sim.requests();
      const [stream = ''] = await connector.listStreams();
      await expect(connector.fetchStream(stream, null, outage.period)).rejects.toMatchObject({ name: 'TransientError', message: 'Jira worklog answered HTTP 503' });
      // Without the stop, every issue's changelog, worklogs and comments would still be asked for, after the read failed.
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      expect(outage.sim.requests() - before).toBeLessThan(fullRead / 4);
      outage.sim.faults.setOutage(null);
      expect(await sync(outage, outage.connector())).toEqual(expected);
    } finally {
      await outage.close();
    }
  }, 90_000);

  it("contains an outage of one issue's worklogs: its project's stream fails alone, every other project is stored, the next read fills the gap", async () => {
    const expected = await sync(f.clean, f.clean.connector());
    const outage = await startJiraFixture({ people: 60 });
    try {
      const connector = outage.connector({ retry: { attemptsPerRequest: 2, baseDelayMs: 5 } });
      await connector.readDirectory();
      const streams = await connector.listStreams();
      expect(streams.length).toBeGreaterThan(2);
      const issue = outage.sim.site.issues.find((i) => i.created < outage.org.period.end.getTime() && i.worklogs.length > 0)!;
      outage.sim.faults.setOutage(`worklog ${issue.id}`);
      const results = await Promise.allSettled(streams.map((s) => connector.fetchStream(s, null, outage.period)));
      const failed = streams.filter((_, i) => results[i]!.status === 'rejected');
      expect(failed).toEqual([`project:${issue.projectKey}`]);
      const stored = results.flatMap((r) => (r.status === 'fulfilled' ? r.value.events : [])).map((e) => JSON.stringify(e));
      expect(stored.length).toBeGreaterThan(expected.events.length / 2);
      expect(stored.every((e) => expected.events.includes(e))).toBe(true);

      outage.sim.faults.setOutage(null);
      expect(await sync(outage, outage.connector())).toEqual(expected);
    } finally {
      await outage.close();
    }
  }, 90_000);
});
