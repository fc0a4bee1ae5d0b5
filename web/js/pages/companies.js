// Companies & genres: per-year budget, revenue and profit of a genre, releases by genre,
// the most popular genre of each year, and the same figures for a picked company.

import { listAll, listPage, paths } from '../api.js';
import { h, card, clear, empty, failure, field, loading, debounce } from '../dom.js';
import { formatDecimal, formatInteger, formatMoneyCompact } from '../format.js';
import { barChart, chartFigure, lineChart } from '../charts.js';
import { DataTable } from '../table.js';
import { updateQuery } from '../app.js';

const k_stacked_genres = 8;

// rows → {years, series} with one series per `key` over the sorted years.
function byYear(rows, metrics) {
  const years = [...new Set(rows.map((row) => Number(row.year)))].sort((a, b) => a - b);
  const index = new Map(rows.map((row) => [Number(row.year), row]));
  return { years, series: metrics.map(([key, label]) => ({
    label, data: years.map((year) => (index.has(year) ? Number(index.get(year)[key] ?? 0) : null)) })) };
}

// rows with (year, genre, releases) → stacked series of the top genres, the rest as "Other".
function releasesByGenre(rows) {
  const totals = new Map();
  for (const row of rows) totals.set(row.genre, (totals.get(row.genre) || 0) + Number(row.releases || 0));
  const top = [...totals.entries()].sort((a, b) => b[1] - a[1]).slice(0, k_stacked_genres).map(([g]) => g);
  const years = [...new Set(rows.map((row) => Number(row.year)))].sort((a, b) => a - b);
  const position = new Map(years.map((year, i) => [year, i]));
  const series = [...top, 'Other'].map((label) => ({ label, data: years.map(() => 0) }));
  for (const row of rows) {
    const slot = top.indexOf(row.genre);
    series[slot === -1 ? top.length : slot].data[position.get(Number(row.year))] += Number(row.releases || 0);
  }
  return { years, series: series.filter((s) => s.data.some((v) => v > 0)) };
}

const moneySeries = [['budget', 'Budget'], ['revenue', 'Revenue'], ['profit', 'Profit']];

export function render(main, route) {
  const state = { genre: route.query.get('genre') || '', company: route.query.get('company') || '',
                  year_from: route.query.get('year_from') || '', year_to: route.query.get('year_to') || '' };
  const years = () => ({ year_from: state.year_from, year_to: state.year_to });

  // Genres.
  const genres = card('Genres per year', { id: 'genres' });
  const genreSelect = h('select', { id: 'genre-select' });
  const genreMoney = chartFigure('chart-genre-money', 'Budget, revenue and profit of the genre per year (USD)');
  const genreReleases = chartFigure('chart-genre-releases', 'Releases per year by genre (a film counts once per genre)');
  const genreStatus = h('div');
  const yearInput = (key, id) => h('input', { type: 'number', min: 1870, max: 2100, id, value: state[key],
    oninput: debounce((event) => { state[key] = event.target.value.trim(); updateQuery(state); loadAll(); }, 400) });
  genres.body.append(h('div', { class: 'controls' }, field('Genre', genreSelect),
                       field('From year', yearInput('year_from', 'companies-from')),
                       field('To year', yearInput('year_to', 'companies-to'))),
                     genreStatus, h('div', { class: 'charts' }, genreMoney.figure, genreReleases.figure));
  let genreRows = [];

  function drawGenre() {
    const rows = genreRows.filter((row) => row.genre === state.genre);
    const { years: labels, series } = byYear(rows, moneySeries);
    lineChart(genreMoney.canvas, labels, series, { yFormat: formatMoneyCompact });
  }

  async function loadGenres() {
    clear(genreStatus, loading());
    try {
      genreRows = await listAll(paths.genreYear, { filters: years(), sort: 'year', order: 'asc' });
      clear(genreStatus);
      if (!genreRows.length) {
        clear(genreStatus, empty('No yearly genre figures yet: run the movies pipeline.'));
        return;
      }
      const totals = new Map();
      for (const row of genreRows) totals.set(row.genre, (totals.get(row.genre) || 0) + Number(row.releases || 0));
      const names = [...totals.keys()].sort((a, b) => totals.get(b) - totals.get(a));
      if (!names.includes(state.genre)) state.genre = names[0];
      clear(genreSelect, names.map((name) => h('option', { value: name, selected: name === state.genre }, name)));
      drawGenre();
      const stacked = releasesByGenre(genreRows);
      barChart(genreReleases.canvas, stacked.years, stacked.series, { stacked: true, yFormat: formatInteger });
    } catch (error) {
      clear(genreStatus, failure(error));
    }
  }
  genreSelect.addEventListener('change', () => { state.genre = genreSelect.value; updateQuery(state); drawGenre(); });

  // Most popular genre per year.
  const popular = card('Most popular genre of each year', {
    description: 'Highest average TMDB popularity among genres with enough releases that year.' });
  const popularTable = new DataTable({
    id: 'popular-table', caption: 'Most popular genre per year', sort: 'year', order: 'desc', pageSize: 10,
    columns: [{ key: 'year', label: 'Year', numeric: true, format: (v) => v ?? '—' },
              { key: 'genre', label: 'Genre' },
              { key: 'avg_popularity', label: 'Average popularity', numeric: true, format: (v) => formatDecimal(v, 2) },
              { key: 'releases', label: 'Releases', numeric: true, format: formatInteger }],
    emptyText: 'No year has a genre with enough releases.',
    fetchPage: (page) => listPage(paths.mostPopularGenre, { ...page, filters: years() }),
  });
  popular.body.append(popularTable.element);

  // Company picker.
  const company = card('Companies', { id: 'companies' });
  const companyInput = h('input', { type: 'search', id: 'company-input', list: 'company-options',
                                    placeholder: 'Type a company…', value: state.company, autocomplete: 'off' });
  const options = h('datalist', { id: 'company-options' });
  const companyMoney = chartFigure('chart-company-money', 'Budget, revenue and profit of the company per year (USD)');
  const companyReleases = chartFigure('chart-company-releases', 'Releases of the company per year by genre');
  const companyStatus = h('div');
  company.body.append(h('div', { class: 'controls' }, field('Company', companyInput), options),
                      companyStatus, h('div', { class: 'charts' }, companyMoney.figure, companyReleases.figure));

  async function suggest(text) {
    try {
      const page = await listPage(paths.companyYear, { filters: { q: text }, sort: 'releases', order: 'desc', limit: 200 });
      const names = [...new Set(page.items.map((row) => row.company))].slice(0, 30);
      clear(options, names.map((name) => h('option', { value: name })));
      return names;
    } catch {
      return [];
    }
  }

  async function loadCompany() {
    if (!state.company) {
      const names = await suggest('');
      if (!names.length) {
        clear(companyStatus, empty('No company figures yet: run the movies pipeline.'));
        return;
      }
      state.company = names[0];
      companyInput.value = state.company;
    }
    clear(companyStatus, loading());
    try {
      const filters = { company: state.company, ...years() };
      const [money, releases] = await Promise.all([
        listAll(paths.companyYear, { filters, sort: 'year', order: 'asc' }),
        listAll(paths.companyGenreYear, { filters, sort: 'year', order: 'asc' })]);
      clear(companyStatus);
      if (!money.length) clear(companyStatus, empty(`No yearly figures for “${state.company}”.`));
      const moneyData = byYear(money, moneySeries);
      lineChart(companyMoney.canvas, moneyData.years, moneyData.series, { yFormat: formatMoneyCompact });
      const stacked = releasesByGenre(releases);
      barChart(companyReleases.canvas, stacked.years, stacked.series, { stacked: true, yFormat: formatInteger });
    } catch (error) {
      clear(companyStatus, failure(error));
    }
  }
  companyInput.addEventListener('input', debounce(() => suggest(companyInput.value.trim()), 250));
  companyInput.addEventListener('change', () => {
    state.company = companyInput.value.trim();
    updateQuery(state);
    loadCompany();
  });

  function loadAll() {
    loadGenres();
    popularTable.reload();
    loadCompany();
  }
  main.append(genres.section, popular.section, company.section);
  loadAll();
}
