import { escapeHtml, jsonDataIsland } from './html-page-parts.ts';
import type { ReportData, ReportGroup } from './report-data.ts';

/** What a metric means, in plain language, and its unit. */
interface MetricExplanation {
  title: string;
  unit: 'minutes' | 'people' | 'messages' | 'days' | 'chains';
  explanation: string;
}

/** Each released metric's plain-language meaning (docs/features.md has the full definitions). */
const metricExplanations: Record<string, MetricExplanation> = {
  after_hours_minutes: {
    title: 'Time outside working hours',
    unit: 'minutes',
    explanation: 'Minutes of meetings and messaging outside a person’s working hours on working days, in their own time zone.',
  },
  non_working_day_minutes: { title: 'Time on days off', unit: 'minutes', explanation: 'Minutes of meetings and messaging on non-working days (weekends).' },
  mean_workday_span_minutes: {
    title: 'Workday span',
    unit: 'minutes',
    explanation: 'From the first to the last activity of a working day, averaged over the week.',
  },
  distinct_collaborators: { title: 'Collaborators', unit: 'people', explanation: 'Different people met, messaged in threads or DMs, or worked with on issues that week.' },
  messages_sent: { title: 'Messages sent', unit: 'messages', explanation: 'Chat messages and thread replies written that week (never what they say).' },
  long_days: { title: 'Long days', unit: 'days', explanation: 'Days of the week whose span was over 11 hours.' },
  meeting_minutes: { title: 'Meetings', unit: 'minutes', explanation: 'Minutes in meetings with at least one other person, not declined, not all-day.' },
  back_to_back_minutes: { title: 'Back-to-back meetings', unit: 'minutes', explanation: 'Minutes of meetings chained with gaps under 10 minutes.' },
  long_chains: { title: 'Chains of 2 h+ without a break', unit: 'chains', explanation: 'Times in the week meetings ran 2 hours or more without a 10-minute break.' },
  focus_minutes: { title: 'Focus time', unit: 'minutes', explanation: 'Free blocks of 2 hours or more inside working hours.' },
  network_size: { title: 'Network size', unit: 'people', explanation: 'People with at least 2 real exchanges (small meetings, threads, DMs) over the last 4 weeks.' },
};

/** A metric's explanation, or a plain one naming its column when the report does not know it. */
function explained(metric: string): MetricExplanation {
  return metricExplanations[metric] ?? { title: metric, unit: 'minutes', explanation: `The released metric ${metric}.` };
}

/** A released number as the tables show it: rounded to one decimal. */
const shown = (value: number | null) => (value === null ? '' : String(Math.round(value * 10) / 10));

/** One group's weeks × metrics table: the mean of each released cell, "suppressed" for a suppressed one, blank for no cell. */
function groupTable(group: ReportGroup, data: ReportData): string {
  const head = data.metrics.map((m) => `<th>${escapeHtml(explained(m).title)}</th>`).join('');
  const rows = data.weeks
    .map((week, i) => {
      const cells = data.metrics.map((m) => {
        const series = group.series[m];
        if (series?.suppressed[i]) return '<td class="suppressed">suppressed</td>';
        return `<td>${shown(series?.mean[i] ?? null)}</td>`;
      });
      return `<tr><td>${escapeHtml(week)}</td>${cells.join('')}</tr>`;
    })
    .join('');
  const parent = group.parentLabel ? `, part of ${escapeHtml(group.parentLabel)}` : '';
  return `<details data-group="${escapeHtml(group.id)}"><summary>${escapeHtml(group.label)} <small>(${group.kind}${parent})</small></summary>
<table><thead><tr><th>Week of</th>${head}</tr></thead><tbody>${rows}</tbody></table></details>`;
}

/** The pieces of the page read from disk at report time, inlined so the file needs nothing else. */
export interface ReportInlines {
  /** Chart.js's UMD build. */
  chartJs: string;
  /** attune's report script (cli/assets/report.js). */
  script: string;
  /** attune's stylesheet (cli/assets/attune.css). */
  css: string;
}

/** Script text safe inside a `<script>` element: nothing in it can end the element, and no source map is fetched. */
const inlineScript = (text: string) => `<script>${text.replace(/^\/\/# sourceMappingURL=.*$/gm, '').replace(/<\/(script)/gi, '<\\/$1')}</script>`;

/**
 * The self-contained HTML report of `attune report`: per group, each metric's trend over the
 * weeks (suppressed weeks shaded and labelled, never drawn as zero), the organisation's
 * distribution of team means in the latest week, each metric and the privacy rules explained,
 * and every group's numbers as tables. Chart.js, the drawing script and the data are inlined, so
 * the file loads nothing from anywhere when opened.
 */
export function reportPage(data: ReportData, inlines: ReportInlines): string {
  const ledger = data.ledger;
  const k = ledger?.k ?? 5;
  const period = data.weeks.length > 0 ? `the weeks of ${data.weeks[0]} to ${data.weeks.at(-1)}` : 'no week yet';
  const teams = data.groups.filter((g) => g.kind === 'team').length;
  const segments = data.groups.length - teams;
  const summary = ledger
    ? `${ledger.releases} release${ledger.releases === 1 ? '' : 's'}, the latest at ${escapeHtml(ledger.latestReleasedAt)}; ${ledger.cellsReleased} cells released and ${ledger.cellsSuppressed} suppressed; k = ${ledger.k}${ledger.epsilon === null ? ', exact numbers (no noise)' : `, noise with ε = ${ledger.epsilon} per cell`}; rules: ${escapeHtml(ledger.rules)}.`
    : 'No release has been recorded yet.';
  const options = data.groups.map((g, i) => `<option value="${i}">${escapeHtml(g.label)}${g.kind === 'segment' ? ' (segment)' : ''}</option>`).join('');
  const chartFigure = (prefix: 'trend' | 'distribution', metric: string, caption: string) =>
    `<figure><canvas id="${prefix}-${escapeHtml(metric)}" data-${prefix}="${escapeHtml(metric)}" aria-label="${escapeHtml(explained(metric).title)}"></canvas>
<figcaption>${caption}</figcaption></figure>`;
  const trends = data.metrics
    .map((m) => chartFigure('trend', m, `<strong>${escapeHtml(explained(m).title)}</strong> (${explained(m).unit}): ${escapeHtml(explained(m).explanation)}`))
    .join('\n');
  const distributions = data.metrics
    .map((m) => chartFigure('distribution', m, `<strong>${escapeHtml(explained(m).title)}</strong>: each team’s mean (${explained(m).unit}) in the latest week, lowest first. <span data-distribution-note="${escapeHtml(m)}"></span>`))
    .join('\n');
  const glossary = data.metrics
    .map((m) => `<dt>${escapeHtml(explained(m).title)} <code>${escapeHtml(m)}</code></dt><dd>${escapeHtml(explained(m).explanation)} Unit: ${explained(m).unit} per person per week; a cell shows the mean (and the median and quartiles where released) over the group.</dd>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><title>attune team report</title>
<style>${inlines.css.replace(/<\/(style)/gi, '<\\/$1')}
main { max-width: 76rem; }
.suppressed { color: #6b6b6b; font-style: italic; background: repeating-linear-gradient(45deg, #eee, #eee 4px, #f8f8f8 4px, #f8f8f8 8px); }
.legend-swatch { display: inline-block; width: 1.2rem; height: 0.9rem; vertical-align: middle; border: 1px solid #bbb; }
.charts { grid-template-columns: repeat(auto-fit, minmax(22rem, 1fr)); }
dt { font-weight: 600; margin-top: 0.6rem; } dd { margin-left: 1rem; }
</style></head>
<body><main>
<h1>attune: team wellbeing report</h1>
<p>Released team aggregates for ${escapeHtml(period)}: ${teams} teams and ${segments} segment categories. ${summary}
Built from the analytics store only: totals over groups of at least ${k} people, never anyone’s own numbers.</p>

<h2>Teams over time</h2>
<p><label>Group <select id="group-select">${options}</select></label></p>
<p><span class="legend-swatch suppressed"></span> A shaded week marked “suppressed” was withheld by the privacy rules below: it has no number,
which is not the same as zero. Solid line: the group’s mean; dashed lines: its 25th and 75th percentiles, where released.</p>
<section class="charts">
${trends}
</section>

<h2>Across the organisation</h2>
<section class="charts">
${distributions}
</section>

<h2>What the numbers mean</h2>
<dl>
${glossary}
</dl>

<h2>Why some cells are suppressed</h2>
<ul>
<li><strong>At least k = ${k} people.</strong> A number is released for a group and week only if it counts at least ${k} people; otherwise it is suppressed.</li>
<li><strong>No differencing.</strong> A cell is also suppressed when it could be subtracted from another released cell (a parent team minus its sub-teams, overlapping groups, one week minus the last, a segment against its other categories) to reveal fewer than ${k} people. Which rule withheld a cell is not shown, since the reasons together could narrow down who was missing.</li>
<li><strong>Everyone counts.</strong> A group counts all its members, also those absent or who opted out (with a stand-in value), so the numbers do not show who was there or who chose to leave team totals.</li>
<li><strong>Held rosters and re-baselining.</strong> When fewer than ${k} people join or leave a group, it keeps counting the people of its last release for a while (leavers with their latest value, joiners not yet). Once ${k} or more have changed, it counts its current members again (it re-baselines), so changes show up in batches of at least ${k}.</li>
<li><strong>Quartiles</strong> (25th and 75th percentiles) and shares are released only for groups of at least ${2 * k} people.</li>
<li><strong>Released weeks are final</strong>: a later release never rewrites them.</li>
</ul>

<h2>Every group’s numbers</h2>
<p>The weekly mean of each metric; “suppressed” where the cell was withheld, blank where the group had no cell that week.</p>
${data.groups.map((g) => groupTable(g, data)).join('\n')}
</main>
${jsonDataIsland('attune-report-data', { ...data, titles: Object.fromEntries(data.metrics.map((m) => [m, explained(m).title])) })}
${inlineScript(inlines.chartJs)}
${inlineScript(inlines.script)}
</body></html>
`;
}
