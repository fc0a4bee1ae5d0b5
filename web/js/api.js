// Every call the dashboard makes to the reelhouse JSON API, in one place, so that a path or
// parameter name is fixed here only. List endpoints answer {items, total, limit, offset}
// (doc/api.md); normalizeList also accepts {rows|data|records} and bare arrays.
// Errors answer {error, status, field}.

const k_token_key = 'reelhouse.token';
export const k_max_limit = 1000;

export class ApiError extends Error {
  constructor(status, message, field) {
    super(message);
    this.status = status;
    this.field = field;
  }
}

function headers() {
  const token = localStorage.getItem(k_token_key);
  return token ? { Authorization: `Bearer ${token}` } : {};
}

export function setToken(token) {
  if (token) localStorage.setItem(k_token_key, token);
  else localStorage.removeItem(k_token_key);
}

// Builds "path?key=value…" skipping empty values.
export function url(path, params = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    query.set(key, String(value));
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

export async function getJson(path, params = {}, { signal } = {}) {
  const response = await fetch(url(path, params), { headers: headers(), signal });
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (!response.ok) {
    const message = (body && (body.message || body.error || body.detail)) || response.statusText;
    throw new ApiError(response.status, typeof message === 'string' ? message : JSON.stringify(message),
                       body && body.field);
  }
  return body;
}

// {items, total} from any list answer.
export function normalizeList(body) {
  if (Array.isArray(body)) return { items: body, total: body.length };
  const items = body.items ?? body.rows ?? body.data ?? body.records ?? [];
  const total = body.total ?? body.total_count ?? body.count ?? items.length;
  return { items, total };
}

// The API's sort parameter: "col" ascending, "-col" descending.
export const sortParam = (sort, order) => (sort ? `${order === 'desc' ? '-' : ''}${sort}` : undefined);

// One page of a product: sort is a column name, order 'asc' | 'desc'.
export async function listPage(path, { filters = {}, sort, order, limit = 50, offset = 0 } = {},
                               options = {}) {
  const body = await getJson(path, { ...filters, sort: sortParam(sort, order), limit, offset }, options);
  return normalizeList(body);
}

// Every row (pages of k_max_limit), for charts; stops at `cap` rows.
export async function listAll(path, { filters = {}, sort, order, cap = 20000 } = {}, options = {}) {
  const rows = [];
  for (let offset = 0; offset < cap; offset += k_max_limit) {
    const page = await listPage(path, { filters, sort, order, limit: k_max_limit, offset }, options);
    rows.push(...page.items);
    if (page.items.length < k_max_limit || rows.length >= page.total) break;
  }
  return rows;
}

// Product endpoints (API v1).
export const paths = {
  people: '/api/v1/people',
  topFilms: '/api/v1/top_films',
  movieReport: '/api/v1/movie_report',
  genreYear: '/api/v1/genre_year',
  companyYear: '/api/v1/company_year',
  companyGenreYear: '/api/v1/company_genre_year',
  mostPopularGenre: '/api/v1/most_popular_genre',
  pricesLatest: '/api/v1/prices_latest',
  priceObservations: '/api/v1/price_observations',
  priceChanges: '/api/v1/price_changes',
  cheapestFilms: '/api/v1/cheapest_films',
  cheapestDirectors: '/api/v1/cheapest_directors',
  priceComparison: '/api/v1/price_comparison',
  providerHealth: '/api/v1/provider_health',
  missingFilms: '/api/v1/missing_films',
  runs: '/api/v1/runs',
  schedule: '/api/v1/schedule',
  lake: '/api/v1/lake',
  lakeDownload: '/api/v1/lake/download',
  health: '/healthz',
};

// Runs come newest first; the endpoint takes pipeline, state, limit and offset (no sort).
export const listRuns = ({ pipeline, state, limit = 25, offset = 0 } = {}, options) =>
  getJson(paths.runs, { pipeline, state, limit, offset }, options).then(normalizeList);
export const runDetail = (runId, options) => getJson(`${paths.runs}/${encodeURIComponent(runId)}`, {}, options);
// A run's captured log lines: {items, total, limit, offset}; task and attempt filter.
export const runLogs = (runId, { task, attempt, limit = k_max_limit, offset = 0 } = {}, options) =>
  getJson(`${paths.runs}/${encodeURIComponent(runId)}/logs`, { task, attempt, limit, offset }, options);
// Each scheduled pipeline: {now, items: [{pipeline, cron, timezone, catch_up, next_fire, last_fire, lease}]}.
export const schedule = (options) => getJson(paths.schedule, {}, options);
export const lakeList = (path, options) => getJson(paths.lake, { path }, options);
export const lakeDownloadUrl = (path) => url(paths.lakeDownload, { path });
export const health = (options) => getJson(paths.health, {}, options);
