// Draws a person's own charts from the page's JSON data island with Chart.js (served by attune
// itself). Runs as an external script: the page's Content-Security-Policy allows no inline script.
/* global Chart, document */
(function drawPersonalCharts() {
  const island = document.getElementById('attune-weeks');
  if (!island || typeof Chart === 'undefined') return;
  const weeks = JSON.parse(island.textContent || '[]');
  const labels = weeks.map((w) => w.week);
  const line = (label, key, colour, dashed) => ({
    label,
    data: weeks.map((w) => w[key]),
    borderColor: colour,
    backgroundColor: colour,
    borderDash: dashed ? [6, 4] : [],
    spanGaps: true,
    tension: 0.2,
  });
  const charts = {
    offHours: [line('Outside working hours (min)', 'offHours', '#b4432b'), line('Your usual', 'usualOffHours', '#888888', true)],
    meetings: [line('Meetings (min)', 'meetings', '#2b6cb4'), line('Back to back (min)', 'backToBack', '#7a4bb4')],
    focus: [line('Focus time (min)', 'focus', '#2b8a4b'), line('Your usual', 'usualFocus', '#888888', true)],
    people: [
      line('People you worked with', 'collaborators', '#b48a2b'),
      line('Your usual', 'usualCollaborators', '#888888', true),
      line('Network (4 weeks)', 'network', '#2b8a8a'),
    ],
  };
  for (const canvas of document.querySelectorAll('canvas[data-chart]')) {
    const datasets = charts[canvas.dataset.chart];
    if (!datasets) continue;
    new Chart(canvas, {
      type: 'line',
      data: { labels, datasets },
      options: { animation: false, responsive: true, scales: { y: { beginAtZero: true } } },
    });
    canvas.dataset.drawn = 'true';
  }
})();
