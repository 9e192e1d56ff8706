/** A shared asynchronous read: its latest result while fresh, a new read once stale or refreshed. */
export interface AsyncMemo<T> {
  /** The latest read's promise while it is younger than its maximum age; else a new read. */
  (): Promise<T>;
  /** Starts a new read whatever the age of the last one, and shares it with the next callers. */
  refresh(): Promise<T>;
}

/**
 * How long a connector trusts a directory, user or channel list it read: a sync re-reads them at
 * its start (readDirectory, listStreams), and a long-lived worker whose `fetchStream` runs without
 * them (another worker read the directory) re-reads once the list is older than this, so joiners,
 * leavers and new channels reach it as they reach a fresh run.
 */
export const directoryMaxAgeMs = 10 * 60_000;

/**
 * Runs `load` once and shares its promise with every caller until it is `maxAgeMs` old (for ever
 * by default) or `refresh` is called; a rejected load is forgotten, so the next caller tries again.
 */
export function memoizeAsync<T>(load: () => Promise<T>, { maxAgeMs = Infinity, now = Date.now }: { maxAgeMs?: number; now?: () => number } = {}): AsyncMemo<T> {
  let pending: Promise<T> | null = null;
  let startedAt = 0;
  const refresh = () => {
    startedAt = now();
    const read: Promise<T> = load().catch((error: unknown) => {
      if (pending === read) pending = null;
      throw error;
    });
    pending = read;
    return read;
  };
  return Object.assign(() => (pending !== null && now() - startedAt < maxAgeMs ? pending : refresh()), { refresh });
}
