import { join } from 'node:path';

/** Where in the data directory the staging batches and the analytics store live. */
export function dataPaths(dataDir: string): { stagingDir: string; analyticsPath: string } {
  return { stagingDir: join(dataDir, 'staging'), analyticsPath: join(dataDir, 'analytics.duckdb') };
}
