import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh, empty directory under the system's temp folder. */
export function tempDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `attune-${label}-`));
}
