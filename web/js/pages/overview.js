// Overview: how fresh each pipeline's data is (last successful run, last run's state), the
// rows and rejects of each pipeline's newest run, the size of every product, the latest runs.

import { listPage, listRuns, paths, runDetail } from '../api.js';
import { h, card, clear, failure, loading } from '../dom.js';
import { durationBetween, formatAgo, formatDateTime, formatDuration, formatInteger } from '../format.js';
import { normalizeRun, stateBadge } from './runs.js';
import { DataTable } from '../table.js';

const k_pipelines = ['imdb', 'movies', 'prices'];
const k_products = [
  ['people', paths.people, 'imdb'], ['top_films', paths.topFilms, 'movies'],
  ['movie_report', paths.movieReport, 'movies'], ['genre_year', paths.genreYear, 'movies'],
  ['company_year', paths.companyYear, 'movies'], ['most_popular_genre', paths.mostPopularGenre, 'movies'],
  ['prices_latest', paths.pricesLatest, 'prices'], ['price_observations', paths.priceObservations, 'prices'],
  ['cheapest_films', paths.cheapestFilms, 'prices'], ['provider_health', paths.providerHealth, 'prices'],
];

async function pipelineCard(pipeline) {
  const body = h('div', { class: 'pipeline-card', dataset: { pipeline } }, h('h3', {}, pipeline), loading());
  const fill = async () => {
    try {
      const runs = await listRuns({ pipeline, limit: 20 });
      const latest = runs.items[0];
      if (!latest) {
        clear(body, h('h3', {}, pipeline), h('p', { class: 'state empty' }, 'Never run.'));
        return;
      }
      const succeeded = runs.items.find((run) => run.state === 'succeeded');
      const { tasks } = normalizeRun(await runDetail(latest.run_id));
      const sum = (key) => tasks.reduce((total, task) => total + Number(task[key] || 0), 0);
      clear(body, h('h3', {}, h('a', { href: `#/runs/${latest.run_id}` }, pipeline), ' ', stateBadge(latest.state)),
        h('dl', { class: 'facts' },
          h('dt', {}, 'Fresh as of'), h('dd', { class: 'freshness' },
            succeeded ? `${formatAgo(succeeded.finished_at)} (ingest ${succeeded.ingest_date})` : 'no successful run'),
          h('dt', {}, 'Last run'), h('dd', {}, `#${latest.run_id}, ${formatDateTime(latest.started_at)}`),
          h('dt', {}, 'Duration'), h('dd', {}, formatDuration(durationBetween(latest.started_at, latest.finished_at))),
          h('dt', {}, 'Rows written'), h('dd', { class: 'rows-out', dataset: { value: sum('rows_out') } }, formatInteger(sum('rows_out'))),
          h('dt', {}, 'Rows rejected'), h('dd', { class: 'rows-rejected', dataset: { value: sum('rows_rejected') } },
                                          formatInteger(sum('rows_rejected')))),
        latest.partial ? h('p', { class: 'warning' }, `Partial: ${latest.partial}`) : null,
        latest.error ? h('p', { class: 'error-text' }, latest.error) : null);
    } catch (error) {
      clear(body, h('h3', {}, pipeline), failure(error));
    }
  };
  fill();
  return body;
}

async function productRows(tbody) {
  const rows = await Promise.all(k_products.map(async ([name, path, pipeline]) => {
    try {
      const page = await listPage(path, { limit: 1 });
      return { name, pipeline, total: page.total };
    } catch (error) {
      return { name, pipeline, total: null, error };
    }
  }));
  clear(tbody, rows.map((row) => h('tr', { dataset: { product: row.name } }, h('th', { scope: 'row' }, row.name),
    h('td', {}, row.pipeline),
    h('td', { class: 'num', dataset: row.total === null ? {} : { value: row.total } },
      row.total === null ? (row.error.status === 404 || row.error.status === 503 ? 'not published yet' : 'error')
                         : formatInteger(row.total)))));
}

export async function render(main) {
  const freshness = card('Pipelines', { id: 'pipelines',
    description: 'Freshness of each pipeline\'s data and the rows of its newest run.' });
  const grid = h('div', { class: 'grid three' });
  freshness.body.append(grid);
  const products = card('Products', { id: 'products', description: 'Rows in each published product.' });
  const tbody = h('tbody', {}, h('tr', {}, h('td', { colspan: 3 }, loading())));
  products.body.append(h('table', { class: 'data', id: 'products-table' },
    h('thead', {}, h('tr', {}, ['Product', 'Pipeline', 'Rows'].map((label) => h('th', { scope: 'col' }, label)))), tbody));
  const recent = card('Latest runs', { id: 'latest-runs' });
  const runsTable = new DataTable({
    id: 'latest-runs-table', caption: 'The newest runs', pageSize: 10,
    columns: [{ key: 'run_id', label: 'Run', numeric: true, sortable: false, format: formatInteger },
              { key: 'pipeline', label: 'Pipeline', sortable: false },
              { key: 'ingest_date', label: 'Ingest date', sortable: false },
              { key: 'state', label: 'State', sortable: false, render: (row) => stateBadge(row.state) },
              { key: 'started_at', label: 'Started', sortable: false, format: formatDateTime },
              { key: 'duration', label: 'Duration', numeric: true, sortable: false,
                render: (row) => formatDuration(durationBetween(row.started_at, row.finished_at)) }],
    emptyText: 'No runs yet: try `reelhouse run imdb`.',
    onRowClick: (row) => { location.hash = `#/runs/${row.run_id}`; },
    rowLabel: (row) => `Run ${row.run_id} of ${row.pipeline}: open`,
    fetchPage: (page) => listRuns({ limit: page.limit, offset: page.offset }),
  });
  recent.body.append(runsTable.element);
  main.append(freshness.section, h('div', { class: 'grid two' }, products.section, recent.section));
  for (const pipeline of k_pipelines) grid.append(await pipelineCard(pipeline));
  runsTable.load();
  productRows(tbody).catch((error) => clear(tbody, h('tr', {}, h('td', { colspan: 3 }, failure(error)))));
}
