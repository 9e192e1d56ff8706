import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Progress } from '../models/progress.ts';

/**
 * Deletes every file under the staging folder (staging batches and their temporary parts, in any
 * source's subfolder), says so on `progress` when there were any, and returns how many; a missing
 * folder holds none. Call it only while holding the private store with no load in flight (the
 * start of an embedded run or import, `attune erase`): a load deletes its own files once loaded,
 * so what is left then was orphaned by a crash (the stream is read again from its saved cursor),
 * and its pseudonymous events would otherwise stay on disk for good.
 */
export async function sweepStagingFiles(stagingDir: string, progress?: Progress): Promise<number> {
  const entries = await readdir(stagingDir, { recursive: true, withFileTypes: true }).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  });
  const files = entries.filter((entry) => !entry.isDirectory());
  for (const file of files) await rm(join(file.parentPath, file.name), { force: true });
  if (files.length > 0) progress?.(`staging: deleted ${files.length} files a crashed run left`);
  return files.length;
}
