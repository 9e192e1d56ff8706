import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Vitest's global setup: one folder under the system's temp folder for everything the run's tests
 * create (tempDir makes theirs inside it, the workers find it in ATTUNE_TEST_TEMP_ROOT), removed
 * when the run ends, so test runs do not pile up data directories (tens of GB over many runs).
 */
export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'attune-tests-'));
  process.env.ATTUNE_TEST_TEMP_ROOT = root;
  return () => rmSync(root, { recursive: true, force: true });
}
