#!/usr/bin/env node
// Browser test of the dashboard, end to end: generates small IMDb and Movies Dataset inputs,
// runs the imdb and movies pipelines (and prices against the provider simulator when the
// binary has that pipeline; otherwise that part is skipped visibly), starts `reelhouse serve`
// on a free port, and drives Debian's Chromium headless with playwright-core through every
// page: toggles providers, switches role, sorts and pages through tables, checks that charts
// are drawn with data and that every number shown equals the API's. Screenshots of each page
// (1280 px and phone width) go to --out as test artefacts, with results.json. The set-up,
// the API oracle and the page-reading helpers are in harness.mjs.
//
// Usage: node tests/browser/dashboard.spec.mjs --binary build/reelhouse --home DIR --out DIR
//        [--url http://127.0.0.1:PORT/ (drive a server already running; no setup)]
//        [--time-limit SECONDS (default 300)] [--chromium /usr/bin/chromium]
// Exit codes: 0 all checks passed, 1 a check failed, 77 Chromium or playwright-core missing
// (CTest reports the test as skipped).

import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  api, asDecimal2, asInteger, assert, chartStats, check, eventually, expectChart, expectPagerTotal,
  expectTable, finish, items, k_wait_ms, log, open, screenshot, session, setUp, skip, stopChildren,
  totalOf,
} from './harness.mjs';

const k_skip_exit_code = 77;
const k_source_dir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const k_chromium_args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
                         '--disable-component-update', '--no-first-run'];

const { values: options } = parseArgs({
  options: {
    binary: { type: 'string' }, home: { type: 'string' }, out: { type: 'string' }, url: { type: 'string' },
    'time-limit': { type: 'string', default: '300' }, chromium: { type: 'string', default: '/usr/bin/chromium' },
  },
});
const outDir = resolve(options.out || 'browser-artifacts');
mkdirSync(outDir, { recursive: true });
session.outDir = outDir;
session.binary = options.binary || '';

// --- Prerequisites -------------------------------------------------------------------------
if (!existsSync(options.chromium)) {
  console.log(`SKIP: ${options.chromium} not found (install Debian's chromium: scripts/setup.sh)`);
  process.exit(k_skip_exit_code);
}
let chromium;
try {
  ({ chromium } = createRequire(join(k_source_dir, 'deps', 'package.json'))('playwright-core'));
} catch (error) {
  console.log(`SKIP: playwright-core not installed under deps/node_modules (scripts/setup.sh): ${error.message}`);
  process.exit(k_skip_exit_code);
}

// --- The time limit ---------------------------------------------------------------------------
const timeLimit = Number(options['time-limit']) * 1000;
setTimeout(() => {
  session.results.push({ name: 'time limit', status: 'failed', error: `still running after ${timeLimit / 1000} s` });
  finish(1);
}, timeLimit).unref();
process.on('SIGINT', () => finish(1));
process.on('SIGTERM', () => finish(1));
process.on('SIGHUP', () => finish(1));
process.on('exit', stopChildren);  // the server and simulator never outlive the test

// --- The pages -------------------------------------------------------------------------------
async function testOverview() {
  await check('overview: pipeline freshness, rows and product sizes equal the API', async () => {
    await open('overview');
    const runs = items(await api('api/v1/runs', { pipeline: 'imdb', limit: 1 }));
    assert(runs.length === 1, 'the API lists no imdb run');
    const detail = await api(`api/v1/runs/${runs[0].run_id}`);
    const rowsOut = detail.tasks.reduce((sum, task) => sum + Number(task.rows_out || 0), 0);
    await eventually(async () => {
      const shown = await session.page.$eval('.pipeline-card[data-pipeline="imdb"] .rows-out', (e) => e.dataset.value);
      assert(shown === String(rowsOut), `imdb rows written shown ${shown}, API ${rowsOut}`);
      const text = await session.page.$eval('.pipeline-card[data-pipeline="imdb"] .rows-out', (e) => e.textContent);
      assert(text === asInteger(rowsOut), `imdb rows text "${text}"`);
    });
    const people = await api('api/v1/people', { limit: 1 });
    await eventually(async () => {
      const shown = await session.page.$eval('#products-table tr[data-product="people"] td[data-value]', (e) => e.dataset.value);
      assert(shown === String(totalOf(people)), `people rows shown ${shown}, API ${totalOf(people)}`);
    });
    const allRuns = await api('api/v1/runs', { limit: 10 });
    await expectTable('latest-runs-table', items(allRuns), ['run_id', 'pipeline', 'state']);
    await screenshot('overview');
  });
}

async function testPeople() {
  const keys = ['rank', 'name', 'role', 'titles', 'avg_rating', 'weighted_rating', 'votes'];
  const texts = { titles: asInteger, votes: asInteger, avg_rating: asDecimal2 };
  await check('people: first page of actors equals the API', async () => {
    await open('people');
    const body = await api('api/v1/people', { role: 'actor', sort: 'rank', limit: 25, offset: 0 });
    assert(items(body).length > 0, 'the API has no actors');
    await expectTable('people-table', items(body), keys, texts);
    await expectPagerTotal('people-table', totalOf(body));
  });
  await check('people: paging forward and back', async () => {
    const total = totalOf(await api('api/v1/people', { role: 'actor', limit: 1 }));
    if (total <= 25) return;
    await session.page.click('[data-table="people-table"] .pager-next');
    await expectTable('people-table', items(await api('api/v1/people', { role: 'actor', sort: 'rank', limit: 25, offset: 25 })),
                      keys, texts);
    await session.page.click('[data-table="people-table"] .pager-previous');
    await expectTable('people-table', items(await api('api/v1/people', { role: 'actor', sort: 'rank', limit: 25 })), keys);
  });
  await check('people: role toggle switches to actresses', async () => {
    await session.page.click('[data-toggle="role"] label[data-value="actress"]');
    const body = await api('api/v1/people', { role: 'actress', sort: 'rank', limit: 25 });
    assert(items(body).length > 0, 'the API has no actresses');
    await expectTable('people-table', items(body), keys, texts);
  });
  await check('people: sorting by votes', async () => {
    await session.page.click('[data-table="people-table"] th[data-key="votes"] button');
    await expectTable('people-table', items(await api('api/v1/people', { role: 'actress', sort: '-votes', limit: 25 })), keys, texts);
    await session.page.click('[data-table="people-table"] th[data-key="rank"] button');
  });
  await check('people: search and thresholds', async () => {
    const first = items(await api('api/v1/people', { role: 'actress', sort: 'rank', limit: 1 }))[0];
    const fragment = first.name.split(' ').pop().slice(0, 4);
    await session.page.fill('#people-search', fragment);
    await expectTable('people-table', items(await api('api/v1/people', { role: 'actress', q: fragment, sort: 'rank', limit: 25 })), keys);
    await session.page.fill('#people-search', '');
    await session.page.fill('#people-min-titles', '5');
    await session.page.press('#people-min-titles', 'Enter');
    await session.page.locator('#people-min-votes').focus();
    const body = await api('api/v1/people', { role: 'actress', min_titles: 5, sort: 'rank', limit: 25 });
    await expectTable('people-table', items(body), keys, texts);
    await expectPagerTotal('people-table', totalOf(body));
    await screenshot('people');
  });
}

async function testTopFilms() {
  const keys = ['rank', 'title', 'year', 'budget', 'revenue', 'ratio', 'vote_average'];
  await check('top films: table, sorting, paging and genre filter equal the API', async () => {
    await open('top-films');
    let body = await api('api/v1/top_films', { sort: 'rank', limit: 25 });
    assert(items(body).length > 0, 'the API has no top films');
    await expectTable('top-films-table', items(body), keys);
    await expectPagerTotal('top-films-table', totalOf(body));
    const links = await session.page.$$eval('[data-table="top-films-table"] a.wikipedia', (a) => a.map((e) => e.href));
    const expectedLinks = items(body).filter((film) => film.wikipedia_url).map((film) => film.wikipedia_url);
    assert(links.length === expectedLinks.length, `${links.length} Wikipedia links, API has ${expectedLinks.length}`);
    await session.page.click('[data-table="top-films-table"] th[data-key="budget"] button');
    await expectTable('top-films-table', items(await api('api/v1/top_films', { sort: '-budget', limit: 25 })), keys);
    if (totalOf(body) > 25) {
      await session.page.click('[data-table="top-films-table"] .pager-next');
      await expectTable('top-films-table', items(await api('api/v1/top_films', { sort: '-budget', limit: 25, offset: 25 })), keys);
    }
    const genre = items(body)[0].genres.split(', ')[0];
    await session.page.fill('#films-genre', genre);
    body = await api('api/v1/top_films', { genre, sort: '-budget', limit: 25 });
    await expectTable('top-films-table', items(body), keys);
    await screenshot('top-films');
  });
}

async function testCompanies() {
  await check('companies & genres: charts drawn with the API figures', async () => {
    await open('companies');
    const money = await expectChart('chart-genre-money');
    await expectChart('chart-genre-releases');
    const genre = await session.page.$eval('#genre-select', (select) => select.value);
    const rows = items(await api('api/v1/genre_year', { genre, sort: 'year', limit: 1000 }));
    assert(JSON.stringify(money.labels.map(Number)) === JSON.stringify(rows.map((row) => Number(row.year))),
           `genre chart years differ from the API for ${genre}`);
    assert(JSON.stringify(money.datasets[0].data) === JSON.stringify(rows.map((row) => Number(row.budget))),
           `genre chart budgets differ from the API for ${genre}`);
    const company = await expectChart('chart-company-money');
    await expectChart('chart-company-releases');
    const name = await session.page.$eval('#company-input', (input) => input.value);
    const companyRows = items(await api('api/v1/company_year', { company: name, sort: 'year', limit: 1000 }));
    assert(JSON.stringify(company.datasets[1].data) === JSON.stringify(companyRows.map((row) => Number(row.revenue))),
           `company chart revenues differ from the API for ${name}`);
    await expectTable('popular-table', items(await api('api/v1/most_popular_genre', { sort: '-year', limit: 10 })),
                      ['year', 'genre', 'releases']);
    await screenshot('companies');
  });
  await check('companies & genres: picking another genre and company redraws', async () => {
    const options = await session.page.$$eval('#genre-select option', (all) => all.map((o) => o.value));
    const other = options[1] ?? options[0];
    await session.page.selectOption('#genre-select', other);
    const rows = items(await api('api/v1/genre_year', { genre: other, sort: 'year', limit: 1000 }));
    await eventually(async () => {
      const stats = await chartStats('chart-genre-money');
      assert(JSON.stringify(stats.datasets[1].data) === JSON.stringify(rows.map((row) => Number(row.revenue))),
             `genre chart revenues differ from the API for ${other}`);
    });
    const companies = items(await api('api/v1/company_year', { sort: '-releases', limit: 5 }));
    const company = companies[companies.length - 1].company;
    await session.page.fill('#company-input', company);
    await session.page.press('#company-input', 'Enter');
    await session.page.locator('#genre-select').focus();
    const companyRows = items(await api('api/v1/company_year', { company, sort: 'year', limit: 1000 }));
    await eventually(async () => {
      const stats = await chartStats('chart-company-money');
      assert(JSON.stringify(stats.datasets[0].data) === JSON.stringify(companyRows.map((row) => Number(row.budget))),
             `company chart budgets differ from the API for ${company}`);
    });
  });
}

async function testPrices(pricesRan) {
  if (!pricesRan) {
    await check('prices: page shows a clear empty state without price data', async () => {
      await open('prices');
      await eventually(async () => {
        const text = await session.page.$eval('#cheapest-films', (e) => e.textContent);
        assert(/No price data yet|No rows|not/.test(text) || text.includes('Could not load'), `unexpected: ${text}`);
      });
      await screenshot('prices');
    });
    skip('prices: provider toggles and price history', 'no prices run (see "prices pipeline")');
    return;
  }
  await check('prices: provider toggle, cheapest films and directors equal the API', async () => {
    await open('prices');
    for (const scope of ['cinemaworld', 'filmworld', 'all']) {
      await session.page.click(`[data-toggle="provider"] label[data-value="${scope}"]`);
      const films = await api('api/v1/cheapest_films', { scope, sort: 'rank', limit: 10 });
      assert(items(films).length > 0, `no cheapest films for ${scope}`);
      await expectTable('cheapest-films-table', items(films), ['rank', 'title', 'provider', 'price']);
      await expectPagerTotal('cheapest-films-table', totalOf(films));
      const directors = await api('api/v1/cheapest_directors', { scope, sort: 'rank_by_min', limit: 10 });
      await expectTable('cheapest-directors-table', items(directors), ['director', 'films', 'min_price', 'total_price']);
      await screenshot(`prices-${scope}`);
    }
  });
  await check('prices: price history chart and provider health', async () => {
    const history = await expectChart('chart-price-history');
    const first = items(await api('api/v1/cheapest_films', { scope: 'all', sort: 'rank', limit: 1 }))[0];
    const observations = items(await api('api/v1/price_observations', { imdb_id: first.imdb_id, limit: 1000 }));
    assert(history.points === observations.length, `history chart has ${history.points} points, API ${observations.length}`);
    await expectChart('chart-provider-latency');
    const health = items(await api('api/v1/provider_health', { sort: '-run_id', limit: 1 }))[0];
    const rows = items(await api('api/v1/provider_health', { run_id: health.run_id, limit: 100 }));
    for (const row of rows) {
      const shown = await session.page.$eval(`#provider-health-table tr[data-provider="${row.provider}"] td[data-key="requests"]`,
                                     (cell) => cell.dataset.value);
      assert(shown === String(row.requests), `${row.provider} requests shown ${shown}, API ${row.requests}`);
    }
  });
}

// The DAG nodes the page should draw for a run answer: every task of the recorded graph, then
// tasks that ran outside it; each with its latest attempt and the number of attempts that ran.
function expectedNodes(detail) {
  const latest = new Map();
  for (const task of detail.tasks) {
    const previous = latest.get(task.task);
    const attempts = (previous ? previous.attempts : 0) + (task.attempt > 0 ? 1 : 0);
    const newer = !previous || task.attempt >= previous.task.attempt;
    latest.set(task.task, { task: newer ? task : previous.task, attempts });
  }
  const nodes = new Map();
  for (const declared of detail.graph || []) {
    const ran = latest.get(declared.task);
    nodes.set(declared.task, { state: ran ? ran.task.state : 'pending', attempts: ran ? ran.attempts : 0,
                               finished: Boolean(ran && ran.task.finished_at), depends_on: declared.depends_on });
  }
  for (const [name, ran] of latest) {
    if (!nodes.has(name)) nodes.set(name, { state: ran.task.state, attempts: ran.attempts, finished: Boolean(ran.task.finished_at) });
  }
  return nodes;
}

// Opens a run's page (through the list, so nothing of a previous run's page is left).
async function openRun(runId) {
  await open('runs');
  await open(`runs/${runId}`);
  await session.page.waitForFunction((id) => {
    const heading = document.querySelector('#run-summary h2');
    return heading && heading.textContent.startsWith(`Run ${id} `) && document.querySelector('svg.dag .dag-node');
  }, runId, { timeout: k_wait_ms });
}

async function testRuns() {
  await check('runs: list equals the API; the DAG shows every task with its state, attempts and duration', async () => {
    await open('runs');
    const runs = await api('api/v1/runs', { limit: 25 });
    await expectTable('runs-table', items(runs), ['run_id', 'pipeline', 'state', 'ingest_date']);
    await expectPagerTotal('runs-table', totalOf(runs));
    const movies = items(runs).find((run) => run.pipeline === 'movies');
    await session.page.click(`[data-table="runs-table"] tbody tr:has(td[data-key="run_id"][data-value="${movies.run_id}"])`);
    await session.page.waitForSelector('svg.dag .dag-node', { timeout: k_wait_ms });
    const detail = await api(`api/v1/runs/${movies.run_id}`);
    const expected = expectedNodes(detail);
    const nodes = await session.page.$$eval('svg.dag .dag-node', (all) => all.map((node) => ({
      task: node.dataset.task, state: node.dataset.state, attempts: Number(node.dataset.attempts),
      meta: node.querySelector('.dag-meta').textContent })));
    assert(nodes.length === expected.size, `${nodes.length} DAG nodes, API run has ${expected.size} tasks`);
    for (const node of nodes) {
      const task = expected.get(node.task);
      assert(task, `DAG node ${node.task} is not a task of the run`);
      assert(node.state === task.state, `${node.task}: DAG state ${node.state}, API ${task.state}`);
      assert(node.attempts === task.attempts, `${node.task}: DAG shows ${node.attempts} attempts, API ${task.attempts}`);
      if (task.finished) assert(/\d+(\.\d+)? (ms|s)|min/.test(node.meta), `${node.task}: no duration in "${node.meta}"`);
    }
    const rowsIn = await session.page.$$eval('#run-tasks-table tbody tr', (rows) => rows.length);
    assert(rowsIn === detail.tasks.length, `${rowsIn} task rows, API ${detail.tasks.length}`);
    await session.page.focus('svg.dag .dag-node');
    await session.page.keyboard.press('Enter');
    await session.page.waitForSelector('.task-detail h3', { timeout: k_wait_ms });
    await screenshot('runs-dag');
  });
  await check('runs: DAG edges are drawn from each task\'s depends_on', async () => {
    const movies = items(await api('api/v1/runs', { pipeline: 'movies', limit: 1 }))[0];
    const detail = await api(`api/v1/runs/${movies.run_id}`);
    assert((detail.graph || []).length > 0,
           `run ${movies.run_id} has no recorded task graph in the API (graph is empty: the executor records it with record_run_dag)`);
    const names = new Set(detail.graph.map((task) => task.task));
    const expected = new Set();
    for (const task of detail.graph) {
      for (const dependency of task.depends_on) if (names.has(dependency)) expected.add(`${dependency}→${task.task}`);
    }
    assert(expected.size > 0, `run ${movies.run_id}: no task depends on another in the API graph`);
    for (const task of detail.tasks) {
      const declared = detail.graph.find((entry) => entry.task === task.task);
      if (declared) assert(JSON.stringify(task.depends_on) === JSON.stringify(declared.depends_on),
                           `${task.task}: tasks[].depends_on differs from graph`);
    }
    await openRun(movies.run_id);
    const edges = await session.page.$$eval('svg.dag path.dag-edge', (all) => all.map((edge) => `${edge.dataset.from}→${edge.dataset.to}`));
    assert(edges.length === expected.size, `${edges.length} edges drawn, the API graph has ${expected.size}`);
    for (const edge of edges) assert(expected.has(edge), `edge ${edge} is not a dependency in the API`);
  });
  await check('runs: the data-quality checks of a run equal the API', async () => {
    let withChecks = null;
    for (const run of items(await api('api/v1/runs', { limit: 25 }))) {
      const detail = await api(`api/v1/runs/${run.run_id}`);
      if ((detail.checks || []).length) {
        withChecks = detail;
        break;
      }
    }
    assert(withChecks, 'no run has data-quality check results in the API (the default [[checks]] run as check_* tasks)');
    await openRun(withChecks.run_id);
    await session.page.waitForSelector('#run-checks-table tbody tr', { timeout: k_wait_ms });
    const rows = await session.page.$$eval('#run-checks-table tbody tr', (all) => all.map((row) => ({
      check: row.dataset.check, passed: row.dataset.passed, text: row.textContent })));
    assert(rows.length === withChecks.checks.length, `${rows.length} check rows, API ${withChecks.checks.length}`);
    for (const check of withChecks.checks) {
      const row = rows.find((candidate) => candidate.check === check.check);
      assert(row, `check ${check.check} is not shown`);
      assert(row.passed === String(check.passed), `${check.check}: shown passed=${row.passed}, API ${check.passed}`);
      assert(row.text.includes(check.observed), `${check.check}: observed "${check.observed}" not shown`);
    }
    await screenshot('runs-checks');
  });
  await check('runs: a task\'s log lines are shown as the API gives them', async () => {
    let found = null;
    for (const run of items(await api('api/v1/runs', { limit: 25 }))) {
      const logs = await api(`api/v1/runs/${run.run_id}/logs`, { limit: 1 });
      const first = items(logs).find((line) => line.task);
      if (first) {
        found = { runId: run.run_id, task: first.task };
        break;
      }
    }
    assert(found, 'no run has captured task log lines in the API (/api/v1/runs/{id}/logs is empty for every run)');
    const detail = await api(`api/v1/runs/${found.runId}`);
    const attempts = detail.tasks.filter((task) => task.task === found.task && task.attempt > 0).map((task) => task.attempt);
    const attempt = attempts.length ? Math.max(...attempts) : undefined;
    const logs = await api(`api/v1/runs/${found.runId}/logs`, { task: found.task, attempt, limit: 1000 });
    await openRun(found.runId);
    await session.page.focus(`svg.dag .dag-node[data-task="${found.task}"]`);
    await session.page.keyboard.press('Enter');
    await eventually(async () => {
      const shown = await session.page.$eval('#task-logs .log-status', (e) => e.dataset.total).catch(() => null);
      assert(shown === String(totalOf(logs)), `log total shown ${shown}, API ${totalOf(logs)}`);
    });
    const lines = await session.page.$$eval('#task-log-lines .log-line', (all) => all.map((line) => ({
      seq: line.dataset.seq, level: line.dataset.level, message: line.querySelector('.log-message').textContent })));
    assert(lines.length === items(logs).length, `${lines.length} log lines shown, API page has ${items(logs).length}`);
    items(logs).forEach((line, index) => {
      assert(lines[index].seq === String(line.seq) && lines[index].message === line.message,
             `log line ${index}: shown "${lines[index].message}", API "${line.message}"`);
    });
    await screenshot('runs-logs');
  });
  await check('runs: the schedule table equals the API', async () => {
    await open('runs');
    const answer = await api('api/v1/schedule');
    await session.page.waitForSelector('#schedule-table tbody tr', { timeout: k_wait_ms });
    const rows = await session.page.$$eval('#schedule-table tbody tr', (all) => all.map((row) => ({
      pipeline: row.dataset.pipeline, text: row.textContent })));
    assert(rows.length === items(answer).length, `${rows.length} schedule rows, API ${items(answer).length}`);
    for (const item of items(answer)) {
      const row = rows.find((candidate) => candidate.pipeline === item.pipeline);
      assert(row, `pipeline ${item.pipeline} is not in the schedule table`);
      assert(row.text.includes(item.cron ?? 'not scheduled'), `${item.pipeline}: cron "${item.cron}" not shown`);
    }
    await screenshot('runs');
  });
}

async function testLake() {
  await check('lake: browsing layers and folders equals the API; files download', async () => {
    await open('lake');
    let listing = await api('api/v1/lake');
    const paths = async () => session.page.$$eval('#lake-table tbody tr', (rows) => rows.map((row) => row.dataset.path).sort());
    const expectListing = async (body) => eventually(async () => {
      const shown = await paths();
      const want = body.entries.map((entry) => entry.path).sort();
      assert(JSON.stringify(shown) === JSON.stringify(want), `lake shows ${shown.join(', ')}, API ${want.join(', ')}`);
    });
    await expectListing(listing);
    assert(listing.entries.some((entry) => entry.name === 'landing'), 'the lake has no landing layer');
    await screenshot('lake');
    let path = 'landing';
    for (let depth = 0; depth < 6; depth += 1) {
      await session.page.click(`#lake-table tr[data-path="${path}"] a`);
      listing = await api('api/v1/lake', { path });
      await expectListing(listing);
      const file = listing.entries.find((entry) => entry.type === 'file');
      if (file) {
        const href = await session.page.$eval(`#lake-table tr[data-path="${file.path}"] a`, (a) => a.href);
        const response = await fetch(href);
        assert(response.status === 200, `download of ${file.path}: HTTP ${response.status}`);
        assert(Number(response.headers.get('content-length') ?? (await response.arrayBuffer()).byteLength) === file.size,
               `download of ${file.path} differs in size from the listing`);
        break;
      }
      path = listing.entries[0].path;
    }
    await screenshot('lake-folder');
  });
}

async function testKeyboard() {
  await check('keyboard: navigation and the role toggle are reachable with Tab', async () => {
    await open('overview');
    await session.page.evaluate(() => document.activeElement && document.activeElement.blur());
    let found = false;
    for (let step = 0; step < 20 && !found; step += 1) {
      await session.page.keyboard.press('Tab');
      found = await session.page.evaluate(() => document.activeElement && document.activeElement.dataset.page === 'people');
    }
    assert(found, 'the People link was not reached with Tab');
    await session.page.keyboard.press('Enter');
    await session.page.waitForFunction(() => location.hash.startsWith('#/people') && document.querySelector('main[data-ready="true"]'));
    found = false;
    for (let step = 0; step < 20 && !found; step += 1) {
      await session.page.keyboard.press('Tab');
      found = await session.page.evaluate(() => document.activeElement && document.activeElement.name === 'role');
    }
    assert(found, 'the role toggle was not reached with Tab');
    const before = await session.page.evaluate(() => document.activeElement.value);
    await session.page.keyboard.press('ArrowRight');
    const after = await session.page.evaluate(() => document.activeElement.value);
    assert(before !== after, 'ArrowRight did not move the role toggle');
    const body = await api('api/v1/people', after === 'both' ? { sort: 'rank', limit: 25 } : { role: after, sort: 'rank', limit: 25 });
    await expectTable('people-table', items(body), ['rank', 'name', 'role']);
  });
}

async function testPhone(browser) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-US',
                                             deviceScaleFactor: 1, hasTouch: true });
  const desktopPage = session.page;
  session.page = await context.newPage();
  session.page.setDefaultTimeout(k_wait_ms);
  try {
    for (const name of ['overview', 'prices', 'top-films', 'companies', 'people', 'runs', 'lake']) {
      await check(`phone width: ${name} fits 390 px`, async () => {
        await open(name);
        await session.page.waitForTimeout(300);
        const width = await session.page.evaluate(() => document.documentElement.scrollWidth);
        assert(width <= 391, `the page is ${width} px wide at a 390 px viewport`);
        await screenshot(`${name}-phone`);
      });
    }
    await check('phone width: the menu button opens the navigation', async () => {
      await open('overview');
      assert(!(await session.page.isVisible('#nav a[data-page="lake"]')), 'the navigation should be folded on a phone');
      await session.page.click('.nav-toggle');
      await session.page.click('#nav a[data-page="lake"]');
      await session.page.waitForFunction(() => location.hash.startsWith('#/lake'));
    });
  } finally {
    await context.close();
    session.page = desktopPage;
  }
}

// --- Main --------------------------------------------------------------------------------------
const errors = [];
let browser = null;
try {
  let pricesRan = false;
  if (options.url) {
    session.baseUrl = options.url.endsWith('/') ? options.url : `${options.url}/`;
    const cheapest = await fetch(`${session.baseUrl}api/v1/cheapest_films?limit=1`);
    pricesRan = cheapest.ok && totalOf(await cheapest.json()) > 0;
  } else {
    assert(options.binary && options.home, '--binary and --home are required (or --url)');
    let url;
    ({ url, pricesRan } = await setUp(options.home));
    session.baseUrl = url;
  }
  log(`dashboard at ${session.baseUrl}`);
  browser = await chromium.launch({ executablePath: options.chromium, args: k_chromium_args, headless: true });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  const page = await context.newPage();
  session.page = page;
  page.setDefaultTimeout(k_wait_ms);
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // Failed requests are checked by the assertions themselves (e.g. prices not published).
    if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) {
      errors.push(`console error: ${message.text()}`);
    }
  });
  await check('the dashboard is served by the binary (index, script, chart library)', async () => {
    for (const path of ['', 'assets/js/app.js', 'assets/css/app.css', 'assets/vendor/chart.umd.min.js']) {
      const response = await fetch(`${session.baseUrl}${path}`);
      assert(response.status === 200, `GET /${path}: HTTP ${response.status}`);
    }
    await open('overview');
    assert(await page.evaluate(() => typeof window.Chart === 'function'), 'Chart.js did not load');
  });
  if (session.results.at(-1).status === 'failed') {
    throw new Error('the server does not serve the dashboard: GET / and /assets/* must answer from ' +
                    'server::asset_for_url (src/server/web_assets.hpp); no page can be tested');
  }
  await testOverview();
  await testPeople();
  await testTopFilms();
  await testCompanies();
  await testPrices(pricesRan);
  await testRuns();
  await testLake();
  await testKeyboard();
  await testPhone(browser);
  await check('no script errors on any page', async () => {
    assert(errors.length === 0, errors.slice(0, 5).join(' | '));
  });
} catch (error) {
  session.results.push({ name: 'setup', status: 'failed', error: error.message, stack: error.stack });
  log(`FAIL setup: ${error.message}`);
} finally {
  if (browser) await browser.close().catch(() => {});
}
finish();
