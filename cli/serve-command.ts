import { setTimeout as delay } from 'node:timers/promises';
import { openPrivateStore } from '../store/open-private-store.ts';
import type { PrivateStore } from '../store/private-store.ts';
import { startAttuneServer, StoreBusyError, type AttuneServer } from './attune-server.ts';
import type { Config } from './config.ts';
import { openKeyedStore } from './open-keyed-store.ts';
import { defaultServeAddress } from './nudge-settings.ts';

/** How long a request waits for a run to let go of the private store before it is answered 503. */
const storeWaitMs = 5_000;

/**
 * Runs `work` on the private store, opened for this one request and closed after: `attune run`
 * (which holds the store for the length of a run) and `attune serve` take turns. Requests are
 * served one at a time; while a run holds the store, a request waits up to 5 s, then StoreBusyError.
 */
export function storeOpenedPerRequest(dataDir: string): <T>(work: (store: PrivateStore) => Promise<T>) => Promise<T> {
  let queue: Promise<unknown> = Promise.resolve();
  const once = async <T>(work: (store: PrivateStore) => Promise<T>): Promise<T> => {
    const deadline = Date.now() + storeWaitMs;
    for (;;) {
      let store: PrivateStore;
      try {
        store = await openPrivateStore(dataDir);
      } catch (error) {
        if (!/lock/i.test(error instanceof Error ? error.message : '')) throw error;
        if (Date.now() > deadline) throw new StoreBusyError('the private store is held by a run');
        await delay(250);
        continue;
      }
      try {
        return await work(store);
      } finally {
        await store.close();
      }
    }
  };
  return (work) => {
    const next = queue.then(() => once(work));
    queue = next.catch(() => undefined);
    return next;
  };
}

/** Reads `--host` and `--port` (defaults 127.0.0.1:8787). */
function serveAddress(args: string[]): { host: string; port: number } {
  const address: { host: string; port: number } = { ...defaultServeAddress };
  for (let i = 0; i < args.length; i += 2) {
    const [flag, value] = [args[i], args[i + 1] ?? ''];
    if (flag === '--host' && value) address.host = value;
    else if (flag === '--port' && /^\d{1,5}$/.test(value)) address.port = Number(value);
    else throw new Error('usage: attune serve [--host 127.0.0.1] [--port 8787]');
  }
  return address;
}

/**
 * `attune serve`: the employees' own pages and the nudges' Snooze and Stop, for people's browsers
 * and Slack's interactivity requests (SLACK_SIGNING_SECRET). Serves until interrupted.
 */
export async function serveCommand(config: Config, args: string[], env: Record<string, string | undefined>, progress: (line: string) => void): Promise<number> {
  // Checked once: the data directory holds a store, and the store belongs to this secret. Requests open it on their own.
  const { keys, store } = await openKeyedStore(config, { store: false });
  await store.close();
  const server: AttuneServer = await startAttuneServer(
    {
      withStore: storeOpenedPerRequest(config.dataDir),
      linkKey: keys.linkKey,
      vaultKey: keys.vaultKey,
      slackSigningSecret: env.SLACK_SIGNING_SECRET?.trim() || undefined,
    },
    serveAddress(args),
  );
  progress(`serve: listening on ${server.url} (Slack interactivity ${env.SLACK_SIGNING_SECRET ? 'on' : 'off: set SLACK_SIGNING_SECRET'}); Ctrl-C stops`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  return 0;
}
