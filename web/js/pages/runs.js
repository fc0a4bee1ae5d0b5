// Runs: the schedule of each pipeline and the list of pipeline runs (filter by pipeline and
// state) and, for one run, the task DAG with edges from each task's depends_on, each task's
// state, attempts and duration, its attempts with their errors and a log viewer, the run's
// data-quality checks, alert deliveries and metrics.

import { listRuns, runDetail, schedule } from '../api.js';
import { h, card, clear, empty, failure, field, loading, toggle } from '../dom.js';
import { durationBetween, formatBytes, formatDateTime, formatDuration, formatInteger } from '../format.js';
import { drawDag } from '../dag.js';
import { logViewer } from '../run_logs.js';
import { DataTable } from '../table.js';
import { updateQuery } from '../app.js';

export const stateBadge = (state) => h('span', { class: `badge state-${state}` }, state ?? '—');

const counter = (task, key) => task[key] ?? (task.counters ? task.counters[key] : undefined);

// The run detail answer, whatever its nesting: {run, tasks, graph, metrics, checks, alerts}.
export function normalizeRun(body) {
  const run = body.run ?? body;
  const tasks = (body.tasks ?? run.tasks ?? []).map((task) => ({
    ...task, task: task.task ?? task.name, rows_in: counter(task, 'rows_in'), rows_out: counter(task, 'rows_out'),
    rows_rejected: counter(task, 'rows_rejected'), bytes: counter(task, 'bytes') }));
  return { run, tasks, graph: body.graph ?? run.graph ?? [], metrics: body.metrics ?? run.metrics ?? [],
           checks: body.checks ?? run.checks ?? [], alerts: body.alerts ?? run.alerts ?? [] };
}

// The latest attempt of each task, in first-seen order, with `attempts` (how many ran) and
// `history` (every attempt).
export function latestAttempts(tasks) {
  const latest = new Map();
  for (const task of tasks) {
    const previous = latest.get(task.task);
    const history = [...(previous ? previous.history : []), task];
    const attempts = history.filter((attempt) => (attempt.attempt ?? 0) > 0).length;
    const newer = !previous || (task.attempt ?? 0) >= (previous.attempt ?? 0);
    latest.set(task.task, { ...(newer ? task : previous), history, attempts });
  }
  return [...latest.values()];
}

// The nodes of the DAG: every task of the recorded graph in its order (a task that never
// started is `pending`), each with its depends_on, then tasks that ran outside the graph.
export function graphNodes(graph, tasks) {
  const latest = new Map(latestAttempts(tasks).map((task) => [task.task, task]));
  const nodes = graph.map((declared) => ({
    ...(latest.get(declared.task) ?? { task: declared.task, state: 'pending', attempts: 0, history: [] }),
    depends_on: declared.depends_on ?? [] }));
  const inGraph = new Set(graph.map((declared) => declared.task));
  for (const [name, task] of latest) if (!inGraph.has(name)) nodes.push(task);
  return nodes;
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
  main.append(section, scheduleCard());
  table.load();
}

const factList = (facts) => h('dl', { class: 'facts' },
  facts.filter(Boolean).map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]));

// A plain table: columns [{label, numeric?}], rows of cells, each row's attributes from rowAttributes.
function simpleTable(id, labels, rows) {
  return h('div', { class: 'scroll', tabindex: '0', role: 'region', 'aria-label': labels.caption },
    h('table', { class: 'data', id }, h('caption', { class: 'visually-hidden' }, labels.caption),
      h('thead', {}, h('tr', {}, labels.columns.map((label) => h('th', { scope: 'col' }, label)))),
      h('tbody', {}, rows)));
}

function scheduleCard() {
  const { section, body } = card('Schedule', { id: 'schedule',
    description: 'When each pipeline runs on its own (reelhouse schedule, serve --with-scheduler).' });
  body.append(loading());
  schedule().then((answer) => {
    const rows = (answer.items ?? []).map((item) => h('tr', { dataset: { pipeline: item.pipeline } },
      h('th', { scope: 'row' }, item.pipeline), h('td', {}, item.cron ?? 'not scheduled'),
      h('td', {}, item.timezone ?? '—'), h('td', {}, item.catch_up ?? '—'),
      h('td', { class: 'next-fire' }, item.next_fire ? formatDateTime(item.next_fire) : '—'),
      h('td', {}, item.last_fire ? `${formatDateTime(item.last_fire.fire_time)} (${item.last_fire.outcome}` +
                                   `${item.last_fire.run_id ? `, run ${item.last_fire.run_id}` : ''})` : '—'),
      h('td', { class: 'lease' }, item.lease ? `running${item.lease.run_id ? ` run ${item.lease.run_id}` : ''} ` +
                                               `(${item.lease.holder})` : 'idle')));
    clear(body, simpleTable('schedule-table', { caption: 'Schedules', columns:
      ['Pipeline', 'Cron', 'Time zone', 'Catch-up', 'Next run', 'Last interval', 'Now'] }, rows));
  }).catch((error) => clear(body, failure(error)));
  return section;
}

function checksCard(checks) {
  const { section, body } = card('Data-quality checks', { id: 'run-checks',
    description: 'An error-level failure blocks publish; a warning is recorded only.' });
  if (!checks.length) {
    body.append(empty('This run evaluated no data-quality checks.'));
    return section;
  }
  const rows = checks.map((check) => h('tr', { dataset: { check: check.check, passed: String(Boolean(check.passed)) } },
    h('th', { scope: 'row' }, check.check), h('td', {}, check.table ?? ''), h('td', {}, check.kind ?? ''),
    h('td', {}, check.level ?? ''), h('td', {}, stateBadge(check.passed ? 'succeeded' : (check.level === 'warning' ? 'partial' : 'failed'))),
    h('td', {}, check.observed ?? ''), h('td', { class: 'error-text' }, check.message ?? '')));
  const failed = checks.filter((check) => !check.passed).length;
  body.append(h('p', { class: failed ? 'warning' : 'hint' }, `${checks.length - failed} of ${checks.length} passed`),
              simpleTable('run-checks-table', { caption: 'Check results', columns:
                ['Check', 'Table', 'Kind', 'Level', 'Result', 'Observed', 'Message'] }, rows));
  return section;
}

function alertsCard(alerts) {
  const { section, body } = card('Alerts', { id: 'run-alerts' });
  const rows = alerts.map((alert) => h('tr', { dataset: { channel: alert.channel } },
    h('td', {}, alert.channel), h('td', {}, alert.target), h('td', {}, stateBadge(alert.state === 'delivered' ? 'succeeded' : 'failed')),
    h('td', { class: 'num' }, formatInteger(alert.attempts)), h('td', {}, formatDateTime(alert.sent_at)),
    h('td', { class: 'error-text' }, alert.error ?? '')));
  body.append(simpleTable('run-alerts-table', { caption: 'Alert deliveries', columns:
    ['Channel', 'Target', 'State', 'Attempts', 'Sent', 'Error'] }, rows));
  return section;
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
  const { run, metrics, checks, alerts } = detail;
  const nodes = graphNodes(detail.graph, detail.tasks);
  const summary = card(`Run ${run.run_id ?? runId} · ${run.pipeline ?? ''}`, { id: 'run-summary' });
  summary.body.append(factList([
    ['State', stateBadge(run.state)], ['Ingest date', run.ingest_date ?? '—'], ['Trigger', run.trigger ?? '—'],
    run.scheduled_for ? ['Scheduled for', formatDateTime(run.scheduled_for)] : null,
    ['Started', formatDateTime(run.started_at)], ['Finished', formatDateTime(run.finished_at)],
    ['Duration', formatDuration(durationBetween(run.started_at, run.finished_at))],
    run.recovered ? ['Recovered', `${run.recovered} time${run.recovered === 1 ? '' : 's'} after its process died`] : null,
    run.lease ? ['Lease', `held by ${run.lease.holder} since ${formatDateTime(run.lease.acquired_at)}`] : null]));
  if (run.error) summary.body.append(h('pre', { class: 'error-text' }, run.error));
  if (run.partial) summary.body.append(h('p', { class: 'warning' }, `Partial: ${run.partial}`));

  const graph = card('Task graph', { id: 'run-dag',
    description: 'Click or press Enter on a task for its attempts, rows, errors and logs.' });
  const selected = h('div', { class: 'task-detail', 'aria-live': 'polite' });
  const showTask = (task) => {
    const history = task.history ?? [];
    const attemptRows = history.map((attempt) => h('tr', { dataset: { attempt: attempt.attempt } },
      h('td', { class: 'num' }, formatInteger(attempt.attempt)), h('td', {}, stateBadge(attempt.state)),
      h('td', {}, formatDateTime(attempt.started_at)),
      h('td', { class: 'num' }, formatDuration(durationBetween(attempt.started_at, attempt.finished_at))),
      h('td', { class: 'error-text' }, attempt.error || '')));
    clear(selected, h('h3', {}, task.task), factList(
      [['State', stateBadge(task.state)], ['Attempts', formatInteger(task.attempts ?? 0)],
       ['Depends on', (task.depends_on ?? []).length ? task.depends_on.join(', ') : '—'],
       ['Started', formatDateTime(task.started_at)], ['Finished', formatDateTime(task.finished_at)],
       ['Duration', formatDuration(durationBetween(task.started_at, task.finished_at))],
       ['Rows in', formatInteger(task.rows_in)], ['Rows out', formatInteger(task.rows_out)],
       ['Rows rejected', formatInteger(task.rows_rejected)], ['Bytes', formatBytes(task.bytes)]]),
      task.error ? h('pre', { class: 'error-text' }, task.error) : null,
      history.length > 1 ? simpleTable('task-attempts-table', { caption: `Attempts of ${task.task}`,
        columns: ['Attempt', 'State', 'Started', 'Duration', 'Error'] }, attemptRows) : null,
      logViewer(run.run_id ?? runId, task.task,
                history.map((attempt) => attempt.attempt).filter((number) => number > 0)));
  };
  if (nodes.length) {
    graph.body.append(h('div', { class: 'scroll dag-scroll', tabindex: '-1' }, drawDag(nodes, showTask)), selected);
  } else {
    graph.body.append(empty('This run has no tasks recorded.'));
  }

  const dependsOn = new Map(nodes.map((node) => [node.task, node.depends_on]));
  const list = card('Task attempts', { id: 'run-tasks' });
  const rows = detail.tasks.map((task) => h('tr', { dataset: { task: task.task } },
    h('th', { scope: 'row' }, task.task), h('td', {}, formatInteger(task.attempt)), h('td', {}, stateBadge(task.state)),
    h('td', { class: 'num' }, formatDuration(durationBetween(task.started_at, task.finished_at))),
    h('td', { class: 'num', dataset: { value: task.rows_in ?? '' } }, formatInteger(task.rows_in)),
    h('td', { class: 'num', dataset: { value: task.rows_out ?? '' } }, formatInteger(task.rows_out)),
    h('td', { class: 'num', dataset: { value: task.rows_rejected ?? '' } }, formatInteger(task.rows_rejected)),
    h('td', {}, (dependsOn.get(task.task) ?? []).join(', ')),
    h('td', { class: 'error-text' }, task.error || '')));
  list.body.append(h('div', { class: 'scroll', tabindex: '0', role: 'region', 'aria-label': 'Task attempts' },
    h('table', { class: 'data', id: 'run-tasks-table' }, h('thead', {}, h('tr', {},
      ['Task', 'Attempt', 'State', 'Duration', 'Rows in', 'Rows out', 'Rejected', 'Depends on', 'Error'].map((label) =>
        h('th', { scope: 'col' }, label)))), h('tbody', {}, rows))));

  clear(holder, summary.section, graph.section, checksCard(checks), list.section);
  if (alerts.length) holder.append(alertsCard(alerts));
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
