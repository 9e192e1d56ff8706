import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir.ts';
import { releasedReport, type ReleasedReport } from './report-fixture.ts';

// Issue 13's "done when" for the report, in Debian's Chromium: the file opened from disk draws its
// charts, with no console error and no request leaving the file; a screenshot is kept.

const chromiumPath = '/usr/bin/chromium';
const hasChromium = existsSync(chromiumPath);
if (!hasChromium) console.warn(`skipping the report's browser test: no Debian chromium at ${chromiumPath} (apt-get install chromium)`);

const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Each canvas: how many of its pixels are painted, and the points its Chart.js instance holds (non-null values). */
const chartsScript = `[...document.querySelectorAll('canvas')].map((c) => {
  const pixels = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let painted = 0;
  for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) painted++;
  const chart = Chart.getChart(c);
  return {
    id: c.id,
    drawn: c.dataset.drawn ?? null,
    painted,
    points: chart ? chart.data.datasets.flatMap((d) => d.data).filter((v) => v !== null).length : 0,
  };
})`;

describe.skipIf(!hasChromium)('attune report in headless Chromium', () => {
  let report: ReleasedReport;
  let browser: Browser;
  beforeAll(async () => {
    report = await releasedReport();
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs, timeout: 120_000 });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('draws every chart from the file alone, shows suppressed weeks as such, and keeps a screenshot', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (r) => requests.push(r.url()));
    page.on('websocket', (ws) => requests.push(ws.url()));

    const url = pathToFileURL(report.reportPath).href;
    await page.goto(url);
    await page.waitForFunction("[...document.querySelectorAll('canvas')].every((c) => c.dataset.drawn === 'true')");
    const charts = (await page.evaluate(chartsScript)) as { id: string; drawn: string | null; painted: number; points: number }[];
    const trends = charts.filter((c) => c.id.startsWith('trend-'));
    const distributions = charts.filter((c) => c.id.startsWith('distribution-'));
    expect(trends.length).toBeGreaterThan(3);
    expect(distributions.length).toBe(trends.length);
    for (const chart of charts) expect(chart.painted, chart.id).toBeGreaterThan(500);
    // The group shown first (the one with the most released cells) has points in its after-hours trend; the organisation's chart has teams' means.
    expect(charts.find((c) => c.id === 'trend-after_hours_minutes')?.points).toBeGreaterThan(0);
    expect(charts.find((c) => c.id === 'distribution-after_hours_minutes')?.points).toBeGreaterThan(1);

    // A group suppressed every week (team A3, one person): no point drawn, every week labelled suppressed on the axis.
    const opened = await page.inputValue('#group-select');
    const soloTeam = await page.locator('#group-select option', { hasText: /^A3$/ }).getAttribute('value');
    await page.selectOption('#group-select', soloTeam!);
    const solo = (await page.evaluate(`(() => {
      const chart = Chart.getChart(document.getElementById('trend-after_hours_minutes'));
      return { values: chart.data.datasets.map((d) => d.data), ticks: chart.scales.x.ticks.map((t) => t.label) };
    })()`)) as { values: (number | null)[][]; ticks: (string | string[])[] };
    expect(solo.values.flat().every((v) => v === null)).toBe(true);
    expect(solo.ticks.length).toBeGreaterThan(1);
    for (const tick of solo.ticks) expect(tick).toEqual([expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), 'suppressed']);
    await page.selectOption('#group-select', opened);

    const screenshot = join(tempDir('report-screenshot'), 'report.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    console.log(`report screenshot: ${screenshot} (report: ${report.reportPath})`);
    await page.close();

    expect(problems).toEqual([]);
    expect(requests).toEqual([url]);
  });
});
