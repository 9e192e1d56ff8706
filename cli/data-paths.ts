import { chmod, mkdir, readdir, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';

/**
 * Where the staging batches (in the data directory) and the analytics store (in `analyticsDir`,
 * ATTUNE_ANALYTICS_DIR, by default the data directory) live.
 */
export function dataPaths(dataDir: string, analyticsDir = dataDir): { stagingDir: string; analyticsPath: string } {
  return { stagingDir: join(dataDir, 'staging'), analyticsPath: join(analyticsDir, 'analytics.duckdb') };
}

/**
 * Makes the data directory private to its owner, creating it if needed: the folder and its
 * folders 0700, its files 0600, also when it existed before, world-readable (mkdir's mode never
 * changes an existing folder, and the umask masks it). What attune creates later is private
 * through the umask `attune` sets (cli/attune-process.ts).
 */
export async function makeDataDirPrivate(dataDir: string): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await chmod(dataDir, 0o700);
  for (const entry of await readdir(dataDir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    if (entry.isDirectory()) await chmod(path, 0o700);
    else if (entry.isFile()) await chmod(path, 0o600);
  }
}

/**
 * Whether `path` lies inside the data directory `dataDir` (the folder itself included), compared
 * as written: a secret kept there travels with the data (backups, a volume shared with workers).
 */
export function isInsideDataDir(path: string, dataDir: string): boolean {
  const fromDataDir = relative(resolve(dataDir), resolve(path));
  return !isAbsolute(fromDataDir) && fromDataDir.split(sep)[0] !== '..';
}

/** The permission bits of the file at `path` when anyone but its owner may read or write it (a secret must be 0600), else null. */
export async function modeOpenToOthers(path: string): Promise<number | null> {
  const mode = (await stat(path)).mode & 0o777;
  return (mode & 0o077) === 0 ? null : mode;
}
