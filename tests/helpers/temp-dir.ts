import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh, empty directory inside the test run's temp root (see temp-root.ts), or the system's temp folder outside vitest. */
export function tempDir(label: string): string {
  return mkdtempSync(join(process.env.ATTUNE_TEST_TEMP_ROOT ?? tmpdir(), `attune-${label}-`));
}
