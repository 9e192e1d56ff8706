import { join } from 'node:path';
import { startAttuneServer, type AttuneServer } from '../../cli/attune-server.ts';
import { storeOpenedPerRequest } from '../../cli/serve-command.ts';
import type { IdentityRecord } from '../../models/identity-record.ts';
import { generateOrganisation } from '../../simulator/organisation/generate-organisation.ts';
import type { PrivateStore } from '../../store/private-store.ts';
import { openIdentity } from '../../transforms/identity-sealing.ts';
import { deriveInstallationKeys } from '../../transforms/installation-keys.ts';
import { newPersonalLink, signPersonalLink, type LinkAction } from '../../transforms/personal-links.ts';
import { demoRunEnv } from '../helpers/demo-store.ts';
import { runCli } from '../helpers/run-cli.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { testSecretHex } from '../helpers/test-secret.ts';

// The shared setup of the `attune serve` tests (plain HTTP and headless Chromium): a real private
// store built by `attune run` on the built-in simulated workspace, the installation's keys, links
// signed as `attune` signs them, and the store's people with their real identities (the ground truth
// of what no response may reveal).

export const secretHex = testSecretHex;
export const keys = deriveInstallationKeys(Buffer.from(secretHex, 'hex'));
export const demo = { people: 60, weeks: 6, seed: 5 };
/** The first run; its release covers the weeks up to the one of 2026-11-16. */
export const runAt = '2026-11-23T12:00:00.000Z';
/** A week later: that run releases the week of 2026-11-23. */
export const weekLater = '2026-11-30T12:00:00.000Z';
/** How long one `attune run` of the demo may take before it is killed (it takes under a minute, more on a busy machine). */
const runTimeoutMs = 300_000;
/** How long a hook that builds a store (one run, then perhaps a browser start) may take: longer than a killed run, so a hung run reports its own output. */
export const buildTimeoutMs = runTimeoutMs + 200_000;

/** A private store built by `attune run`, shared by the test and the server it starts. */
export interface DemoStore {
  dataDir: string;
  /** Runs `work` on the store, in turn with the server's requests (the same per-request opener). */
  withStore: <T>(work: (store: PrivateStore) => Promise<T>) => Promise<T>;
  /** Rows of one query on the private store. */
  select(sql: string, params?: Record<string, string | number | boolean | null>): Promise<Record<string, unknown>[]>;
  /** Runs `attune run` at `at` on the store (nothing else may use it meanwhile); throws unless it succeeds. */
  run(at: string): Promise<void>;
}

/** Builds a fresh store with one `attune run` at `runAt` into a temp folder named after `label`. */
export async function buildDemoStore(label: string): Promise<DemoStore> {
  const dataDir = join(tempDir(label), 'data');
  const withStore = storeOpenedPerRequest(dataDir);
  const store: DemoStore = {
    dataDir,
    withStore,
    select: (sql, params = {}) => withStore((s) => s.select({ sql, params })),
    async run(at) {
      const started = Date.now();
      const result = await runCli(['run'], demoRunEnv(dataDir, at, demo, secretHex), { timeoutMs: runTimeoutMs });
      console.log(`attune run at ${at} into ${dataDir}: exit ${result.code} after ${Math.round((Date.now() - started) / 1000)} s`);
      if (result.code !== 0) throw new Error(`attune run at ${at} failed (${result.code}): ${result.stderr.slice(-2000)}`);
    },
  };
  await store.run(runAt);
  return store;
}

/** `attune serve` in this process on the store, on a free port of 127.0.0.1. */
export function serveStore(store: DemoStore, options: { slackSigningSecret?: string; clock?: () => Date } = {}): Promise<AttuneServer> {
  return startAttuneServer(
    { withStore: store.withStore, linkKey: keys.linkKey, vaultKey: keys.vaultKey, slackSigningSecret: options.slackSigningSecret, clock: options.clock },
    { host: '127.0.0.1', port: 0 },
  );
}

/** A link token for one person, as `attune` signs it: valid 7 days from `now` unless told otherwise. */
export function linkToken(person: string, action: LinkAction = 'page', { now = new Date(), days = 7, key = keys.linkKey } = {}): string {
  return signPersonalLink(key, newPersonalLink(person, action, now, days));
}

/** Every person of the store (the `people` table) with their identity from the vault. */
export async function peopleWithIdentities(store: DemoStore): Promise<IdentityRecord[]> {
  return store.withStore(async (s) => {
    const pseudonyms = (await s.select({ sql: 'SELECT pseudonym FROM people ORDER BY pseudonym' })).map((r) => String(r.pseudonym));
    const entries = new Map((await s.readVaultEntries(pseudonyms)).map((e) => [e.pseudonym, e]));
    return pseudonyms.map((pseudonym) => {
      const entry = entries.get(pseudonym);
      return entry ? openIdentity(keys.vaultKey, entry) : { pseudonym, email: null, sourceIds: [] };
    });
  });
}

/** The full names of the simulated organisation's people (never in a store, a page or a response). */
export function simulatedFullNames(): string[] {
  return generateOrganisation({ ...demo, end: new Date(runAt) }).people.map((p) => `${p.givenName} ${p.familyName}`);
}

/** The hidden CSRF field's value in a page's form. */
export function csrfIn(html: string): string {
  const match = /name="csrf" value="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error('no CSRF field in the page');
  return match[1];
}
