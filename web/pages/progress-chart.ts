/**
 * The overview's progress chart, as a script file (the pages' Content-Security-Policy runs no
 * inline script): it reads the data block the page embeds and draws three lines that differ by
 * dash as well as colour, so they can be told apart without colour.
 */
export const progressChartScript = `(function () {
  var data = document.getElementById('progress-data');
  var canvas = document.getElementById('progress-chart');
  if (!data || !canvas || typeof Chart === 'undefined') return;
  var rows = JSON.parse(data.textContent || '[]');
  var series = function (key) { return rows.map(function (row) { return row[key]; }); };
  // Plan dates (the campaign's zone) as a person reads them: 2022-04-15 → 2022年4月15日.
  var dayName = function (date) { var part = date.split('-'); return Number(part[0]) + '年' + Number(part[1]) + '月' + Number(part[2]) + '日'; };
  new Chart(canvas, {
    type: 'line',
    data: {
      labels: series('date').map(dayName),
      datasets: [
        { label: '累计报送', data: series('submitted'), borderColor: '#1f5fa8', borderDash: [], pointStyle: 'circle' },
        { label: '累计通过', data: series('accepted'), borderColor: '#1e7b34', borderDash: [8, 4], pointStyle: 'rect' },
        { label: '累计逾期', data: series('overdue'), borderColor: '#b3261e', borderDash: [2, 3], pointStyle: 'triangle' }
      ]
    },
    options: { animation: false, plugins: { legend: { labels: { usePointStyle: true } } } }
  });
})();
`;

/**
 * The simulation page's progress, as a script file: every 2 s it reads the simulation from the API
 * and writes the plan date reached into the page's status region (read out politely by screen
 * readers), and reloads the page once the run is over. The page never refreshes itself (a meta
 * refresh moves a keyboard or screen-reader user back to the top every 2 s, WCAG 2.2.1).
 */
export const simulationProgressScript = `(function () {
  var region = document.getElementById('simulation-progress');
  if (!region) return;
  var id = region.getAttribute('data-simulation');
  var text = document.getElementById('simulation-progress-text');
  var bar = document.getElementById('simulation-progress-bar');
  var poll = function () {
    fetch('/api/simulations/' + id, { credentials: 'same-origin' }).then(function (response) { return response.json(); }).then(function (job) {
      if (job.status !== 'running') { window.location.reload(); return; }
      if (job.progress && text) {
        text.textContent = '已到方案日期 ' + job.progress.planDate + '，完成 ' + job.progress.done + '/' + job.progress.total + ' 项模拟操作';
        if (bar && job.progress.total > 0) bar.value = Math.round((job.progress.done / job.progress.total) * 100);
      }
      setTimeout(poll, 2000);
    }, function () { setTimeout(poll, 5000); });
  };
  setTimeout(poll, 2000);
})();
`;
