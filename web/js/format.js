// Numbers, money, durations, sizes and dates formatted for people (Intl, the browser's
// locale). Every function returns '—' for a missing value so tables never show "null".

const k_missing = '—';
const locale = undefined;  // the browser's
const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
const decimal2 = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const decimal1 = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const compactNumber = new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 });
const usd = new Intl.NumberFormat(locale, { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
const usdCompact = new Intl.NumberFormat(locale, {
  style: 'currency', currency: 'USD', notation: 'compact', maximumFractionDigits: 1 });
const dateTime = new Intl.DateTimeFormat(locale, {
  year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC',
  timeZoneName: 'short' });
const shortDateTime = new Intl.DateTimeFormat(locale, {
  month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });

const missing = (value) => value === null || value === undefined || value === '' ||
                           (typeof value === 'number' && !Number.isFinite(value));
const toNumber = (value) => (typeof value === 'number' ? value : Number(value));

export const formatInteger = (value) => (missing(value) ? k_missing : integer.format(toNumber(value)));
export const formatDecimal = (value, digits = 2) =>
    missing(value) ? k_missing : (digits === 1 ? decimal1 : decimal2).format(toNumber(value));
export const formatRating = (value) => formatDecimal(value, 2);
export const formatPrice = (value) => formatDecimal(value, 2);
export const formatCompact = (value) => (missing(value) ? k_missing : compactNumber.format(toNumber(value)));
export const formatMoney = (value) => (missing(value) ? k_missing : usd.format(toNumber(value)));
export const formatMoneyCompact = (value) =>
    missing(value) ? k_missing : usdCompact.format(toNumber(value));

export function formatBytes(value) {
  if (missing(value)) return k_missing;
  let size = toNumber(value);
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let unit = 0;
  while (size >= 1024 && unit < units.length - 1) {
    size /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? integer.format(size) : decimal1.format(size)} ${units[unit]}`;
}

export function formatDuration(milliseconds) {
  if (missing(milliseconds)) return k_missing;
  const ms = toNumber(milliseconds);
  if (ms < 1000) return `${integer.format(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${decimal1.format(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

// Timestamps from the API are UTC ("2026-11-23 16:52:22.123" or ISO-8601).
export function parseTimestamp(value) {
  if (missing(value)) return null;
  let text = String(value).trim().replace(' ', 'T');
  if (!/[zZ]|[+-]\d\d:?\d\d$/.test(text)) text += 'Z';
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function formatDateTime(value) {
  const date = parseTimestamp(value);
  return date ? dateTime.format(date) : (missing(value) ? k_missing : String(value));
}

// Compact form for chart axes: "Nov 23, 04:58 PM" (UTC); takes a timestamp text or ms.
export function formatShortDateTime(value) {
  const date = typeof value === 'number' ? new Date(value) : parseTimestamp(value);
  return date ? shortDateTime.format(date) : (missing(value) ? k_missing : String(value));
}

export function durationBetween(start, end) {
  const from = parseTimestamp(start);
  const to = parseTimestamp(end);
  return from && to ? to - from : null;
}

export function formatAgo(value, now = Date.now()) {
  const date = parseTimestamp(value);
  if (!date) return k_missing;
  const seconds = Math.round((date.getTime() - now) / 1000);
  const steps = [[60, 'second'], [3600, 'minute'], [86400, 'hour'], [86400 * 30, 'day'],
                 [86400 * 365, 'month'], [Infinity, 'year']];
  let divisor = 1;
  for (const [limit, unit] of steps) {
    if (Math.abs(seconds) < limit) return relative.format(Math.round(seconds / divisor), unit);
    divisor = limit;
  }
  return k_missing;
}
