// The browser test's harness (used by dashboard.spec.mjs): checks and their results, the
// child processes (simulator, server) and the data set-up, the API as the oracle, and helpers
// that read what a page shows (DataTable rows, Chart.js charts) and compare it with the API.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

export const k_wait_ms = 15000;

// --- Bookkeeping: checks, skips, child processes -------------------------------------------
// What the checks share: the page being driven (swapped for the phone-width pass), the
// dashboard's URL, where artefacts go, the results so far.
export const session = { page: null, baseUrl: '', outDir: '', binary: '', results: [] };
const results = session.results;
const children = [];
const started = Date.now();
export const log = (message) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${message}`);

export function stopChildren() {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  }
}

export function finish(code) {
  stopChildren();
  const failed = results.filter((result) => result.status === 'failed');
  const skipped = results.filter((result) => result.status === 'skipped');
  writeFileSync(join(session.outDir, 'results.json'), JSON.stringify({ results, seconds: (Date.now() - started) / 1000 }, null, 2));
  log(`${results.length - failed.length - skipped.length} passed, ${failed.length} failed, ${skipped.length} skipped; ` +
      `screenshots and results.json in ${session.outDir}`);
  for (const result of skipped) log(`  skipped: ${result.name} (${result.reason})`);
  for (const result of failed) log(`  FAILED: ${result.name}: ${result.error}`);
  process.exit(code ?? (failed.length ? 1 : 0));
}

const slug = (text) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

export async function check(name, body) {
  const begun = Date.now();
  try {
    await body();
    results.push({ name, status: 'passed', ms: Date.now() - begun });
    log(`PASS ${name}`);
  } catch (error) {
    results.push({ name, status: 'failed', error: error.message, ms: Date.now() - begun });
    log(`FAIL ${name}: ${error.message}`);
    if (session.page) await session.page.screenshot({ path: join(session.outDir, `failure-${slug(name)}.png`), fullPage: true }).catch(() => {});
  }
}

export function skip(name, reason) {
  results.push({ name, status: 'skipped', reason });
  log(`SKIP ${name}: ${reason}`);
}

export function assert(condition, message) {
  if (!condition) throw new Error(message);
}

// Retries `body` until it stops throwing or `ms` elapse; rethrows the last error.
export async function eventually(body, ms = k_wait_ms) {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await body();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((done) => setTimeout(done, 150));
    }
  }
}

// --- Setting up data and the server ---------------------------------------------------------
function runBinary(args, { allowFailure = false } = {}) {
  const result = spawnSync(session.binary, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0 && !allowFailure) {
    throw new Error(`reelhouse ${args.join(' ')} exited ${result.status}: ${result.stderr || result.stdout}`);
  }
  return result;
}

function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

function startChild(args, name) {
  const child = spawn(session.binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => { output += chunk; });
  child.stderr.on('data', (chunk) => { output += chunk; });
  child.on('exit', (code, signal) => log(`${name} exited (${signal || code})`));
  children.push(child);
  return { child, output: () => output };
}

async function waitForHttp(url, child, name) {
  await eventually(async () => {
    if (child.child.exitCode !== null) throw new Error(`${name} exited early: ${child.output()}`);
    const response = await fetch(url);
    if (response.status >= 500) throw new Error(`${url}: HTTP ${response.status}`);
  }, 30000);
}

// Generates data, runs the pipelines (prices when the binary can) and starts `reelhouse serve`
// on a free port: {url, pricesRan}.
export async function setUp(homeDir) {
  const home = resolve(homeDir);
  const binary = (args, extra) => runBinary(['--home', home, ...args], extra);
  rmSync(home, { recursive: true, force: true });
  mkdirSync(home, { recursive: true });
  binary(['init']);
  log('generating IMDb data (scale 0.001) and running the imdb pipeline');
  runBinary(['generate', 'imdb', '--scale', '0.001', '--out', join(home, 'generated', 'imdb')]);
  binary(['--set', `sources.imdb.url=file://${join(home, 'generated', 'imdb')}/`, 'run', 'imdb']);
  log('generating Movies Dataset + Wikipedia data (scale 0.01) and running the movies pipeline');
  const movies = join(home, 'generated', 'movies');
  runBinary(['generate', 'movies', '--scale', '0.01', '--out', movies]);
  binary(['--set', `sources.movies.url=file://${movies}/`, '--set', `sources.wikipedia.url=file://${movies}/`,
          'run', 'movies']);

  let pricesRan = false;
  const help = runBinary(['--help']).stdout;
  if (!/simulate-providers/.test(help)) {
    skip('prices pipeline', 'this binary has no `simulate-providers` command');
  } else {
    const simulatorPort = await freePort();
    const token = 'browser-test-token';
    const simulator = startChild(['simulate-providers', '--port', String(simulatorPort), '--profile', 'none',
                                  '--token', token], 'simulator');
    const base = `http://127.0.0.1:${simulatorPort}/api/`;
    await waitForHttp(`http://127.0.0.1:${simulatorPort}/_simulator/stats`, simulator, 'simulator');
    log('running the prices pipeline against the provider simulator');
    const run = binary(['--set', `providers.url=${base}`, '--set', `providers.token=${token}`, 'run', 'prices'],
                       { allowFailure: true });
    const text = `${run.stdout}\n${run.stderr}`;
    if (/unknown pipeline/.test(text)) {
      skip('prices pipeline', '`reelhouse run prices` does not exist in this binary yet');
    } else if (run.status !== 0) {
      results.push({ name: 'prices pipeline', status: 'failed', error: `run prices exited ${run.status}: ${text.slice(-2000)}` });
      log('FAIL prices pipeline');
    } else {
      pricesRan = true;
      results.push({ name: 'prices pipeline', status: 'passed' });
    }
    simulator.child.kill('SIGTERM');
  }

  const port = await freePort();
  log(`starting reelhouse serve on port ${port}`);
  const server = startChild(['--home', home, 'serve', '--port', String(port), '--bind', '127.0.0.1'], 'serve');
  const url = `http://127.0.0.1:${port}/`;
  await waitForHttp(`${url}healthz`, server, 'reelhouse serve');
  return { url, pricesRan };
}

// --- The API, as the test's oracle -----------------------------------------------------------
export async function api(path, params = {}) {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== ''));
  const response = await fetch(`${session.baseUrl}${path.replace(/^\//, '')}${query.size ? `?${query}` : ''}`);
  const body = await response.json();
  if (!response.ok) throw new Error(`GET ${path}?${query}: HTTP ${response.status} ${JSON.stringify(body)}`);
  return body;
}
export const items = (body) => (Array.isArray(body) ? body : body.items ?? body.rows ?? []);
export const totalOf = (body) => body.total ?? items(body).length;

const integerText = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const decimal2Text = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
export const asInteger = (value) => (value === null || value === undefined ? '—' : integerText.format(Number(value)));
export const asDecimal2 = (value) => (value === null || value === undefined ? '—' : decimal2Text.format(Number(value)));

// The rows a DataTable shows: [{key: {value, text}}].
export async function tableRows(tableId) {
  return session.page.$$eval(`[data-table="${tableId}"] tbody tr:not(.state-row)`, (rows) => rows.map((row) =>
    Object.fromEntries([...row.querySelectorAll('td[data-key]')].map((cell) =>
      [cell.dataset.key, { value: cell.dataset.value, text: cell.textContent.trim() }]))));
}

// Waits until the table `tableId` shows exactly `expected` (API items): for every key of
// `keys` the cell's raw value equals the API's, and for keys in `texts` the shown text equals
// texts[key](value) (formatting checked independently of the page's code).
export async function expectTable(tableId, expected, keys, texts = {}) {
  await eventually(async () => {
    const busy = await session.page.$(`[data-table="${tableId}"][aria-busy="true"]`);
    assert(!busy, `${tableId} is still loading`);
    const rows = await tableRows(tableId);
    assert(rows.length === expected.length, `${tableId}: ${rows.length} rows shown, the API has ${expected.length}`);
    expected.forEach((item, index) => {
      for (const key of keys) {
        const want = item[key] === null || item[key] === undefined ? undefined : String(item[key]);
        const got = rows[index][key] && rows[index][key].value;
        assert(got === want, `${tableId} row ${index + 1} ${key}: shown ${got}, API ${want}`);
      }
      for (const [key, format] of Object.entries(texts)) {
        const want = format(item[key]);
        const got = rows[index][key] && rows[index][key].text;
        assert(got === want, `${tableId} row ${index + 1} ${key}: text "${got}", expected "${want}"`);
      }
    });
  });
}

export async function expectPagerTotal(tableId, total) {
  await eventually(async () => {
    const shown = await session.page.$eval(`[data-table="${tableId}"] .pager-status`, (element) => element.textContent);
    assert(shown.endsWith(`of ${asInteger(total)}`), `${tableId} pager says "${shown}", API total ${total}`);
  });
}

// Points drawn by the chart on canvas #id, and how many of its pixels are painted.
export async function chartStats(id) {
  return session.page.$eval(`#${id}`, (canvas) => {
    const chart = window.Chart && window.Chart.getChart(canvas);
    const points = chart ? chart.data.datasets.reduce((sum, d) =>
      sum + d.data.filter((v) => v !== null && v !== undefined).length, 0) : 0;
    const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let painted = 0;
    for (let index = 3; index < pixels.length; index += 4) if (pixels[index] !== 0) painted += 1;
    return { points, painted, datasets: chart ? chart.data.datasets.map((d) => ({ label: d.label, data: d.data })) : [],
             labels: chart ? chart.data.labels : [] };
  });
}

export async function expectChart(id) {
  return eventually(async () => {
    const stats = await chartStats(id);
    assert(stats.points > 0, `chart ${id} has no data points`);
    assert(stats.painted > 500, `chart ${id} canvas is (nearly) blank: ${stats.painted} painted pixels`);
    return stats;
  });
}

export async function open(hash) {
  await session.page.goto(`${session.baseUrl}#/${hash}`);
  await session.page.waitForSelector('main[data-ready="true"]', { timeout: k_wait_ms });
}

export async function screenshot(name) {
  await session.page.waitForTimeout(200);
  await session.page.screenshot({ path: join(session.outDir, `${name}.png`), fullPage: true });
}
