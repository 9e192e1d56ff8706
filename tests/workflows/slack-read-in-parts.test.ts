import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStagedParts } from '../../activities/stream-list.ts';
import { createActivities } from '../../activities/create-activities.ts';
import type { SourceConnector } from '../../connectors/source-connector.ts';
import type { ActivityEvent } from '../../models/activity-event.ts';
import type { RunWindow } from '../../models/run-window.ts';
import { dayMs } from '../../models/time.ts';
import { openPrivateStore } from '../../store/open-private-store.ts';
import type { PrivateStore } from '../../store/private-store.ts';
import { writeStagingBatch } from '../../store/write-staging-batch.ts';
import { syncSource } from '../../workflows/sync-source.ts';
import { deletionTargets, startSlackFixture, type SlackFixture } from '../connectors/slack-fixture.ts';
import { inProcessDeps } from '../helpers/in-process-deps.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/** A store synced by one Slack connector, counting the staging files its syncs write. */
interface SyncedStore {
  store: PrivateStore;
  stagingDir: string;
  activities: ReturnType<typeof createActivities>;
  sync(window: RunWindow): Promise<{ eventsFetched: number; eventsNew: number; eventsRemoved: number; quarantined: number; stagedFiles: number }>;
}

async function syncedStore(connector: SourceConnector): Promise<SyncedStore> {
  const dir = tempDir('slack-read-in-parts');
  const store = await openPrivateStore(dir);
  let stagedFiles = 0;
  const countedWrite = async (path: string, events: readonly ActivityEvent[]) => {
    stagedFiles += 1;
    await writeStagingBatch(path, events);
  };
  const deps = inProcessDeps(dir, { connectors: { slack: connector }, store, writeStagingBatch: countedWrite });
  const activities = createActivities(deps);
  return {
    store,
    stagingDir: deps.stagingDir,
    activities,
    async sync(window) {
      stagedFiles = 0;
      const { summary } = await syncSource(activities, { source: 'slack', window, streamConcurrency: 4 });
      expect(summary.status, summary.failure ?? '').toBe('ok');
      expect(summary.streamsFailed, summary.lastStreamFailure ?? '').toBe(0);
      const { eventsFetched, eventsNew, eventsRemoved, quarantined } = summary;
      return { eventsFetched, eventsNew, eventsRemoved, quarantined, stagedFiles };
    },
  };
}

/** Everything a load writes, in a stable order: the events, the change log, the cursors and the quarantine. */
async function contents(store: PrivateStore) {
  const rows = (sql: string) => store.select({ sql });
  return {
    events: await rows('SELECT * FROM events ORDER BY source, source_event_id'),
    changes: await rows('SELECT * FROM event_changes ORDER BY ALL'),
    cursors: await rows('SELECT source, stream, position FROM sync_state ORDER BY ALL'),
    quarantine: await rows('SELECT source, stream, record_ref, problem FROM quarantine ORDER BY ALL'),
  };
}

describe('a Slack channel staged in parts as it is read stores what one part stores', () => {
  let f: SlackFixture;
  let whole: SyncedStore;
  let inParts: SyncedStore;
  beforeAll(async () => {
    f = await startSlackFixture({ seed: 21, malformed: 3, variants: { broadcasts: 6, meMessages: 2 } });
    whole = await syncedStore(f.connector());
    inParts = await syncedStore(f.connector({ partMessages: 5 }));
  });
  afterAll(async () => {
    await whole?.store.close();
    await inParts?.store.close();
    await f?.close();
  });

  it('a first read, then a later one after deletions in the look-back (a message, a thread parent, a last and a middle reply): same store, same counts', async () => {
    const { start, end } = f.org.period;
    const mid = new Date(start.getTime() + 10 * dayMs);
    const { plain, tombstoned, trimmed, thinned } = deletionTargets(f, mid);
    try {
      f.sim.setNow(mid);
      const first = { start: start.toISOString(), end: mid.toISOString() };
      const firstWhole = await whole.sync(first);
      const firstInParts = await inParts.sync(first);
      expect(await contents(inParts.store)).toEqual(await contents(whole.store));
      expect({ ...firstInParts, stagedFiles: 0 }).toEqual({ ...firstWhole, stagedFiles: 0 });
      // Staged in parts indeed: channels of more than five messages took several files each.
      expect(firstInParts.stagedFiles).toBeGreaterThan(3 * firstWhole.stagedFiles);

      expect(f.sim.deleteMessage(plain.channel, plain.m.ts)).toBe(true);
      expect(f.sim.deleteMessage(tombstoned.channel, tombstoned.m.ts)).toBe(true);
      expect(f.sim.deleteMessage(trimmed.channel, trimmed.m.replies.at(-1)!.ts)).toBe(true);
      expect(f.sim.deleteMessage(thinned.channel, thinned.m.replies[1]!.ts)).toBe(true);
      f.sim.setNow(end);
      const later = await whole.sync(f.period);
      const laterInParts = await inParts.sync(f.period);
      expect(later.eventsRemoved, 'the deletions were found').toBeGreaterThanOrEqual(4);
      expect({ ...laterInParts, stagedFiles: 0 }).toEqual({ ...later, stagedFiles: 0 });
      expect(laterInParts.stagedFiles).toBeGreaterThan(later.stagedFiles);
      expect(await contents(inParts.store)).toEqual(await contents(whole.store));
      // Nothing staged is left once the syncs are done: the loaded parts are removed, and the list's folder with it.
      expect(await readdir(inParts.stagingDir, { recursive: true })).toEqual(['slack']);
    } finally {
      f.sim.setNow(end);
    }
  });

  it("two attempts of one fetch at once (a retry while the first still runs) stage their hand-overs apart: the parts kept are one attempt's, whole", async () => {
    const { activities, stagingDir } = inParts;
    const list = await activities.listStreams({ source: 'slack' });
    try {
      const channels = await f.connector().listStreams();
      const index = channels.indexOf([...f.workspace.messages].sort(([, a], [, b]) => b.length - a.length)[0]![0]);
      expect(index).toBeGreaterThanOrEqual(0);
      const input = { source: 'slack' as const, list: list.list, index, position: null, window: f.period };
      const [one, two] = await Promise.all([activities.fetchStream(input), activities.fetchStream(input)]);
      expect(two).toEqual(one);
      const parts = await readStagedParts(stagingDir, 'slack', { list: list.list, index });
      const handedOver = parts.slice(0, -1).map((part) => part.batchFile);
      expect(handedOver.length).toBeGreaterThan(1);
      const folder = await readdir(join(stagingDir, 'slack', `streams-${list.list}`));
      // Each attempt wrote its own files: twice as many hand-overs in the folder as one attempt's parts list.
      expect(folder.filter((name) => name.endsWith('.parquet'))).toHaveLength(2 * handedOver.length);
      for (const file of handedOver) expect(folder).toContain(basename(file!));
    } finally {
      await activities.endStreamList({ source: 'slack', list: list.list });
    }
  });
});
