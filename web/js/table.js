// A data table backed by the API: server-side sorting (header buttons, aria-sort), paging
// (Previous / Next, page size), a total count, and loading / empty / error states. Cells carry
// data-value (the raw API value) next to the formatted text, so tests can compare both.

import { h, clear } from './dom.js';
import { formatInteger } from './format.js';

// columns: [{key, label, format?(value,row), render?(row)→Node, sortable?, numeric?, order?}]
// fetchPage({sort, order, limit, offset}) → Promise<{items, total}>
export class DataTable {
  constructor({ id, caption, columns, fetchPage, sort, order = 'asc', pageSize = 25,
                emptyText = 'No rows match.', onRowClick, rowLabel }) {
    Object.assign(this, { columns, fetchPage, sort, order, pageSize, emptyText, onRowClick, rowLabel });
    this.offset = 0;
    this.total = 0;
    this.requestId = 0;
    this.table = h('table', { class: 'data', id },
                   caption ? h('caption', {}, caption) : null,
                   h('thead', {}, h('tr', {}, columns.map((column) => this.headerCell(column)))));
    this.tbody = h('tbody');
    this.table.append(this.tbody);
    this.status = h('span', { class: 'pager-status', 'aria-live': 'polite' });
    this.previous = h('button', { type: 'button', class: 'pager-previous', onclick: () => this.move(-1) },
                      '‹ Previous');
    this.next = h('button', { type: 'button', class: 'pager-next', onclick: () => this.move(1) }, 'Next ›');
    const sizes = h('select', { 'aria-label': 'Rows per page', class: 'pager-size',
                                onchange: (event) => { this.pageSize = Number(event.target.value); this.reload(); } },
                    [10, 25, 50, 100].map((size) => h('option', { value: size, selected: size === pageSize }, size)));
    this.element = h('div', { class: 'table-wrap', dataset: { table: id || '' } },
                     h('div', { class: 'scroll', tabindex: '0', role: 'region', 'aria-label': caption || 'table' },
                       this.table),
                     h('div', { class: 'pager' }, this.previous, this.status, this.next, sizes));
  }

  headerCell(column) {
    const th = h('th', { scope: 'col', class: column.numeric ? 'num' : '', dataset: { key: column.key } });
    if (column.sortable === false) {
      th.append(column.label);
    } else {
      th.append(h('button', { type: 'button', class: 'sort', onclick: () => this.sortBy(column.key) },
                  column.label, h('span', { class: 'sort-mark', 'aria-hidden': 'true' })));
    }
    column.th = th;
    return th;
  }

  sortBy(key) {
    if (this.sort === key) this.order = this.order === 'asc' ? 'desc' : 'asc';
    else {
      this.sort = key;
      const column = this.columns.find((c) => c.key === key);
      // A column's first click: its own order (ranks ascend), else numbers descend.
      this.order = column && column.order ? column.order : (column && column.numeric ? 'desc' : 'asc');
    }
    this.reload();
  }

  move(direction) {
    const offset = this.offset + direction * this.pageSize;
    if (offset < 0 || offset >= this.total) return;
    this.offset = offset;
    this.load();
  }

  reload() {
    this.offset = 0;
    return this.load();
  }

  updateHeaders() {
    for (const column of this.columns) {
      const sorted = column.key === this.sort;
      column.th.setAttribute('aria-sort', sorted ? (this.order === 'asc' ? 'ascending' : 'descending') : 'none');
      const mark = column.th.querySelector('.sort-mark');
      if (mark) mark.textContent = sorted ? (this.order === 'asc' ? ' ▲' : ' ▼') : '';
    }
  }

  message(kind, text) {
    clear(this.tbody, h('tr', { class: `state-row ${kind}` },
                        h('td', { colspan: this.columns.length, role: kind === 'error' ? 'alert' : 'status' }, text)));
  }

  async load() {
    const requestId = ++this.requestId;
    this.updateHeaders();
    this.element.setAttribute('aria-busy', 'true');
    this.element.dataset.state = 'loading';
    if (!this.tbody.querySelector('tr:not(.state-row)')) this.message('loading', 'Loading…');
    try {
      const page = await this.fetchPage({ sort: this.sort, order: this.order, limit: this.pageSize,
                                          offset: this.offset });
      if (requestId !== this.requestId) return;
      this.total = Number(page.total) || 0;
      this.items = page.items;
      this.render(page.items);
      this.element.dataset.state = page.items.length ? 'ready' : 'empty';
    } catch (error) {
      if (requestId !== this.requestId) return;
      this.total = 0;
      this.items = [];
      this.message('error', `Could not load the rows: ${error.message}`);
      this.element.dataset.state = 'error';
      this.updatePager();
    } finally {
      if (requestId === this.requestId) this.element.removeAttribute('aria-busy');
    }
  }

  render(items) {
    if (!items.length) {
      this.message('empty', this.emptyText);
    } else {
      clear(this.tbody, items.map((row) => this.renderRow(row)));
    }
    this.updatePager();
  }

  renderRow(row) {
    const tr = h('tr');
    for (const column of this.columns) {
      const value = row[column.key];
      const td = h('td', { class: column.numeric ? 'num' : '', dataset: { key: column.key } });
      if (value !== undefined && value !== null) td.dataset.value = String(value);
      if (column.render) td.append(column.render(row));
      else td.append(column.format ? column.format(value, row) : (value ?? '—'));
      tr.append(td);
    }
    if (this.onRowClick) {
      tr.classList.add('clickable');
      tr.tabIndex = 0;
      if (this.rowLabel) tr.setAttribute('aria-label', this.rowLabel(row));
      tr.addEventListener('click', () => this.onRowClick(row));
      tr.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          this.onRowClick(row);
        }
      });
    }
    return tr;
  }

  updatePager() {
    const count = this.items ? this.items.length : 0;
    const first = count ? this.offset + 1 : 0;
    this.status.textContent = count
      ? `${formatInteger(first)}–${formatInteger(this.offset + count)} of ${formatInteger(this.total)}`
      : `0 of ${formatInteger(this.total)}`;
    this.status.dataset.total = String(this.total);
    this.status.dataset.offset = String(this.offset);
    this.previous.disabled = this.offset === 0;
    this.next.disabled = this.offset + this.pageSize >= this.total;
  }
}
