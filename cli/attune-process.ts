import { setFlagsFromString } from 'node:v8';

/**
 * What an attune process sets for itself before any work (the `attune` command, and the benchmarks
 * that measure its work in their own process):
 * - a umask of 077: everything attune creates (stores and their WAL, the key file, staging
 *   batches, spills) is private to its owner, 0600 files in 0700 folders, whatever the shell's umask;
 * - a heap that grows to at most 1.5× what the last full collection left alive. V8's own factor
 *   reaches 4× when collections are quick, and a sync allocates fast while keeping little: at
 *   2,000 people Slack's fetch held about 50 MiB of live objects in a 210-260 MiB heap. V8 reads
 *   this flag at every collection, so setting it at startup takes effect (docs/performance.md,
 *   *The heap's growth*).
 */
export function setUpAttuneProcess(): void {
  process.umask(0o077);
  setFlagsFromString('--heap-growing-percent=50');
}
