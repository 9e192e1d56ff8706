import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { ConfigError } from '../models/errors.ts';
import { openAnalyticsStore } from '../store/open-analytics-store.ts';
import { browserAssetPath, type BrowserAsset } from './html-page-parts.ts';
import { readReportData } from './report-data.ts';
import { reportPage } from './report-page.ts';

/**
 * `attune report --out FILE`: writes a self-contained HTML report of the released team
 * aggregates, read from the analytics store alone (opened read-only), with Chart.js and the data
 * inlined so the file opens anywhere without a network; prints the file's path and what it holds.
 */
export async function reportCommand(analyticsDir: string, args: string[], out: (text: string) => void): Promise<number> {
  const { values } = parseArgs({ args, options: { out: { type: 'string' } }, strict: true });
  if (!values.out) throw new ConfigError('usage: attune report --out FILE (for example --out report.html)', 'out');
  const analytics = await openAnalyticsStore(analyticsDir);
  const data = await readReportData(analytics).finally(() => analytics.close());
  const read = (asset: BrowserAsset) => readFile(browserAssetPath(asset), 'utf8');
  const [chartJs, script, css] = await Promise.all([read('chart.umd.min.js'), read('report.js'), read('attune.css')]);
  await writeFile(values.out, reportPage(data, { chartJs, script, css }));
  out(`${values.out}: ${data.groups.length} groups, ${data.weeks.length} weeks, ${data.metrics.length} metrics\n`);
  return 0;
}
