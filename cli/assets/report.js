// Draws attune report's charts with Chart.js from the page's JSON data island; both are inlined
// into the report file, so it loads nothing. Suppressed weeks are gaps, shaded and labelled.
/* global Chart, document */
(function drawReport() {
  const island = document.getElementById('attune-report-data');
  if (!island || typeof Chart === 'undefined') return;
  const data = JSON.parse(island.textContent || '{}');
  const select = document.getElementById('group-select');

  // Shades each suppressed week across the chart area: a gap in the line is not a zero.
  const suppressedWeeks = {
    id: 'suppressedWeeks',
    beforeDatasetsDraw(chart, _args, options) {
      const flags = options.flags || [];
      const x = chart.scales.x;
      const { top, bottom } = chart.chartArea;
      const width = x.width / Math.max(flags.length, 1);
      chart.ctx.save();
      chart.ctx.fillStyle = 'rgba(110, 110, 110, 0.18)';
      flags.forEach((suppressed, i) => {
        if (suppressed) chart.ctx.fillRect(x.getPixelForValue(i) - width / 2, top, width, bottom - top);
      });
      chart.ctx.restore();
    },
  };

  const line = (label, values, colour, dashed) => ({
    label,
    data: values,
    borderColor: colour,
    backgroundColor: colour,
    borderDash: dashed ? [6, 4] : [],
    spanGaps: false,
    tension: 0.2,
  });
  const trendDatasets = (series) => [
    line('Mean', series.mean, '#2b6cb4', false),
    line('25th percentile', series.p25, '#8aa9cf', true),
    line('75th percentile', series.p75, '#8aa9cf', true),
  ];

  const trends = [...document.querySelectorAll('canvas[data-trend]')].map((canvas) => {
    const metric = canvas.dataset.trend;
    const chart = new Chart(canvas, {
      type: 'line',
      data: { labels: data.weeks, datasets: [] },
      plugins: [suppressedWeeks],
      options: {
        animation: false,
        responsive: true,
        aspectRatio: 1.3,
        plugins: { suppressedWeeks: { flags: [] }, title: { display: true, text: data.titles[metric] } },
        scales: {
          y: { beginAtZero: true },
          x: {
            ticks: {
              callback(_value, index) {
                const flags = this.chart.options.plugins.suppressedWeeks.flags;
                return flags[index] ? [data.weeks[index], 'suppressed'] : data.weeks[index];
              },
            },
          },
        },
      },
    });
    canvas.dataset.drawn = 'true';
    return { metric, chart };
  });

  const showGroup = (index) => {
    const group = data.groups[index];
    if (!group) return;
    for (const { metric, chart } of trends) {
      const series = group.series[metric];
      chart.data.datasets = trendDatasets(series);
      chart.options.plugins.suppressedWeeks.flags = series.suppressed;
      chart.options.plugins.title.text = `${data.titles[metric]}: ${group.label}`;
      chart.update('none');
    }
  };
  // Opens on the group with the most released cells (a team with data, rather than the first name in the list).
  const released = (group) => Object.values(group.series).reduce((n, series) => n + series.mean.filter((v) => v !== null).length, 0);
  const first = data.groups.reduce((best, group, i) => (released(group) > released(data.groups[best]) ? i : best), 0);
  if (select) {
    select.value = String(first);
    select.addEventListener('change', () => showGroup(Number(select.value)));
  }
  showGroup(first);

  // The organisation's distribution: each team's mean in the latest week, lowest first; suppressed teams are counted, not drawn.
  const latest = data.weeks.length - 1;
  const teams = data.groups.filter((g) => g.kind === 'team');
  for (const canvas of document.querySelectorAll('canvas[data-distribution]')) {
    const metric = canvas.dataset.distribution;
    const released = teams
      .filter((g) => g.series[metric].mean[latest] !== null)
      .map((g) => ({ label: g.label, mean: g.series[metric].mean[latest] }))
      .sort((a, b) => a.mean - b.mean);
    const suppressed = teams.filter((g) => g.series[metric].suppressed[latest]).length;
    new Chart(canvas, {
      type: 'bar',
      data: { labels: released.map((t) => t.label), datasets: [{ label: `Team mean, week of ${data.weeks[latest]}`, data: released.map((t) => t.mean), backgroundColor: '#2b8a8a' }] },
      options: {
        animation: false,
        responsive: true,
        aspectRatio: 1.3,
        plugins: { title: { display: true, text: data.titles[metric] } },
        // Too many teams to name on the axis: each bar names its team on hover.
        scales: { x: { ticks: { display: false }, title: { display: true, text: 'teams, lowest mean first' } }, y: { beginAtZero: true } },
      },
    });
    canvas.dataset.drawn = 'true';
    const note = document.querySelector(`[data-distribution-note="${metric}"]`);
    if (note) note.textContent = `${released.length} teams shown; ${suppressed} suppressed that week (not shown).`;
  }
})();
