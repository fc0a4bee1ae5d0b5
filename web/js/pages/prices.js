// Prices: the cheapest films and directors per provider or across providers (toggle
// cinemaworld / filmworld / both), a film's price history, the same film compared across
// providers, films missing today and the providers' health.

import { listAll, listPage, paths } from '../api.js';
import { h, card, clear, empty, failure, loading, toggle } from '../dom.js';
import { formatDateTime, formatDuration, formatInteger, formatPrice, formatShortDateTime, parseTimestamp } from '../format.js';
import { barChart, chartFigure, lineChart, providerColors } from '../charts.js';
import { DataTable } from '../table.js';
import { updateQuery } from '../app.js';

export const k_providers = ['cinemaworld', 'filmworld'];
const scopes = [{ value: 'cinemaworld', label: 'Cinemaworld' }, { value: 'filmworld', label: 'Filmworld' },
                { value: 'all', label: 'Both' }];

const noPrices = 'No price data yet: run `reelhouse run prices` (with the provider simulator for a demo).';
const outlierMark = (row) => h('span', {}, formatPrice(row.price),
  row.is_outlier === true || row.is_outlier === 'true' ? h('span', { class: 'badge state-failed', title: 'Far above the provider\'s median price' }, ' outlier') : null);

export function render(main, route) {
  const state = { scope: route.query.get('scope') || 'all', film: route.query.get('film') || '' };
  const providerFilter = () => (state.scope === 'all' ? '' : state.scope);

  // Cheapest films.
  const films = card('Cheapest films', { id: 'cheapest-films',
    description: 'Select a film to see its price history.' });
  const filmsTable = new DataTable({
    id: 'cheapest-films-table', caption: 'Films by price', sort: 'rank', order: 'asc', pageSize: 10,
    columns: [{ key: 'rank', label: 'Rank', numeric: true, order: 'asc', format: formatInteger },
              { key: 'title', label: 'Title' }, { key: 'year', label: 'Year', numeric: true, format: (v) => v ?? '—' },
              { key: 'provider', label: 'Provider' },
              { key: 'price', label: 'Price', numeric: true, render: outlierMark }],
    emptyText: noPrices,
    onRowClick: (row) => { state.film = row.imdb_id; updateQuery(state); loadHistory(); },
    rowLabel: (row) => `${row.title}: show its price history`,
    fetchPage: (page) => listPage(paths.cheapestFilms, { ...page, filters: { scope: state.scope } }),
  });
  films.body.append(filmsTable.element);

  // Cheapest directors.
  const directors = card('Cheapest directors', { id: 'cheapest-directors',
    description: 'Directors by the price of their cheapest film; total is every film of theirs at that price.' });
  const directorsTable = new DataTable({
    id: 'cheapest-directors-table', caption: 'Directors by cheapest film', sort: 'rank_by_min', order: 'asc', pageSize: 10,
    columns: [{ key: 'rank_by_min', label: 'Rank', numeric: true, order: 'asc', format: formatInteger },
              { key: 'director', label: 'Director' }, { key: 'films', label: 'Films', numeric: true, format: formatInteger },
              { key: 'min_price', label: 'Cheapest', numeric: true, format: formatPrice },
              { key: 'cheapest_title', label: 'Cheapest film' },
              { key: 'total_price', label: 'Total', numeric: true, format: formatPrice },
              { key: 'rank_by_total', label: 'Rank by total', numeric: true, order: 'asc', format: formatInteger }],
    emptyText: noPrices,
    fetchPage: (page) => listPage(paths.cheapestDirectors, { ...page, filters: { scope: state.scope } }),
  });
  directors.body.append(directorsTable.element);

  // Price history of one film.
  const history = card('Price history', { id: 'price-history' });
  const historyChart = chartFigure('chart-price-history', 'Price of the film at each observation (times in UTC)');
  const historyStatus = h('div');
  history.body.append(historyStatus, historyChart.figure);

  async function loadHistory() {
    clear(historyStatus, loading());
    try {
      if (!state.film) {
        const first = await listPage(paths.cheapestFilms, { filters: { scope: state.scope }, limit: 1 });
        if (!first.items.length) {
          clear(historyStatus, empty(noPrices));
          return;
        }
        state.film = first.items[0].imdb_id;
      }
      const rows = await listAll(paths.priceObservations,
                                 { filters: { imdb_id: state.film, provider: providerFilter() }, sort: 'observed_at' });
      if (!rows.length) {
        clear(historyStatus, empty('No observations of this film at the selected provider.'));
        return;
      }
      const providers = [...new Set(rows.map((row) => row.provider))].sort();
      const series = providers.map((provider) => ({
        label: provider, color: providerColors[provider], stepped: 'after',
        data: rows.filter((row) => row.provider === provider)
          .map((row) => ({ x: parseTimestamp(row.observed_at).getTime(), y: Number(row.price) }))
          .sort((a, b) => a.x - b.x) }));
      clear(historyStatus, h('p', {}, h('strong', {}, rows[0].title ?? state.film), ` (${state.film}) — `,
                             `${formatInteger(rows.length)} observations`));
      lineChart(historyChart.canvas, [], series, { yFormat: formatPrice, xFormat: formatShortDateTime });
    } catch (error) {
      clear(historyStatus, error.status === 404 ? empty(noPrices) : failure(error));
    }
  }

  // The same film at both providers.
  const comparison = card('Across providers', { id: 'price-comparison',
    description: 'Films matched across providers by their IMDb number.' });
  const comparisonTable = new DataTable({
    id: 'price-comparison-table', caption: 'Price at each provider', sort: 'difference', order: 'desc', pageSize: 10,
    columns: [{ key: 'title', label: 'Title' }, { key: 'year', label: 'Year', numeric: true, format: (v) => v ?? '—' },
              { key: 'cinemaworld_price', label: 'Cinemaworld', numeric: true, format: formatPrice },
              { key: 'filmworld_price', label: 'Filmworld', numeric: true, format: formatPrice },
              { key: 'cheaper_provider', label: 'Cheaper at' },
              { key: 'difference', label: 'Difference', numeric: true, format: formatPrice }],
    emptyText: noPrices,
    onRowClick: (row) => { state.film = row.imdb_id; updateQuery(state); loadHistory(); },
    rowLabel: (row) => `${row.title}: show its price history`,
    fetchPage: (page) => listPage(paths.priceComparison, page),
  });
  comparison.body.append(comparisonTable.element);

  // Provider health of the latest run.
  const health = card('Provider health', { id: 'provider-health',
    description: 'Requests, failures and latency of the newest prices run.' });
  const latencyChart = chartFigure('chart-provider-latency', 'Request latency by provider (ms)');
  const healthStatus = h('div');
  health.body.append(healthStatus, latencyChart.figure);

  async function loadHealth() {
    clear(healthStatus, loading());
    try {
      const newest = await listPage(paths.providerHealth, { sort: 'run_id', order: 'desc', limit: 1 });
      if (!newest.items.length) {
        clear(healthStatus, empty(noPrices));
        return;
      }
      const runId = newest.items[0].run_id;
      const rows = (await listAll(paths.providerHealth, { filters: { run_id: runId, provider: providerFilter() } }));
      const failures = (row) => ['failures_server_error', 'failures_timeout', 'failures_connection',
        'failures_rate_limited', 'failures_invalid_body', 'failures_not_found', 'failures_other']
        .reduce((sum, key) => sum + Number(row[key] || 0), 0);
      const table = h('table', { class: 'data', id: 'provider-health-table' },
        h('caption', {}, `Run ${runId}`),
        h('thead', {}, h('tr', {}, ['Provider', 'Requests', 'Successes', 'Failures', 'Retries', 'Breaker trips',
          'Films listed', 'Collected', 'Missing', 'p50', 'p99'].map((label) => h('th', { scope: 'col' }, label)))),
        h('tbody', {}, rows.map((row) => h('tr', { dataset: { provider: row.provider } },
          h('th', { scope: 'row' }, row.provider),
          ...['requests', 'successes'].map((key) => h('td', { class: 'num', dataset: { key, value: row[key] } }, formatInteger(row[key]))),
          h('td', { class: 'num' }, formatInteger(failures(row))),
          ...['retries', 'breaker_trips', 'films_listed', 'films_collected', 'films_missing'].map((key) =>
            h('td', { class: 'num', dataset: { key, value: row[key] } }, formatInteger(row[key]))),
          h('td', { class: 'num' }, formatDuration(row.latency_p50_ms)),
          h('td', { class: 'num' }, formatDuration(row.latency_p99_ms))))));
      clear(healthStatus, h('div', { class: 'scroll', tabindex: '0', role: 'region', 'aria-label': 'Provider health' }, table));
      barChart(latencyChart.canvas, rows.map((row) => row.provider),
               [['latency_p50_ms', 'p50'], ['latency_p90_ms', 'p90'], ['latency_p99_ms', 'p99']].map(([key, label]) => ({
                 label, data: rows.map((row) => Number(row[key] ?? 0)) })),
               { yFormat: (v) => formatInteger(v) });
    } catch (error) {
      clear(healthStatus, error.status === 404 ? empty(noPrices) : failure(error));
    }
  }

  // Films a provider listed but that could not be collected today.
  const missing = card('Missing today', { id: 'missing-films',
    description: 'Listed by a provider but not collected on the newest run; the last known price is kept.' });
  const missingTable = new DataTable({
    id: 'missing-films-table', caption: 'Films missing today', sort: 'provider', order: 'asc', pageSize: 10,
    columns: [{ key: 'provider', label: 'Provider' }, { key: 'movie_id', label: 'Id' }, { key: 'title', label: 'Title' },
              { key: 'last_price', label: 'Last price', numeric: true, format: formatPrice },
              { key: 'last_observed_at', label: 'Last observed', format: formatDateTime },
              { key: 'last_error', label: 'Last error', sortable: false }],
    emptyText: 'Every listed film was collected.',
    fetchPage: (page) => listPage(paths.missingFilms, { ...page, filters: { provider: providerFilter() } }),
  });
  missing.body.append(missingTable.element);

  function loadAll() {
    filmsTable.reload();
    directorsTable.reload();
    loadHistory();
    comparisonTable.reload();
    loadHealth();
    missingTable.reload();
  }
  const controls = h('div', { class: 'controls sticky' },
    toggle('Provider', scopes, state.scope, (value) => { state.scope = value; updateQuery(state); loadAll(); },
           { name: 'provider' }));
  main.append(controls, h('div', { class: 'grid two' }, films.section, directors.section),
              history.section, h('div', { class: 'grid two' }, comparison.section, health.section), missing.section);
  loadAll();
}
