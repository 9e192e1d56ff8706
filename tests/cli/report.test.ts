import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { browserAssetPath } from '../../cli/html-page-parts.ts';
import { uniqueGroupLabels, type ReportData } from '../../cli/report-data.ts';
import { rowsOf } from '../helpers/rows-of.ts';
import { releasedReport, type ReleasedReport } from './report-fixture.ts';

/** The report's data island, parsed. */
const dataOf = (html: string): ReportData & { titles: Record<string, string> } => {
  const island = /<script type="application\/json" id="attune-report-data">([\s\S]*?)<\/script>/.exec(html);
  if (!island?.[1]) throw new Error('the report has no data island');
  return JSON.parse(island[1]);
};

/** Each group's table as the reader sees it: week → the text of each metric's cell. */
const tablesOf = (html: string): Map<string, Map<string, string[]>> => {
  const tables = new Map<string, Map<string, string[]>>();
  for (const [, id, body] of html.matchAll(/<details data-group="([^"]*)">([\s\S]*?)<\/details>/g)) {
    const rows = [...(body ?? '').matchAll(/<tr><td>([^<]*)<\/td>(.*?)<\/tr>/g)].map(([, week, cells]) => [
      String(week),
      [...String(cells).matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map(([, text]) => String(text)),
    ]);
    tables.set(String(id).replace(/&amp;/g, '&'), new Map(rows as [string, string[]][]));
  }
  return tables;
};

describe('attune report on a real released analytics store', () => {
  let report: ReleasedReport;
  let store: Record<string, unknown>[];
  beforeAll(async () => {
    report = await releasedReport();
    store = await rowsOf(
      join(report.dataDir, 'analytics.duckdb'),
      "SELECT team, strftime(week_start, '%Y-%m-%d') AS week, metric, status, contributors, mean, median, p25, p75 FROM team_week_metrics",
    );
  }, 120_000);

  it('carries every cell of the store in its data, numbers only where released', () => {
    const data = dataOf(report.html);
    expect(store.length).toBeGreaterThan(100);
    expect(new Set(data.groups.map((g) => g.id))).toEqual(new Set(store.map((c) => c.team)));
    expect(data.weeks).toEqual([...new Set(store.map((c) => String(c.week)))].sort());
    const number = (v: unknown) => (v === null ? null : Number(v));
    for (const cell of store) {
      const series = data.groups.find((g) => g.id === cell.team)?.series[String(cell.metric)];
      const i = data.weeks.indexOf(String(cell.week));
      const what = `${cell.team} ${cell.metric} ${cell.week}`;
      expect(series?.suppressed[i], what).toBe(cell.status === 'suppressed');
      expect(series?.mean[i], what).toBe(number(cell.mean));
      expect(series?.median[i], what).toBe(number(cell.median));
      expect(series?.p25[i], what).toBe(number(cell.p25));
      expect(series?.p75[i], what).toBe(number(cell.p75));
      expect(series?.contributors[i], what).toBe(number(cell.contributors));
    }
  });

  it('shows every suppressed cell as "suppressed", never as a number or zero', () => {
    const data = dataOf(report.html);
    const tables = tablesOf(report.html);
    const suppressed = store.filter((c) => c.status === 'suppressed');
    expect(suppressed.length).toBeGreaterThan(50);
    expect(store.some((c) => c.status === 'released')).toBe(true);
    for (const cell of store) {
      const text = tables.get(String(cell.team))?.get(String(cell.week))?.[data.metrics.indexOf(String(cell.metric))];
      const what = `${cell.team} ${cell.metric} ${cell.week}`;
      if (cell.status === 'suppressed') expect(text, what).toBe('suppressed');
      else expect(Number(text), what).toBeCloseTo(Number(cell.mean), 1);
    }
    for (const cell of suppressed) {
      const series = data.groups.find((g) => g.id === cell.team)?.series[String(cell.metric)];
      const i = data.weeks.indexOf(String(cell.week));
      expect([series?.mean[i], series?.median[i], series?.p25[i], series?.p75[i]]).toEqual([null, null, null, null]);
    }
  });

  it('holds no pseudonym and refers to nothing outside the file', () => {
    const chartJs = readFileSync(browserAssetPath('chart.umd.min.js'), 'utf8').replace(/^\/\/# sourceMappingURL=.*$/gm, '');
    expect(report.html).toContain(chartJs.slice(0, 2000));
    const ours = report.html.replace(chartJs, '');
    expect(report.pseudonyms.length).toBeGreaterThan(30);
    expect(report.pseudonyms.filter((p) => report.html.includes(p) || ours.includes(p.slice(0, 6)))).toEqual([]);
    expect(ours.match(/[0-9a-f]{32}/g)).toBeNull();
    expect(report.html.match(/\b(?:src|href|action)\s*=\s*["']?\s*(?:[a-z]+:)?\/\//gi)).toBeNull();
    expect(report.html.match(/<(?:link|img|iframe)\b|@import|url\(\s*["']?(?:[a-z]+:)?\/\//gi)).toBeNull();
    expect(report.html).not.toMatch(/sourceMappingURL/);
  });

  it('names groups readably and uniquely, telling same-named teams of two sources apart, with names escaped', () => {
    const data = dataOf(report.html);
    const labels = data.groups.map((g) => g.label);
    expect(new Set(labels).size).toBe(labels.length);
    expect(labels).toEqual(expect.arrayContaining(['Engineering (google)', 'Engineering (slack)', 'location: Lisbon']));
    expect(report.html).toContain('&lt;b&gt;R&amp;D&lt;/b&gt; &quot;team&quot;');
    expect(report.html).not.toContain('<b>R&D</b>');
    // Same-named groups of one source are told apart by id.
    const sameSource = uniqueGroupLabels([
      { team: 'slack:S1', team_name: 'Ops', group_kind: 'team', parent_team: null, dimension: null },
      { team: 'slack:S2', team_name: 'Ops', group_kind: 'team', parent_team: null, dimension: null },
    ]);
    expect([...sameSource.values()]).toEqual(['Ops (slack:S1)', 'Ops (slack:S2)']);
  });
});
