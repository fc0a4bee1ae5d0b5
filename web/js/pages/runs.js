// Runs: the list of pipeline runs (filter by pipeline and state) and, for one run, the task
// DAG with states and durations, each task's rows and error text, and the run's metrics.

import { listRuns, runDetail } from '../api.js';
import { h, card, clear, empty, failure, field, loading, toggle } from '../dom.js';
import { durationBetween, formatBytes, formatDateTime, formatDuration, formatInteger } from '../format.js';
import { drawDag } from '../dag.js';
import { DataTable } from '../table.js';
import { updateQuery } from '../app.js';

export const stateBadge = (state) => h('span', { class: `badge state-${state}` }, state ?? '—');

const counter = (task, key) => task[key] ?? (task.counters ? task.counters[key] : undefined);

// The run detail answer, whatever its nesting: {run, tasks, metrics}.
export function normalizeRun(body) {
  const run = body.run ?? body;
  const tasks = (body.tasks ?? run.tasks ?? []).map((task) => ({
    ...task, task: task.task ?? task.name, rows_in: counter(task, 'rows_in'), rows_out: counter(task, 'rows_out'),
    rows_rejected: counter(task, 'rows_rejected'), bytes: counter(task, 'bytes') }));
  return { run, tasks, metrics: body.metrics ?? run.metrics ?? [] };
}

// The latest attempt of each task, in first-seen order.
export function latestAttempts(tasks) {
  const latest = new Map();
  for (const task of tasks) {
    const previous = latest.get(task.task);
    if (!previous || (task.attempt ?? 0) >= (previous.attempt ?? 0)) latest.set(task.task, task);
  }
  return [...latest.values()];
}

function renderList(main, route) {
  const state = { pipeline: route.query.get('pipeline') || '', state: route.query.get('state') || '' };
  const table = new DataTable({
    id: 'runs-table', caption: 'Runs, newest first', pageSize: 25,
    columns: [
      { key: 'run_id', label: 'Run', numeric: true, sortable: false, format: formatInteger },
      { key: 'pipeline', label: 'Pipeline', sortable: false },
      { key: 'ingest_date', label: 'Ingest date', sortable: false },
      { key: 'state', label: 'State', sortable: false, render: (row) => stateBadge(row.state) },
      { key: 'started_at', label: 'Started', sortable: false, format: formatDateTime },
      { key: 'duration', label: 'Duration', numeric: true, sortable: false,
        render: (row) => formatDuration(durationBetween(row.started_at, row.finished_at)) },
      { key: 'trigger', label: 'Trigger', sortable: false },
      { key: 'error', label: 'Error', sortable: false, render: (row) => h('span', { class: 'error-text' },
        row.error || row.partial || '') },
    ],
    emptyText: 'No runs recorded yet: start one with `reelhouse run imdb`.',
    onRowClick: (row) => { location.hash = `#/runs/${row.run_id}`; },
    rowLabel: (row) => `Run ${row.run_id}, ${row.pipeline}, ${row.state}: open its task graph`,
    fetchPage: (page) => listRuns({ ...state, limit: page.limit, offset: page.offset }),
  });
  const apply = () => { updateQuery(state); table.reload(); };
  const { section, body } = card('Runs');
  body.append(h('div', { class: 'controls' },
                toggle('Pipeline', [{ value: '', label: 'All' }, { value: 'imdb', label: 'imdb' },
                                    { value: 'movies', label: 'movies' }, { value: 'prices', label: 'prices' }],
                       state.pipeline, (value) => { state.pipeline = value; apply(); }, { name: 'pipeline' }),
                field('State', h('select', { id: 'runs-state', onchange: (event) => { state.state = event.target.value; apply(); } },
                  ['', 'running', 'succeeded', 'failed', 'cancelled'].map((value) =>
                    h('option', { value, selected: value === state.state }, value || 'Any'))))),
              table.element);
  main.append(section);
  table.load();
}

async function renderRun(main, runId) {
  const back = h('p', {}, h('a', { href: '#/runs' }, '← All runs'));
  const holder = h('div', {}, loading());
  main.append(back, holder);
  let detail;
  try {
    detail = normalizeRun(await runDetail(runId));
  } catch (error) {
    clear(holder, failure(error));
    return;
  }
  const { run, metrics } = detail;
  const tasks = latestAttempts(detail.tasks);
  const summary = card(`Run ${run.run_id ?? runId} · ${run.pipeline ?? ''}`, { id: 'run-summary' });
  const facts = [['State', stateBadge(run.state)], ['Ingest date', run.ingest_date ?? '—'],
                 ['Trigger', run.trigger ?? '—'], ['Started', formatDateTime(run.started_at)],
                 ['Finished', formatDateTime(run.finished_at)],
                 ['Duration', formatDuration(durationBetween(run.started_at, run.finished_at))]];
  summary.body.append(h('dl', { class: 'facts' }, facts.map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)])));
  if (run.error) summary.body.append(h('pre', { class: 'error-text' }, run.error));
  if (run.partial) summary.body.append(h('p', { class: 'warning' }, `Partial: ${run.partial}`));

  const graph = card('Task graph', { id: 'run-dag',
    description: 'Click or press Enter on a task for its rows and error text.' });
  const selected = h('div', { class: 'task-detail', 'aria-live': 'polite' });
  const showTask = (task) => {
    clear(selected, h('h3', {}, task.task), h('dl', { class: 'facts' },
      [['State', stateBadge(task.state)], ['Attempt', formatInteger(task.attempt)],
       ['Started', formatDateTime(task.started_at)], ['Finished', formatDateTime(task.finished_at)],
       ['Duration', formatDuration(durationBetween(task.started_at, task.finished_at))],
       ['Rows in', formatInteger(task.rows_in)], ['Rows out', formatInteger(task.rows_out)],
       ['Rows rejected', formatInteger(task.rows_rejected)], ['Bytes', formatBytes(task.bytes)]]
        .map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)])),
      task.error ? h('pre', { class: 'error-text' }, task.error) : null);
  };
  if (tasks.length) {
    graph.body.append(h('div', { class: 'scroll dag-scroll', tabindex: '-1' }, drawDag(tasks, showTask)), selected);
  } else {
    graph.body.append(empty('This run has no tasks recorded.'));
  }

  const list = card('Tasks', { id: 'run-tasks' });
  const rows = detail.tasks.map((task) => h('tr', { dataset: { task: task.task } },
    h('th', { scope: 'row' }, task.task), h('td', {}, formatInteger(task.attempt)), h('td', {}, stateBadge(task.state)),
    h('td', { class: 'num' }, formatDuration(durationBetween(task.started_at, task.finished_at))),
    h('td', { class: 'num', dataset: { value: task.rows_in ?? '' } }, formatInteger(task.rows_in)),
    h('td', { class: 'num', dataset: { value: task.rows_out ?? '' } }, formatInteger(task.rows_out)),
    h('td', { class: 'num', dataset: { value: task.rows_rejected ?? '' } }, formatInteger(task.rows_rejected)),
    h('td', { class: 'error-text' }, task.error || '')));
  list.body.append(h('div', { class: 'scroll', tabindex: '0', role: 'region', 'aria-label': 'Tasks' },
    h('table', { class: 'data', id: 'run-tasks-table' }, h('thead', {}, h('tr', {},
      ['Task', 'Attempt', 'State', 'Duration', 'Rows in', 'Rows out', 'Rejected', 'Error'].map((label) =>
        h('th', { scope: 'col' }, label)))), h('tbody', {}, rows))));

  clear(holder, summary.section, graph.section, list.section);
  if (metrics.length) {
    const metricCard = card('Metrics', { id: 'run-metrics' });
    metricCard.body.append(h('table', { class: 'data' }, h('thead', {}, h('tr', {},
      ['Task', 'Metric', 'Value'].map((label) => h('th', { scope: 'col' }, label)))),
      h('tbody', {}, metrics.map((metric) => h('tr', {}, h('td', {}, metric.task ?? ''), h('td', {}, metric.metric ?? metric.name),
        h('td', { class: 'num' }, formatInteger(metric.value)))))));
    holder.append(metricCard.section);
  }
}

export function render(main, route) {
  if (route.args.length) return renderRun(main, route.args[0]);
  return renderList(main, route);
}
