// The log viewer of one task of a run: an attempt picker (every attempt that ran, the latest
// selected) and the lines captured during that attempt (GET /api/v1/runs/{id}/logs), a page
// of up to 1000 at a time with "Show more". Each line is an <li class="log-line"> with
// data-seq and data-level, so the browser test can compare it with the API.

import { runLogs } from './api.js';
import { h, clear, empty, failure, field, loading } from './dom.js';
import { formatDateTime, formatInteger } from './format.js';

const k_page = 1000;

// runId: the run; task: its name; attempts: the attempt numbers that ran (ascending).
export function logViewer(runId, task, attempts) {
  const section = h('section', { class: 'task-logs', id: 'task-logs', 'aria-label': `Logs of ${task}` },
                    h('h4', {}, 'Logs'));
  const list = h('ol', { class: 'log-lines', id: 'task-log-lines', tabindex: '0', 'aria-label': `Log lines of ${task}` });
  const status = h('p', { class: 'hint log-status', 'aria-live': 'polite' });
  const more = h('button', { type: 'button', class: 'log-more', hidden: true }, 'Show more');
  const body = h('div', {}, loading('Loading logs…'));
  let attempt = attempts.length ? attempts[attempts.length - 1] : undefined;
  let shown = 0;
  let total = 0;

  const lineElement = (line) => h('li', { class: `log-line level-${line.level}`,
                                          dataset: { seq: line.seq, level: line.level, attempt: line.attempt } },
    h('time', { datetime: line.logged_at, title: formatDateTime(line.logged_at) }, line.logged_at.slice(11, 23)),
    h('span', { class: 'log-level' }, line.level), h('span', { class: 'log-message' }, line.message));

  const loadPage = async () => {
    more.disabled = true;
    try {
      const page = await runLogs(runId, { task, attempt, limit: k_page, offset: shown });
      total = page.total ?? 0;
      list.append(...(page.items ?? []).map(lineElement));
      shown += (page.items ?? []).length;
      status.textContent = `${formatInteger(shown)} of ${formatInteger(total)} lines`;
      status.dataset.total = String(total);
      more.hidden = shown >= total;
      if (!shown) clear(body, empty(`No log lines were captured for ${task}` +
                                    `${attempt !== undefined ? ` (attempt ${attempt})` : ''}.`));
      else clear(body, list);
    } catch (error) {
      clear(body, failure(error));
    } finally {
      more.disabled = false;
    }
  };
  const reload = () => {
    shown = 0;
    total = 0;
    list.replaceChildren();
    clear(body, loading('Loading logs…'));
    loadPage();
  };
  more.addEventListener('click', loadPage);

  if (attempts.length > 1) {
    section.append(field('Attempt', h('select', { id: 'task-log-attempt', onchange: (event) => {
      attempt = Number(event.target.value);
      reload();
    } }, attempts.map((number) => h('option', { value: number, selected: number === attempt }, `Attempt ${number}`)))));
  }
  section.append(body, status, more);
  reload();
  return section;
}
