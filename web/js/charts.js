// Chart.js (vendored: /assets/vendor/chart.umd.min.js, loaded before the modules as the
// global `Chart`) behind three small helpers. Each chart sits in a figure with a text
// summary for screen readers; Chart.getChart(canvas) returns the instance (used by tests).

import { h } from './dom.js';
import { formatCompact } from './format.js';

const palette = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2',
                 '#7f7f7f', '#bcbd22', '#17becf'];
export const colorOf = (index) => palette[index % palette.length];
export const providerColors = { cinemaworld: '#1f77b4', filmworld: '#d62728' };

// A figure holding a canvas; `chart` is created later by line()/bar().
export function chartFigure(id, title) {
  const canvas = h('canvas', { id, role: 'img', 'aria-label': title });
  const figure = h('figure', { class: 'chart', dataset: { chart: id } },
                   h('div', { class: 'chart-box' }, canvas), h('figcaption', {}, title));
  return { figure, canvas };
}

function create(canvas, config) {
  const existing = window.Chart.getChart(canvas);
  if (existing) existing.destroy();
  return new window.Chart(canvas, config);
}

const baseOptions = (yFormat, stacked = false) => ({
  responsive: true,
  maintainAspectRatio: false,
  animation: false,
  interaction: { mode: 'index', intersect: false },
  plugins: { legend: { position: 'bottom' },
             tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${yFormat(item.parsed.y)}` } } },
  scales: { x: { stacked }, y: { stacked, ticks: { callback: (value) => yFormat(value) } } },
});

// labels: x values; series: [{label, data, color?, stepped?}]. With xFormat, the x axis is
// numeric (labels unused) and each series' data are {x, y} points, e.g. times in ms.
export function lineChart(canvas, labels, series, { yFormat = formatCompact, xFormat } = {}) {
  const options = baseOptions(yFormat);
  if (xFormat) {
    options.scales.x = { type: 'linear', ticks: { callback: (value) => xFormat(value), maxTicksLimit: 6 } };
    // Frame the points: a little margin around them, at least an hour either side, so one
    // observation (or several at the same moment) sits in the middle of a readable axis.
    const xs = series.flatMap((s) => s.data.map((point) => point.x)).filter(Number.isFinite);
    if (xs.length) {
      const lo = xs.reduce((a, b) => Math.min(a, b)), hi = xs.reduce((a, b) => Math.max(a, b));
      const pad = Math.max((hi - lo) * 0.05, 3600 * 1000);
      Object.assign(options.scales.x, { min: lo - pad, max: hi + pad });
    }
    options.plugins.tooltip.callbacks.title = (items) => (items.length ? xFormat(items[0].parsed.x) : '');
  }
  return create(canvas, {
    type: 'line',
    data: { labels: xFormat ? undefined : labels, datasets: series.map((s, i) => ({
      label: s.label, data: s.data, borderColor: s.color || colorOf(i), backgroundColor: s.color || colorOf(i),
      spanGaps: true, pointRadius: xFormat ? 4 : 2, stepped: s.stepped || false, tension: 0 })) },
    options,
  });
}

export function barChart(canvas, labels, series, { yFormat = formatCompact, stacked = false } = {}) {
  return create(canvas, {
    type: 'bar',
    data: { labels, datasets: series.map((s, i) => ({
      label: s.label, data: s.data, backgroundColor: s.color || colorOf(i) })) },
    options: baseOptions(yFormat, stacked),
  });
}

// Number of data points drawn by the chart on `canvas` (0 when none).
export function pointCount(canvas) {
  const chart = window.Chart && window.Chart.getChart(canvas);
  if (!chart) return 0;
  return chart.data.datasets.reduce((sum, d) => sum + d.data.filter((v) => v !== null && v !== undefined).length, 0);
}
