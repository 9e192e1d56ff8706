import type { PrivateStore } from './private-store.ts';

/**
 * The fingerprint of the installation secret the private store was created with
 * (`installation_fingerprint`, one row), so that a store is never opened with another secret: every
 * person would get a second pseudonym, and be counted twice.
 */
export const installationFingerprint = {
  /** The fingerprint recorded, or null for a store that has none yet (new, or created before it was kept). */
  async read(store: PrivateStore): Promise<string | null> {
    const [row] = await store.select({ sql: 'SELECT fingerprint FROM installation_fingerprint' });
    return row ? String(row.fingerprint) : null;
  },
  /** Records the fingerprint of a store that has none. */
  async record(store: PrivateStore, fingerprint: string): Promise<void> {
    await store.run([{ sql: 'INSERT INTO installation_fingerprint VALUES ($fingerprint, current_timestamp)', params: { fingerprint } }]);
  },
};
