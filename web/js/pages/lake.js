// Lake: browse the lake's layers (raw, landing, quarantine, cleansed, aggregated) and their
// partitions; files download through the API, which confines paths to the lake root.

import { lakeDownloadUrl, lakeList } from '../api.js';
import { h, card, clear, empty, failure, loading } from '../dom.js';
import { formatBytes, formatDateTime } from '../format.js';

const layerNotes = {
  raw: 'files as downloaded, with their _meta.json',
  landing: 'typed Parquet snapshots, one per ingest date',
  quarantine: 'rejected rows with the reason',
  cleansed: 'the star schema',
  aggregated: 'the products',
};

const isDirectory = (entry) => entry.type === 'directory' || entry.type === 'dir' || entry.kind === 'directory' ||
                               entry.is_dir === true || entry.is_directory === true;
const join = (base, name) => (base ? `${base.replace(/\/+$/, '')}/${name}` : name);

export function normalizeListing(body, path) {
  const entries = Array.isArray(body) ? body : (body.entries ?? body.items ?? body.children ?? []);
  return entries.map((entry) => ({ ...entry, name: entry.name ?? String(entry.path).split('/').pop(),
                                    path: entry.path ?? join(path, entry.name), directory: isDirectory(entry) }))
    .sort((a, b) => (a.directory === b.directory ? a.name.localeCompare(b.name) : a.directory ? -1 : 1));
}

function breadcrumbs(path) {
  const parts = path ? path.split('/').filter(Boolean) : [];
  const items = [h('li', {}, h('a', { href: '#/lake' }, 'lake root'))];
  parts.forEach((part, index) => {
    const target = parts.slice(0, index + 1).join('/');
    items.push(h('li', {}, index === parts.length - 1 ? h('span', { 'aria-current': 'location' }, part)
                                                      : h('a', { href: `#/lake?path=${encodeURIComponent(target)}` }, part)));
  });
  return h('nav', { 'aria-label': 'Lake path', class: 'breadcrumbs' }, h('ol', {}, items));
}

export async function render(main, route) {
  const path = route.query.get('path') || '';
  const { section, body } = card('Lake', { id: 'lake',
    description: 'Everything the pipelines wrote, by layer; files download as they are stored.' });
  body.append(breadcrumbs(path));
  const holder = h('div', {}, loading());
  body.append(holder);
  main.append(section);
  let entries;
  try {
    entries = normalizeListing(await lakeList(path), path);
  } catch (error) {
    clear(holder, failure(error));
    return;
  }
  if (!entries.length) {
    clear(holder, empty(path ? 'This folder is empty.' : 'The lake is empty: run a pipeline first.'));
    return;
  }
  const rows = entries.map((entry) => {
    const name = entry.directory
      ? h('a', { href: `#/lake?path=${encodeURIComponent(entry.path)}`, class: 'folder' }, `${entry.name}/`)
      : h('a', { href: lakeDownloadUrl(entry.path), download: entry.name, class: 'file' }, entry.name);
    const note = !path && layerNotes[entry.name] ? h('span', { class: 'muted small' }, ` — ${layerNotes[entry.name]}`) : null;
    return h('tr', { dataset: { path: entry.path, kind: entry.directory ? 'directory' : 'file' } },
             h('td', {}, name, note),
             h('td', { class: 'num', dataset: { value: entry.size ?? '' } }, entry.directory ? '' : formatBytes(entry.size)),
             h('td', {}, formatDateTime(entry.modified ?? entry.modified_at ?? entry.mtime)));
  });
  clear(holder, h('div', { class: 'scroll', tabindex: '0', role: 'region', 'aria-label': 'Lake entries' },
    h('table', { class: 'data', id: 'lake-table' },
      h('thead', {}, h('tr', {}, ['Name', 'Size', 'Modified'].map((label) => h('th', { scope: 'col' }, label)))),
      h('tbody', {}, rows))));
}
