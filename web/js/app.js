// The dashboard's entry point: a hash router (#/page/arg?query) over the seven pages. Each
// page module exports render(main, route) and may return a cleanup function.

import { h, clear, failure } from './dom.js';

const pages = {
  overview: () => import('./pages/overview.js'),
  prices: () => import('./pages/prices.js'),
  'top-films': () => import('./pages/top_films.js'),
  companies: () => import('./pages/companies.js'),
  people: () => import('./pages/people.js'),
  runs: () => import('./pages/runs.js'),
  lake: () => import('./pages/lake.js'),
};
const titles = { overview: 'Overview', prices: 'Prices', 'top-films': 'Top films',
                 companies: 'Companies & genres', people: 'People', runs: 'Runs', lake: 'Lake' };

export function parseRoute(hash = location.hash) {
  const text = hash.replace(/^#\/?/, '');
  const [pathPart, queryPart = ''] = text.split('?');
  const [page = 'overview', ...args] = pathPart.split('/').filter(Boolean).map(decodeURIComponent);
  return { page: pages[page] ? page : 'overview', args, query: new URLSearchParams(queryPart) };
}

// Replaces the hash's query without adding a history entry (filters, paths).
export function updateQuery(values) {
  const route = parseRoute();
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || value === null || value === '') route.query.delete(key);
    else route.query.set(key, value);
  }
  const path = [route.page, ...route.args].map(encodeURIComponent).join('/');
  const query = route.query.toString();
  history.replaceState(null, '', `#/${path}${query ? `?${query}` : ''}`);
}

let cleanup = null;
let renderCount = 0;

async function show() {
  const route = parseRoute();
  const main = document.getElementById('main');
  const current = ++renderCount;
  if (typeof cleanup === 'function') cleanup();
  cleanup = null;
  for (const link of document.querySelectorAll('#nav a')) {
    if (link.dataset.page === route.page) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  document.title = `${titles[route.page]} · reelhouse`;
  document.body.dataset.page = route.page;
  main.dataset.ready = 'false';
  clear(main, h('h1', {}, titles[route.page]), h('p', { class: 'state loading', role: 'status' }, 'Loading…'));
  try {
    const module = await pages[route.page]();
    if (current !== renderCount) return;
    clear(main, h('h1', {}, titles[route.page]));
    cleanup = await module.render(main, route);
  } catch (error) {
    if (current !== renderCount) return;
    main.append(failure(error));
  }
  if (current === renderCount) main.dataset.ready = 'true';
}

function setUpNavigation() {
  const button = document.querySelector('.nav-toggle');
  const nav = document.getElementById('nav');
  button.addEventListener('click', () => {
    const open = button.getAttribute('aria-expanded') !== 'true';
    button.setAttribute('aria-expanded', String(open));
    nav.classList.toggle('open', open);
  });
  nav.addEventListener('click', (event) => {
    if (event.target.closest('a')) {
      button.setAttribute('aria-expanded', 'false');
      nav.classList.remove('open');
    }
  });
}

let lastPage = null;
window.addEventListener('hashchange', () => {
  const page = parseRoute().page;
  show().then(() => {
    if (page !== lastPage) document.getElementById('main').focus({ preventScroll: true });
    lastPage = page;
  });
});
setUpNavigation();
if (!location.hash) history.replaceState(null, '', '#/overview');
lastPage = parseRoute().page;
show();
