import { openPrivateStore } from '../../store/open-private-store.ts';
import type { PrivateStore } from '../../store/private-store.ts';

/** The size and seed of the built-in simulated workspace a test runs `attune run` on. */
export interface DemoWorkspace {
  people: number;
  weeks: number;
  seed?: number;
}

/** The environment of `attune run` on the simulated workspace `demo`, into `dataDir`, at `at` (ISO-8601), with the installation secret `secretHex`. */
export function demoRunEnv(dataDir: string, at: string, demo: DemoWorkspace, secretHex: string): Record<string, string> {
  return {
    ATTUNE_DATA_DIR: dataDir,
    ATTUNE_PSEUDONYM_KEY: secretHex,
    ATTUNE_RUN_AT: at,
    ATTUNE_DEMO_PEOPLE: String(demo.people),
    ATTUNE_DEMO_WEEKS: String(demo.weeks),
    ...(demo.seed === undefined ? {} : { ATTUNE_DEMO_SEED: String(demo.seed) }),
  };
}

/** Runs `work` on the private store of `dataDir`, closed again afterwards (attune commands need it free). */
export async function withPrivateStore<T>(dataDir: string, work: (store: PrivateStore) => Promise<T>): Promise<T> {
  const store = await openPrivateStore(dataDir);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}
