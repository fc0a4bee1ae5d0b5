// Small DOM helpers: element creation, loading / empty / error states, and a segmented
// toggle (radio group) that is keyboard reachable.

import { setToken } from './api.js';

// h('div', {class: 'x', onclick: fn}, child, 'text', …)
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      element.addEventListener(key.slice(2), value);
    } else if (key === 'class') {
      element.className = value;
    } else if (key === 'dataset') {
      Object.assign(element.dataset, value);
    } else if (value === true) {
      element.setAttribute(key, '');
    } else {
      element.setAttribute(key, String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

export const loading = (text = 'Loading…') => h('p', { class: 'state loading', role: 'status' }, text);
export const empty = (text) => h('p', { class: 'state empty' }, text);
// The server requires a bearer token (serve.token): ask for it once, keep it in this browser.
function tokenForm() {
  const input = h('input', { type: 'password', id: 'api-token', autocomplete: 'off', required: true });
  return h('form', { class: 'token-form', onsubmit: (event) => {
    event.preventDefault();
    setToken(input.value.trim());
    location.reload();
  } }, h('p', { role: 'alert' }, 'This server requires an access token (serve.token).'),
  field('Token', input), h('button', { type: 'submit' }, 'Use token'));
}

export function failure(error) {
  if (error && error.status === 401) return tokenForm();
  const status = error && error.status ? ` (HTTP ${error.status})` : '';
  return h('p', { class: 'state error', role: 'alert' },
           `Could not load the data${status}: ${error && error.message ? error.message : error}`);
}

// A card section with a heading: returns {section, body}.
export function card(title, { id, description } = {}) {
  const body = h('div', { class: 'card-body' });
  const section = h('section', { class: 'card', id, 'aria-label': title },
                    h('h2', {}, title), description ? h('p', { class: 'hint' }, description) : null, body);
  return { section, body };
}

// A radio-group toggle: options [{value, label}], onchange(value). Arrow keys move between
// options (native radio behaviour); each option has data-value for tests.
let toggleCounter = 0;
export function toggle(label, options, selected, onchange, { name } = {}) {
  const groupName = name || `toggle-${++toggleCounter}`;
  const fieldset = h('fieldset', { class: 'toggle', dataset: { toggle: groupName } },
                     h('legend', {}, label));
  for (const option of options) {
    const input = h('input', { type: 'radio', name: groupName, value: option.value,
                               checked: option.value === selected,
                               onchange: () => onchange(option.value) });
    fieldset.append(h('label', { dataset: { value: option.value } }, input, h('span', {}, option.label)));
  }
  return fieldset;
}

// A labelled form field around `control`.
export const field = (label, control) => h('label', { class: 'field' }, h('span', {}, label), control);

// Calls fn at most once per `wait` ms of quiet (for search boxes).
export function debounce(fn, wait = 250) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), wait);
  };
}
