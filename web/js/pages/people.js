// People: actors and actresses ranked by the average rating of their movies, with a role
// toggle, minimum titles / votes thresholds and a name search (all applied by the API).

import { listPage, paths } from '../api.js';
import { h, card, toggle, field, debounce } from '../dom.js';
import { formatInteger, formatRating } from '../format.js';
import { DataTable } from '../table.js';
import { updateQuery } from '../app.js';

const roles = [{ value: 'actor', label: 'Actors' }, { value: 'actress', label: 'Actresses' },
               { value: 'both', label: 'Both' }];

export function render(main, route) {
  const state = {
    role: route.query.get('role') || 'actor',
    q: route.query.get('q') || '',
    min_titles: route.query.get('min_titles') || '',
    min_votes: route.query.get('min_votes') || '',
  };
  const columns = [
    { key: 'rank', label: 'Rank', numeric: true, order: 'asc', format: formatInteger },
    { key: 'name', label: 'Name' },
    { key: 'role', label: 'Role' },
    { key: 'titles', label: 'Titles', numeric: true, format: formatInteger },
    { key: 'avg_rating', label: 'Average rating', numeric: true, format: formatRating },
    { key: 'weighted_rating', label: 'Vote-weighted rating', numeric: true, format: formatRating },
    { key: 'votes', label: 'Votes', numeric: true, format: formatInteger },
    { key: 'runtime_minutes', label: 'Runtime (min)', numeric: true, format: formatInteger },
  ];
  const table = new DataTable({
    id: 'people-table', caption: 'Ranking', columns, sort: 'rank', order: 'asc', pageSize: 25,
    emptyText: 'Nobody matches these filters.',
    fetchPage: (page) => listPage(paths.people, {
      ...page, filters: { role: state.role === 'both' ? '' : state.role, q: state.q,
                          min_titles: state.min_titles, min_votes: state.min_votes } }),
  });
  const apply = () => {
    updateQuery(state);
    table.reload();
  };
  const search = h('input', { type: 'search', value: state.q, placeholder: 'Name contains…', id: 'people-search',
                              oninput: debounce((event) => { state.q = event.target.value.trim(); apply(); }) });
  const numberInput = (key, id) => h('input', {
    type: 'number', min: 0, step: 1, inputmode: 'numeric', id, value: state[key],
    onchange: (event) => { state[key] = event.target.value; apply(); } });
  const { section, body } = card('Actors and actresses', {
    description: 'Ranked by the average rating of their rated movies; the vote-weighted rating ' +
                 'weighs each movie by its number of votes.' });
  body.append(h('div', { class: 'controls' },
                toggle('Role', roles, state.role, (value) => { state.role = value; apply(); }, { name: 'role' }),
                field('Search', search),
                field('Minimum titles', numberInput('min_titles', 'people-min-titles')),
                field('Minimum votes', numberInput('min_votes', 'people-min-votes'))),
              table.element);
  main.append(section);
  table.load();
}
