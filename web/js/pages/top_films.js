// Top films: the best revenue / budget ratios, sortable and filterable (title search, genre,
// year range), each with its Wikipedia abstract and link.

import { listPage, paths } from '../api.js';
import { h, card, field, debounce } from '../dom.js';
import { formatDecimal, formatInteger, formatMoneyCompact, formatRating } from '../format.js';
import { DataTable } from '../table.js';
import { updateQuery } from '../app.js';

function titleCell(row) {
  const cell = h('div', { class: 'film' }, h('strong', {}, row.title ?? '—'));
  if (row.wikipedia_url) {
    cell.append(' ', h('a', { href: row.wikipedia_url, target: '_blank', rel: 'noopener noreferrer',
                              class: 'wikipedia small', 'aria-label': `${row.title} on Wikipedia` }, 'Wikipedia ↗'));
  }
  if (row.genres) cell.append(h('div', { class: 'muted small' }, row.genres));
  if (row.abstract) cell.append(h('details', {}, h('summary', {}, 'Abstract'), h('p', {}, row.abstract)));
  return cell;
}

export function render(main, route) {
  const state = { q: route.query.get('q') || '', genre: route.query.get('genre') || '',
                  year_from: route.query.get('year_from') || '', year_to: route.query.get('year_to') || '' };
  const columns = [
    { key: 'rank', label: 'Rank', numeric: true, order: 'asc', format: formatInteger },
    { key: 'title', label: 'Title', render: titleCell },
    { key: 'year', label: 'Year', numeric: true, format: (v) => v ?? '—' },
    { key: 'budget', label: 'Budget', numeric: true, format: formatMoneyCompact },
    { key: 'revenue', label: 'Revenue', numeric: true, format: formatMoneyCompact },
    { key: 'ratio', label: 'Revenue / budget', numeric: true, format: (v) => formatDecimal(v, 1) },
    { key: 'vote_average', label: 'Rating', numeric: true, format: formatRating },
    { key: 'companies', label: 'Companies', sortable: false },
  ];
  const table = new DataTable({
    id: 'top-films-table', caption: 'Top films by revenue / budget', columns, sort: 'rank', order: 'asc',
    pageSize: 25, emptyText: 'No film matches these filters.',
    fetchPage: (page) => listPage(paths.topFilms, { ...page, filters: { ...state } }),
  });
  const apply = () => { updateQuery(state); table.reload(); };
  const input = (key, attributes) => h('input', { ...attributes, value: state[key],
    oninput: debounce((event) => { state[key] = event.target.value.trim(); apply(); }) });
  const { section, body } = card('Top films', {
    description: 'Films with both a budget and a revenue above the thresholds, ranked by revenue / budget.' });
  body.append(h('div', { class: 'controls' },
                field('Title', input('q', { type: 'search', placeholder: 'Title contains…', id: 'films-search' })),
                field('Genre', input('genre', { type: 'text', placeholder: 'e.g. Drama', id: 'films-genre' })),
                field('From year', input('year_from', { type: 'number', min: 1870, max: 2100, id: 'films-from' })),
                field('To year', input('year_to', { type: 'number', min: 1870, max: 2100, id: 'films-to' }))),
              table.element);
  main.append(section);
  table.load();
}
