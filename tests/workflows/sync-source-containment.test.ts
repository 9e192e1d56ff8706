import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities/create-activities.ts';
import { openPrivateStore } from '../../store/open-private-store.ts';
import type { PrivateStore } from '../../store/private-store.ts';
import { syncSource } from '../../workflows/sync-source.ts';
import { startMicrosoftFixture, type MicrosoftFixture } from '../connectors/microsoft/microsoft-fixture.ts';
import { inProcessDeps } from '../helpers/in-process-deps.ts';
import { tempDir } from '../helpers/temp-dir.ts';

describe("a source's sync contains a directory it could not read", () => {
  let fixture: MicrosoftFixture;
  let store: PrivateStore;
  beforeAll(async () => {
    fixture = await startMicrosoftFixture({ people: 30 });
    store = await openPrivateStore(tempDir('containment'));
  });
  afterAll(async () => {
    await store.close();
    await fixture.close();
  });

  const sync = () => {
    const activities = createActivities(
      inProcessDeps(tempDir('containment-staging'), { connectors: { microsoft: fixture.connector({ retry: { attemptsPerRequest: 2, baseDelayMs: 5 } }) }, store }),
    );
    return syncSource(activities, { source: 'microsoft', window: fixture.period, streamConcurrency: 4 });
  };

  it("reads every stream though one person's manager can't be read, and the next run reads the directory", async () => {
    const someone = fixture.sim.tenant.directory.users.find((u) => u.personId !== null && u.managerId !== null && u.wire.accountEnabled === true)!;
    fixture.sim.faults.setOutage(`/users/${someone.id}/manager`);
    const { summary } = await sync();
    expect(summary.status).toBe('ok');
    expect(summary.directoryFailure).toMatch(/manager of 1 people/);
    expect(summary.people).toBe(0);
    expect(summary.streamsFailed).toBe(0);
    expect(summary.streamsRead).toBeGreaterThan(30);
    expect(summary.eventsNew).toBeGreaterThan(100);

    fixture.sim.faults.setOutage(null);
    const next = (await sync()).summary;
    expect(next.directoryFailure).toBeNull();
    expect(next.people).toBeGreaterThan(20);
    expect(next.eventsNew).toBe(0);
  }, 60_000);
});
