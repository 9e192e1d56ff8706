/**
 * Runs `load` once and shares its promise with every caller; a rejected load is forgotten,
 * so the next caller tries again.
 */
export function memoizeAsync<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | null = null;
  return () => {
    pending ??= load().catch((error: unknown) => {
      pending = null;
      throw error;
    });
    return pending;
  };
}
