import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { eraseRequestedSubjects } from '../../activities/erase-subjects.ts';
import type { StoreDeps } from '../../activities/activity-deps.ts';
import { startAttuneServer } from '../../cli/attune-server.ts';
import { dataPaths } from '../../cli/data-paths.ts';
import { storeOpenedPerRequest } from '../../cli/serve-command.ts';
import { ActivityEvent } from '../../models/activity-event.ts';
import { normaliseEmail } from '../../models/normalise-email.ts';
import { generateOrganisation } from '../../simulator/organisation/generate-organisation.ts';
import type { PrivateStore } from '../../store/private-store.ts';
import { writeStagingBatch } from '../../store/write-staging-batch.ts';
import { featureRecomputeSteps } from '../../transforms/features/feature-recompute-steps.ts';
import { openIdentity } from '../../transforms/identity-sealing.ts';
import { deriveInstallationKeys } from '../../transforms/installation-keys.ts';
import { newPersonalLink, signPersonalLink } from '../../transforms/personal-links.ts';
import { createPseudonymizer } from '../../transforms/pseudonymizer.ts';
import { demoRunEnv, withPrivateStore } from '../helpers/demo-store.ts';
import { runCli, type CliResult } from '../helpers/run-cli.ts';
import { filesUnder, rawTextOf } from '../helpers/scan-data-dir.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { csrfIn } from './serve-fixture.ts';

// `attune erase` end to end: a real store built by `attune run` on the simulated workspace, one
// person erased by e-mail through the real command, then every row of every table of the private
// store, the staging folder and the vault searched for anything that names them.

const secretHex = randomBytes(32).toString('hex');
const keys = deriveInstallationKeys(Buffer.from(secretHex, 'hex'));
const demo = { people: 40, weeks: 4, seed: 5 };
const runAt = '2026-11-23T12:00:00.000Z';
const dayLater = '2026-11-24T12:00:00.000Z';
const organisation = generateOrganisation({ ...demo, end: new Date(runAt) });
const pseudonymOf = (email: string) => createPseudonymizer(keys.pseudonymKey)('person', normaliseEmail(email));
const dataDir = join(tempDir('erase'), 'data');
const env = (at: string) => demoRunEnv(dataDir, at, demo, secretHex);
/** Runs `work` on the private store, closed again afterwards. */
const withStore = <T>(work: (store: PrivateStore) => Promise<T>) => withPrivateStore(dataDir, work);

/** For every table of the private store, how many rows contain any of `needles` anywhere (every column, lists and structs included, as text). */
async function rowsNaming(store: PrivateStore, needles: readonly string[]): Promise<Record<string, number>> {
  const tables = (await store.select({ sql: "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' AND table_type = 'BASE TABLE'" })).map((r) => String(r.table_name));
  const found: Record<string, number> = {};
  for (const table of tables) {
    const [row] = await store.select({
      sql: `SELECT count(*)::INTEGER AS n FROM "${table}" t WHERE ${needles.map((_, i) => `contains(lower(t::VARCHAR), lower($n${i}))`).join(' OR ')}`,
      params: Object.fromEntries(needles.map((needle, i) => [`n${i}`, needle])),
    });
    if (Number(row?.n) > 0) found[table] = Number(row?.n);
  }
  return found;
}

/** `attune serve` on the data directory for the length of `work`. */
async function withServer<T>(work: (url: string) => Promise<T>): Promise<T> {
  const server = await startAttuneServer(
    { withStore: storeOpenedPerRequest(dataDir), linkKey: keys.linkKey, vaultKey: keys.vaultKey, slackSigningSecret: undefined },
    { host: '127.0.0.1', port: 0 },
  );
  try {
    return await work(server.url);
  } finally {
    await server.close();
  }
}

/** Every row of every feature table, in a fixed order, to compare two recomputes. */
async function featureRows(store: PrivateStore): Promise<Record<string, unknown[]>> {
  const tables = ['person_day_features', 'person_day_collaborations', 'person_day_replies', 'person_week_features', 'person_week_wellbeing', 'person_week_baselines'];
  return Object.fromEntries(await Promise.all(tables.map(async (t) => [t, await store.select({ sql: `SELECT * FROM ${t} ORDER BY ALL` })] as const)));
}

describe('attune erase --email', () => {
  let person: { email: string; pseudonym: string; sourceIds: string[] };
  let colleagues: string[];
  let collaboratorsBefore: Map<string, number>;
  let erased: CliResult;
  /** The person's page link from before the erasure, and its form's CSRF token. */
  let page: { path: string; csrf: string };

  beforeAll(async () => {
    const first = await runCli(['run'], env(runAt));
    expect(first.code, first.stderr).toBe(0);
    await withStore(async (store) => {
      // The person with the most events of their own who also sits in colleagues' events: the hardest to erase.
      const byPseudonym = new Map(organisation.people.map((p) => [pseudonymOf(p.email), p.email]));
      const counts = await store.select({
        sql: 'SELECT actor, count(*)::INTEGER AS n FROM events WHERE actor IN (SELECT unnest(counterparts) FROM events) GROUP BY actor ORDER BY n DESC, actor',
      });
      const pseudonym = String(counts.find((r) => byPseudonym.has(String(r.actor)))!.actor);
      const [entry] = await store.readVaultEntries([pseudonym]);
      person = { email: byPseudonym.get(pseudonym)!, pseudonym, sourceIds: openIdentity(keys.vaultKey, entry!).sourceIds.map((s) => s.id) };
      colleagues = (await store.select({ sql: 'SELECT DISTINCT person FROM person_day_collaborations WHERE other = $p', params: { p: pseudonym } })).map((r) => String(r.person));
      collaboratorsBefore = new Map(
        (await store.select({ sql: 'SELECT person, sum(collaborators_28d)::INTEGER AS n FROM person_day_features GROUP BY person' })).map((r) => [String(r.person), Number(r.n)]),
      );
      // What a person's own page and a crash leave behind: their choices, a request, a nudge, a pending change, an orphaned staging file.
      const p = { p: pseudonym };
      await store.run([
        { sql: "INSERT INTO erasure_requests VALUES ($p, now())", params: p },
        { sql: 'INSERT INTO nudge_preferences VALUES ($p, true, NULL)', params: p },
        { sql: "INSERT INTO personal_choices VALUES ($p, now(), 'stop nudges')", params: p },
        { sql: 'INSERT INTO privacy_opt_outs VALUES ($p, now())', params: p },
        { sql: "INSERT INTO aggregate_source_exclusions VALUES ($p, 'chat')", params: p },
        { sql: "INSERT INTO nudge_outbox VALUES ('k-' || $p, $p, 'long_days', DATE '2026-11-16', '{}', now(), 'pending', 0, NULL, NULL, NULL)", params: p },
        { sql: "INSERT INTO event_changes VALUES ('message', $p, [], now(), now(), NULL, false)", params: p },
      ]);
    });
    const orphan = ActivityEvent.parse({
      source: 'slack', kind: 'message', sourceEventId: 'orphaned-1', actor: person.pseudonym, counterparts: [], start: new Date(runAt), end: new Date(runAt),
      conversation: null, isThread: false, size: null,
    });
    await writeStagingBatch(join(dataPaths(dataDir).stagingDir, 'slack', 'orphaned.parquet'), [orphan]);
    const path = `/me/${signPersonalLink(keys.linkKey, newPersonalLink(person.pseudonym, 'page', new Date(), 7))}`;
    page = { path, csrf: await withServer(async (url) => csrfIn(await (await fetch(`${url}${path}`)).text())) };
    erased = await runCli(['erase', '--email', person.email.toUpperCase()], env(dayLater));
  }, 300_000);

  it('prints counts per kind of thing removed, and nothing that names the person', () => {
    expect(erased.code, erased.stderr).toBe(0);
    // The count at the end of the line that starts with `label`.
    const count = (label: string) => Number(/(\d+)$/.exec(erased.stdout.split('\n').find((line) => line.startsWith(label)) ?? '')?.[1]);
    expect(count('people erased')).toBe(1);
    expect(count('their events')).toBeGreaterThan(0);
    expect(count("their places in colleagues' events")).toBeGreaterThan(0);
    expect(count('identity vault entries')).toBe(1);
    expect(count('erasure requests')).toBe(1);
    expect(count('released contributor sets')).toBeGreaterThan(0);
    expect(count('staging files')).toBe(1);
    for (const needle of [person.pseudonym, person.email, ...person.sourceIds]) {
      expect(erased.stdout.toLowerCase()).not.toContain(needle.toLowerCase());
      expect(erased.stderr.toLowerCase()).not.toContain(needle.toLowerCase());
    }
  });

  it('leaves no row of any table, no byte of any file, no staging file and no vault record naming them by pseudonym, e-mail or source id', async () => {
    expect(person.sourceIds.length).toBeGreaterThan(0);
    const found = await withStore((store) => rowsNaming(store, [person.pseudonym, person.email, ...person.sourceIds]));
    expect(found).toEqual({});
    expect(filesUnder(dataPaths(dataDir).stagingDir)).toEqual([]);
    // Byte by byte too: the store's file was rewritten, so no deleted row lingers in a freed block.
    for (const { path, text } of rawTextOf(dataDir)) {
      for (const needle of [person.pseudonym, person.email, ...person.sourceIds]) expect(text.includes(needle), `${needle} in ${path}`).toBe(false);
    }
    await withStore(async (store) => {
      const pseudonyms = (await store.select({ sql: 'SELECT pseudonym FROM identity_vault' })).map((r) => String(r.pseudonym));
      for (const entry of await store.readVaultEntries(pseudonyms)) {
        const identity = openIdentity(keys.vaultKey, entry);
        expect(identity.email?.toLowerCase()).not.toBe(person.email.toLowerCase());
        for (const s of identity.sourceIds) expect(person.sourceIds).not.toContain(s.id);
      }
      // The release audit keeps every set at its size: one tombstone, the same in all of them, in the person's place.
      const tombstones = await store.select({
        sql: "SELECT DISTINCT c FROM (SELECT unnest(contributors) AS c FROM released_sets) WHERE starts_with(c, 'erased:')",
      });
      expect(tombstones).toHaveLength(1);
      expect(String(tombstones[0]?.c)).toMatch(/^erased:[0-9a-f]{32}$/);
    });
  });

  it('a link sent before the erasure opens nothing and stores nothing', async () => {
    await withServer(async (url) => {
      expect((await fetch(`${url}${page.path}`)).status).toBe(403);
      const ask = await fetch(`${url}${page.path}/erasure`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ csrf: page.csrf, confirm: 'yes' }).toString(),
        redirect: 'manual',
      });
      expect(ask.status).toBe(403);
    });
    expect(await withStore((store) => rowsNaming(store, [person.pseudonym]))).toEqual({});
  });

  it('an address attune keeps nothing about stops with exit 2, saying so, and changes nothing; with no request waiting, --requested says so', async () => {
    const again = await runCli(['erase', '--email', person.email], env(dayLater));
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('attune keeps nothing about anyone with that e-mail address');
    expect(again.stderr.toLowerCase()).not.toContain(person.email.toLowerCase());
    const usage = await runCli(['erase', '--email', 'not an address'], env(dayLater));
    expect([usage.code, usage.stderr]).toEqual([2, expect.stringContaining('usage: attune erase')]);
    const none = await runCli(['erase', '--requested'], env(dayLater));
    expect([none.code, none.stdout]).toEqual([0, expect.stringContaining('no erasure request was waiting')]);
  }, 90_000);

  it('the next incremental feature recompute equals a full one, and colleagues lose the person from their collaborator counts', async () => {
    await withStore(async (store) => {
      await store.runSteps(featureRecomputeSteps({ mode: 'incremental' }));
      const incremental = await featureRows(store);
      await store.runSteps(featureRecomputeSteps({ mode: 'full' }));
      expect(await featureRows(store)).toEqual(incremental);
      const after = new Map(
        (await store.select({ sql: 'SELECT person, sum(collaborators_28d)::INTEGER AS n FROM person_day_features GROUP BY person' })).map((r) => [String(r.person), Number(r.n)]),
      );
      expect(colleagues.length).toBeGreaterThan(0);
      for (const colleague of colleagues) expect(after.get(colleague) ?? 0).toBeLessThan(collaboratorsBefore.get(colleague)!);
    });
  }, 120_000);

  it('a later run still works, sweeps the staging files a crash left first, and collects the person again while the directory still lists them', async () => {
    await writeStagingBatch(join(dataPaths(dataDir).stagingDir, 'google', 'crashed.parquet'), []);
    const next = await runCli(['run'], env(dayLater));
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).toContain('staging: deleted 1 files a crashed run left');
    expect(filesUnder(dataPaths(dataDir).stagingDir)).toEqual([]);
    const back = await withStore((store) => store.select({ sql: 'SELECT 1 FROM people WHERE pseudonym = $p', params: { p: person.pseudonym } }));
    expect(back).toHaveLength(1);
  }, 300_000);
});

describe('eraseSubjectWorkflow’s activity (erase the requests waiting)', () => {
  it('erases everyone who asked, returns counts only, and finds nothing more to do the second time', async () => {
    if (!existsSync(join(dataDir, 'attune.duckdb'))) throw new Error('the store of the test above is missing');
    await withStore(async (store) => {
      const [asker] = await store.select({ sql: 'SELECT pseudonym FROM people WHERE pseudonym IN (SELECT actor FROM events) ORDER BY pseudonym LIMIT 1' });
      const pseudonym = String(asker?.pseudonym);
      await store.run([{ sql: 'INSERT INTO erasure_requests VALUES ($p, now())', params: { p: pseudonym } }]);
      const erase = eraseRequestedSubjects({ store } as unknown as StoreDeps);
      const result = await erase({});
      expect(JSON.stringify(result)).not.toContain(pseudonym);
      expect(result.people).toBe(1);
      expect(result.rows.events).toBeGreaterThan(0);
      expect(await rowsNaming(store, [pseudonym])).toEqual({});
      expect((await erase({})).people).toBe(0);
    });
  }, 120_000);
});
