import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noCheckpoint } from '../../activities/activity-checkpoint.ts';
import type { IngestDeps, StoreDeps } from '../../activities/activity-deps.ts';
import type { Activities } from '../../activities/create-activities.ts';
import { createIngestActivities } from '../../activities/ingest-activities.ts';
import { createStoreActivities } from '../../activities/store-activities.ts';
import { formatIngestKey, ingestWorkerKeys } from '../../cli/ingest-key.ts';
import { withBudgetShare } from '../../connectors/http/budget-share-context.ts';
import { ConfigError } from '../../models/errors.ts';
import { openPrivateStore } from '../../store/open-private-store.ts';
import type { PrivateStore } from '../../store/private-store.ts';
import { sweepStagingFiles } from '../../store/sweep-staging-files.ts';
import { writeStagingBatch } from '../../store/write-staging-batch.ts';
import { openIdentity } from '../../transforms/identity-sealing.ts';
import { deriveInstallationKeys } from '../../transforms/installation-keys.ts';
import { createPseudonymizer } from '../../transforms/pseudonymizer.ts';
import { syncSource } from '../../workflows/sync-source.ts';
import { startSlackFixture, type SlackFixture } from '../connectors/slack-fixture.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { testKeys, testSecretHex } from '../helpers/test-secret.ts';

// Issue 16: directory reads run on the ingest queue. The ingest worker holds ATTUNE_INGEST_KEY only,
// stages the directory sealed to the store worker's key, and the store worker (no connector, no
// vendor credential) opens and loads it.

const staged = (stagingDir: string) => {
  try {
    return readdirSync(join(stagingDir, 'slack')).filter((name) => name.startsWith('directory-'));
  } catch {
    return [];
  }
};

describe('a directory read on the ingest queue and loaded by the store', () => {
  let f: SlackFixture;
  let store: PrivateStore;
  let dataDir: string;
  let ingest: IngestDeps;
  let storeDeps: StoreDeps;
  /** The ingest activities of a worker given only ATTUNE_INGEST_KEY, and the store worker's, as one orchestration calls them. */
  let activities: Activities;
  beforeAll(async () => {
    f = await startSlackFixture({ people: 24, weeks: 1 });
    dataDir = tempDir('directory-on-ingest');
    store = await openPrivateStore(dataDir);
    const ingestKeys = ingestWorkerKeys({ pseudonymKey: undefined, keyFile: undefined, ingestKey: formatIngestKey(testKeys.ingest) });
    const stagingDir = join(dataDir, 'staging');
    ingest = {
      connectors: { slack: f.connector({ pseudonymize: createPseudonymizer(ingestKeys.pseudonymKey) }) },
      writeStagingBatch,
      stagingDir,
      directorySealingKey: ingestKeys.directorySealingKey,
      fetchSliceDays: null,
      openCheckpoint: noCheckpoint,
      withBudgetShare,
      progress: () => {},
    };
    storeDeps = {
      store,
      stagingDir,
      analyticsPath: join(dataDir, 'analytics.duckdb'),
      vaultKey: testKeys.vaultKey,
      directoryOpeningKey: testKeys.directoryOpeningKey,
      releaseK: 3,
      progress: () => {},
    };
    activities = { ...createIngestActivities(ingest), ...createStoreActivities(storeDeps) };
  });
  afterAll(async () => {
    await store?.close();
    await f?.close();
  });

  const people = async () => new Set((await store.select({ sql: 'SELECT pseudonym FROM people' })).map((row) => String(row.pseudonym)));
  const pseudonymOf = (email: string) => createPseudonymizer(testKeys.pseudonymKey)('person', email);

  it('stores the people and their vault identities under the installation keys, and leaves nothing staged', async () => {
    const stagedBytes: Buffer[] = [];
    const recorded: Activities = {
      ...activities,
      readDirectory: async (input) => {
        const result = await activities.readDirectory(input);
        stagedBytes.push(readFileSync(join(ingest.stagingDir, 'slack', `directory-${result.directory}.sealed`)));
        expect(Object.keys(result)).toEqual(['directory']);
        return result;
      },
    };
    const summary = (await syncSource(recorded, { source: 'slack', window: f.period, streamConcurrency: 4 })).summary;
    expect(summary.directoryFailure).toBeNull();
    expect(summary.people).toBeGreaterThanOrEqual(20);
    expect(summary.streamsRead, summary.lastStreamFailure ?? "").toBeGreaterThan(0);

    const emails = f.workspace.users.filter((u) => !u.is_bot && !u.deleted && u.profile.email).map((u) => u.profile.email!.toLowerCase());
    const stored = await people();
    // The ingest key pseudonymises as the installation does: every listed person joins people, under the installation's pseudonym.
    expect(emails.filter((email) => !stored.has(pseudonymOf(email)))).toEqual([]);
    const vault = await store.readVaultEntries(emails.map(pseudonymOf));
    expect(vault.map((entry) => openIdentity(testKeys.vaultKey, entry).email).sort()).toEqual([...emails].sort());
    // Events the ingest worker read name the same people the directory stored.
    const actors = (await store.select({ sql: 'SELECT DISTINCT actor FROM events' })).map((row) => String(row.actor));
    expect(actors.length).toBeGreaterThan(5);
    expect(actors.filter((actor) => !stored.has(actor))).toEqual([]);

    expect(stagedBytes).toHaveLength(1);
    for (const email of emails) expect(stagedBytes[0]!.includes(email)).toBe(false);
    for (const pseudonym of stored) expect(stagedBytes[0]!.includes(pseudonym)).toBe(false);
    expect(staged(ingest.stagingDir)).toEqual([]);
  });

  it('refuses a staged directory that does not open, naming ATTUNE_INGEST_KEY, loads nothing of it and drops it', async () => {
    const joiner = { ...structuredClone(f.workspace.users.find((u) => !u.is_bot && !u.deleted && u.profile.email)!), id: 'UJOINER01', name: 'joiner' };
    joiner.profile.email = 'joiner@example.test';
    f.workspace.users.push(joiner);
    const tampering: Activities = {
      ...activities,
      readDirectory: async (input) => {
        const result = await activities.readDirectory(input);
        const path = join(ingest.stagingDir, 'slack', `directory-${result.directory}.sealed`);
        const bytes = readFileSync(path);
        bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 1;
        writeFileSync(path, bytes);
        return result;
      },
    };
    const error = await syncSource(tampering, { source: 'slack', window: f.period, streamConcurrency: 4 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ setting: 'ATTUNE_INGEST_KEY', message: expect.stringMatching(/does not open with this store worker's key.*attune keys ingest-key.*nothing of it was loaded/) });
    expect((await people()).has(pseudonymOf('joiner@example.test'))).toBe(false);
    expect(staged(ingest.stagingDir)).toEqual([]);

    // Sealed for another installation: refused the same way.
    const other = deriveInstallationKeys(Buffer.from([...Buffer.from(testSecretHex, 'hex')].reverse()));
    const otherStore = createStoreActivities({ ...storeDeps, directoryOpeningKey: other.directoryOpeningKey });
    const handle = await activities.readDirectory({ source: 'slack' });
    await expect(otherStore.storeDirectory({ source: 'slack', at: f.period.end, ...handle })).rejects.toThrow(/ATTUNE_INGEST_KEY/);
    expect((await people()).has(pseudonymOf('joiner@example.test'))).toBe(false);
    await activities.dropDirectory({ source: 'slack', ...handle });

    // The same sync untampered loads the joiner: the checks above would see a load.
    const summary = (await syncSource(activities, { source: 'slack', window: f.period, streamConcurrency: 4 })).summary;
    expect(summary.directoryFailure).toBeNull();
    expect((await people()).has(pseudonymOf('joiner@example.test'))).toBe(true);
  });

  it('a directory staged by a sync that died is swept with the other staging files, and its load then fails saying it is gone', async () => {
    const handle = await activities.readDirectory({ source: 'slack' });
    expect(staged(ingest.stagingDir)).toHaveLength(1);
    expect(await sweepStagingFiles(ingest.stagingDir)).toBeGreaterThanOrEqual(1);
    expect(staged(ingest.stagingDir)).toEqual([]);
    await expect(activities.storeDirectory({ source: 'slack', at: f.period.end, ...handle })).rejects.toThrow(/gone from staging/);
  });
});
