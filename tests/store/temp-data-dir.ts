import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A fresh, empty data directory under the system temp dir, for one test. */
export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'attune-store-'));
}
