#include "server/pg_warehouse.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>

namespace reelhouse::server {

namespace {

constexpr std::string_view k_schema = "reelhouse";  // warehouse::k_postgres_schema

// Renders like DuckDB: ISO dates and timestamps in UTC, floats in their shortest exact form.
constexpr const char* k_session_setup =
    "SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SET IntervalStyle = 'postgres'; "
    "SET extra_float_digits = 1; SET default_transaction_read_only = on; "
    "SET application_name = 'reelhouse serve'";

constexpr const char* k_marker_sql =
    "SELECT oid::bigint FROM pg_catalog.pg_namespace WHERE nspname = 'reelhouse'";

postgres::PgParam to_pg_param(const db::SqlParam& param) {
  if (std::holds_alternative<std::monostate>(param)) return std::nullopt;
  if (const auto* integer = std::get_if<int64_t>(&param)) return std::to_string(*integer);
  if (const auto* real = std::get_if<double>(&param)) return fmt::format("{}", *real);
  return std::get<std::string>(param);
}

bool unreachable_error(const Error& error) {
  return error.code == ErrorCode::connection || error.code == ErrorCode::config ||
         error.code == ErrorCode::timeout;
}

}  // namespace

std::string duckdb_type_of(std::string_view postgres_type) {
  static const std::pair<std::string_view, std::string_view> k_names[] = {
      {"bigint", "BIGINT"},
      {"integer", "INTEGER"},
      {"smallint", "SMALLINT"},
      {"double precision", "DOUBLE"},
      {"real", "FLOAT"},
      {"text", "VARCHAR"},
      {"boolean", "BOOLEAN"},
      {"date", "DATE"},
      {"time without time zone", "TIME"},
      {"timestamp without time zone", "TIMESTAMP"},
      {"timestamp with time zone", "TIMESTAMP WITH TIME ZONE"},
      {"interval", "INTERVAL"},
      {"uuid", "UUID"},
      {"numeric(39,0)", "HUGEINT"},
      {"numeric", "DECIMAL(38,10)"}};
  for (const auto& [postgres_name, duckdb_name] : k_names) {
    if (postgres_type == postgres_name) return std::string(duckdb_name);
  }
  if (postgres_type.starts_with("numeric(")) {
    return "DECIMAL" + std::string(postgres_type.substr(7));
  }
  if (postgres_type.starts_with("character varying") || postgres_type.starts_with("character")) {
    return "VARCHAR";
  }
  std::string upper(postgres_type);
  std::ranges::transform(upper, upper.begin(),
                         [](unsigned char character) { return std::toupper(character); });
  return upper;
}

std::string postgres_location(std::string_view url) {
  const size_t scheme = url.find("://");
  std::string_view rest = scheme == std::string_view::npos ? url : url.substr(scheme + 3);
  rest = rest.substr(0, rest.find('?'));
  const size_t at = rest.rfind('@');
  if (at == std::string_view::npos) return std::string(rest);
  std::string_view user = rest.substr(0, at);
  user = user.substr(0, user.find(':'));  // never show a password
  return fmt::format("{}@{}", user, rest.substr(at + 1));
}

// --- PgWarehouseSnapshot -----------------------------------------------------------------------

std::shared_ptr<PgWarehouseSnapshot> PgWarehouseSnapshot::empty(int64_t cache_budget_bytes) {
  auto snapshot = std::shared_ptr<PgWarehouseSnapshot>(new PgWarehouseSnapshot(cache_budget_bytes));
  snapshot->m_opened_at = utc_now_text();
  return snapshot;
}

std::shared_ptr<PgWarehouseSnapshot> PgWarehouseSnapshot::unreachable(std::string reason) {
  auto snapshot = std::shared_ptr<PgWarehouseSnapshot>(new PgWarehouseSnapshot(0));
  snapshot->m_opened_at = utc_now_text();
  snapshot->m_unavailable = std::move(reason);
  return snapshot;
}

Result<std::shared_ptr<PgWarehouseSnapshot>> PgWarehouseSnapshot::load(
    std::shared_ptr<postgres::PgStatementPool> pool, int64_t marker, int64_t cache_budget_bytes) {
  auto snapshot = std::shared_ptr<PgWarehouseSnapshot>(new PgWarehouseSnapshot(cache_budget_bytes));
  // The tables of exactly the schema whose oid was read as the marker.
  const auto columns = TRY(pool->execute(
      "SELECT c.relname, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), "
      "c.relkind IN ('v', 'm') FROM pg_catalog.pg_class c "
      "JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT "
      "a.attisdropped WHERE c.relnamespace = CAST(? AS oid) AND c.relkind IN ('r', 'p', 'v', "
      "'m') ORDER BY c.relname COLLATE \"C\", a.attnum",
      {std::to_string(marker)}));
  for (int row = 0; row < columns.rows(); ++row) {
    auto& table = snapshot->m_tables[std::string(columns.text(row, 0))];
    const std::string type = duckdb_type_of(columns.text(row, 2));
    table.columns.push_back({.name = std::string(columns.text(row, 1)),
                             .type = type,
                             .renders_natively = type_renders_natively(type)});
    table.is_view = columns.text(row, 3) == "t";
  }
  // lower() folds non-ASCII letters only under a Unicode-aware collation: ICU's root one, else
  // glibc's C.UTF-8; a database whose default collation already does it needs neither.
  const auto collation = TRY(pool->query_once(
      "SELECT c.collname FROM pg_catalog.pg_collation c, pg_catalog.pg_database d WHERE "
      "d.datname = current_database() AND d.datcollate IN ('C', 'POSIX') AND c.collname IN "
      "('und-x-icu', 'C.utf8', 'C.UTF-8') AND c.collencoding IN (-1, d.encoding) ORDER BY "
      "c.collname = 'und-x-icu' DESC, c.collname LIMIT 1"));
  if (collation.rows() == 1) snapshot->m_fold_collation = std::string(collation.text(0, 0));
  for (auto& [name, table] : snapshot->m_tables) {
    if (table.is_view) continue;
    const auto count = TRY(pool->query_once(fmt::format("SELECT count(*) FROM {}.{}",
                                                        postgres::pg_identifier(k_schema),
                                                        postgres::pg_identifier(name))));
    if (count.rows() == 1) table.rows = std::stoll(std::string(count.text(0, 0)));
  }
  snapshot->m_pool = std::move(pool);
  snapshot->m_marker = marker;
  snapshot->m_generation = next_warehouse_generation();
  snapshot->m_opened_at = utc_now_text();
  return snapshot;
}

std::string PgWarehouseSnapshot::relation(std::string_view table) const {
  return fmt::format("{}.{}", postgres::pg_identifier(k_schema), postgres::pg_identifier(table));
}

Result<QueryRows> PgWarehouseSnapshot::query(const std::string& sql,
                                             const std::vector<db::SqlParam>& params) {
  if (m_unavailable) return make_error(ErrorCode::connection, "{}", *m_unavailable);
  if (!m_pool) return make_error(ErrorCode::not_found, "no warehouse has been published yet");
  std::vector<postgres::PgParam> values;
  values.reserve(params.size());
  for (const auto& param : params) values.push_back(to_pg_param(param));
  auto result = m_pool->execute(sql, values);
  if (!result) {
    Error error = result.error();
    if (unreachable_error(error)) {
      error.message = fmt::format("the PostgreSQL warehouse {} is unreachable: {}",
                                  postgres_location(m_pool->options().url), error.message);
    }
    return std::unexpected(std::move(error));
  }
  return QueryRows(PgRows(std::move(*result)));
}

// --- PgWarehouseReader -------------------------------------------------------------------------

PgWarehouseReader::PgWarehouseReader(PgWarehouseReaderOptions options)
    : m_options(std::move(options)),
      m_location(postgres_location(m_options.url)),
      m_pool(std::make_shared<postgres::PgStatementPool>(
          postgres::PgStatementPoolOptions{.url = m_options.url,
                                           .size = m_options.pool_size,
                                           .acquire_timeout = std::chrono::milliseconds(30000),
                                           .session_setup = k_session_setup})),
      m_current(PgWarehouseSnapshot::empty(m_options.cache_budget_bytes)) {
  refresh();
}

std::shared_ptr<WarehouseView> PgWarehouseReader::current() {
  if (m_check_throttle.due()) refresh();
  std::lock_guard lock(m_mutex);
  return m_current;
}

std::string PgWarehouseReader::last_open_error() const {
  std::lock_guard lock(m_mutex);
  return m_last_open_error;
}

void PgWarehouseReader::serve(std::shared_ptr<PgWarehouseSnapshot> snapshot, std::string error) {
  std::lock_guard lock(m_mutex);
  if (snapshot) {
    if (m_current->present() && snapshot->present()) ++m_swaps;
    m_current = std::move(snapshot);
  }
  m_last_open_error = std::move(error);
}

void PgWarehouseReader::refresh() {
  std::unique_lock refresh_lock(m_refresh_mutex, std::try_to_lock);
  if (!refresh_lock.owns_lock()) return;  // someone else is loading the new publication
  std::shared_ptr<PgWarehouseSnapshot> serving;
  {
    std::lock_guard lock(m_mutex);
    serving = m_current;
  }
  auto fail = [&](const Error& error) {
    if (unreachable_error(error)) {
      if (!serving->unavailable()) {
        spdlog::error("the PostgreSQL warehouse {} is unreachable: {}", m_location, error.message);
      }
      serve(PgWarehouseSnapshot::unreachable(fmt::format(
                "the PostgreSQL warehouse {} is unreachable: {}", m_location, error.message)),
            error.message);
    } else {
      spdlog::warn("cannot read the PostgreSQL warehouse {}: {} (still serving the previous one)",
                   m_location, error.message);
      serve(nullptr, error.message);
    }
  };
  auto marker_rows = m_pool->execute(k_marker_sql, {});
  if (!marker_rows) return fail(marker_rows.error());
  std::optional<int64_t> marker;
  if (marker_rows->rows() == 1) marker = std::stoll(std::string(marker_rows->text(0, 0)));
  if (!serving->unavailable() && marker == serving->marker()) return;
  if (!marker) {
    serve(PgWarehouseSnapshot::empty(m_options.cache_budget_bytes), "");
    return;
  }
  auto loaded = PgWarehouseSnapshot::load(m_pool, *marker, m_options.cache_budget_bytes);
  if (!loaded) return fail(loaded.error());
  serve(std::move(*loaded), "");
}

}  // namespace reelhouse::server
