import { parseArgs } from 'node:util';
import { ConfigError } from '../models/errors.ts';
import { exportAnalyticsTables } from '../store/export-analytics-tables.ts';

/**
 * `attune export --format parquet|arrow --out DIR`: writes the analytics store's released tables
 * (team_week_metrics, release_ledger) to DIR as Parquet or Arrow IPC files, and lists them.
 */
export async function exportCommand(analyticsDir: string, args: string[], out: (text: string) => void): Promise<number> {
  const { values } = parseArgs({ args, options: { format: { type: 'string' }, out: { type: 'string' } }, strict: true });
  if ((values.format !== 'parquet' && values.format !== 'arrow') || !values.out) {
    throw new ConfigError('usage: attune export --format parquet|arrow --out DIR', 'format');
  }
  for (const file of await exportAnalyticsTables(analyticsDir, values.out, values.format)) out(`${file}\n`);
  return 0;
}
