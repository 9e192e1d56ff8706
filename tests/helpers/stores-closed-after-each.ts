import { afterEach } from 'vitest';
import { openPrivateStore } from '../../store/open-private-store.ts';
import type { PrivateStore } from '../../store/private-store.ts';

/** An opener of private stores for a test file, each store closed after the test that opened it. */
export function storesClosedAfterEach(): (dataDir: string) => Promise<PrivateStore> {
  const open: PrivateStore[] = [];
  afterEach(async () => {
    for (const store of open.splice(0)) await store.close().catch(() => undefined);
  });
  return async (dataDir) => {
    const store = await openPrivateStore(dataDir);
    open.push(store);
    return store;
  };
}
