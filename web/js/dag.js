// Draws the task DAG of a run as SVG: one column per layer, nodes coloured by state with
// their duration, edges from each task to the tasks depending on it. Layers come from the
// tasks' `depends_on` when the API gives it (longest path), otherwise from the stage in the
// task name (fetch → land → compare/cleanse → aggregate → check → publish).

import { durationBetween, formatDuration } from './format.js';

const k_svg = 'http://www.w3.org/2000/svg';
const k_node_width = 205;
const k_node_height = 46;
const k_column_gap = 30;
const k_row_gap = 14;
const k_stages = [/^(fetch|ingest)_/, /^land_/, /^(compare|cleanse)_/, /^(aggregate|model)_/, /^check/, /^publish/];

function svg(tag, attributes = {}, text) {
  const element = document.createElementNS(k_svg, tag);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

function layersOf(tasks) {
  const byName = new Map(tasks.map((task) => [task.task, task]));
  const hasDependencies = tasks.some((task) => Array.isArray(task.depends_on));
  const layer = new Map();
  if (hasDependencies) {
    const visit = (name, seen = new Set()) => {
      if (layer.has(name)) return layer.get(name);
      if (seen.has(name)) return 0;
      seen.add(name);
      const task = byName.get(name);
      const deps = (task && task.depends_on ? task.depends_on : []).filter((d) => byName.has(d));
      const value = deps.length ? 1 + Math.max(...deps.map((d) => visit(d, seen))) : 0;
      layer.set(name, value);
      return value;
    };
    tasks.forEach((task) => visit(task.task));
  } else {
    for (const task of tasks) {
      const stage = k_stages.findIndex((pattern) => pattern.test(task.task));
      layer.set(task.task, stage === -1 ? 3 : stage);
    }
  }
  const columns = [];
  for (const task of tasks) {
    const index = layer.get(task.task);
    (columns[index] ||= []).push(task);
  }
  return { columns: columns.filter(Boolean), hasDependencies };
}

// tasks: [{task, state, started_at, finished_at, attempts, depends_on?}] (one per task: the
// latest attempt, with `attempts` the number that ran). Each edge is a path.dag-edge with
// data-from and data-to. onSelect(task) is called on click or Enter.
export function drawDag(tasks, onSelect) {
  const { columns, hasDependencies } = layersOf(tasks);
  const rows = Math.max(1, ...columns.map((column) => column.length));
  const width = columns.length * (k_node_width + k_column_gap) - k_column_gap + 20;
  const height = rows * (k_node_height + k_row_gap) + 20;
  const root = svg('svg', { class: 'dag', width, height, viewBox: `0 0 ${width} ${height}`,
                            role: 'group', 'aria-label': 'Task graph of the run' });
  const defs = svg('defs');
  const marker = svg('marker', { id: 'dag-arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 6,
                                 markerHeight: 6, orient: 'auto-start-reverse' });
  marker.append(svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'dag-arrow' }));
  defs.append(marker);
  root.append(defs);
  const position = new Map();
  columns.forEach((column, columnIndex) => {
    column.forEach((task, rowIndex) => {
      position.set(task.task, { x: 10 + columnIndex * (k_node_width + k_column_gap),
                                y: 10 + rowIndex * (k_node_height + k_row_gap) });
    });
  });
  const edges = svg('g', { class: 'dag-edges' });
  const link = (from, to) => {
    const a = position.get(from);
    const b = position.get(to);
    if (!a || !b) return;
    const x1 = a.x + k_node_width;
    const y1 = a.y + k_node_height / 2;
    const x2 = b.x;
    const y2 = b.y + k_node_height / 2;
    const middle = (x1 + x2) / 2;
    edges.append(svg('path', { d: `M ${x1} ${y1} C ${middle} ${y1}, ${middle} ${y2}, ${x2} ${y2}`,
                               class: 'dag-edge', 'data-from': from, 'data-to': to,
                               'marker-end': 'url(#dag-arrow)' }));
  };
  if (hasDependencies) {
    for (const task of tasks) for (const dependency of task.depends_on || []) link(dependency, task.task);
  }
  root.append(edges);
  for (const task of tasks) {
    const { x, y } = position.get(task.task);
    const duration = durationBetween(task.started_at, task.finished_at);
    const attempts = task.attempts ?? task.attempt ?? 0;
    const label = `${task.task}: ${task.state}${duration !== null ? `, ${formatDuration(duration)}` : ''}` +
                  `${attempts > 1 ? `, ${attempts} attempts` : ''}`;
    const node = svg('g', { class: `dag-node state-${task.state}`, tabindex: 0, role: 'button',
                            'aria-label': label, 'data-task': task.task, 'data-state': task.state,
                            'data-attempts': attempts,
                            transform: `translate(${x} ${y})` });
    node.append(svg('title', {}, label));
    node.append(svg('rect', { width: k_node_width, height: k_node_height, rx: 6 }));
    const name = task.task.length > 28 ? `${task.task.slice(0, 27)}…` : task.task;
    node.append(svg('text', { x: 10, y: 19, class: 'dag-name' }, name));
    node.append(svg('text', { x: 10, y: 36, class: 'dag-meta' },
                    `${task.state}${duration !== null ? ` · ${formatDuration(duration)}` : ''}` +
                    `${attempts > 1 ? ` · ${attempts} attempts` : ''}`));
    node.addEventListener('click', () => onSelect(task));
    node.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        onSelect(task);
      }
    });
    root.append(node);
  }
  return root;
}
