#include "server/warehouse_view.hpp"

#include <fmt/chrono.h>

#include <atomic>
#include <charconv>
#include <chrono>

namespace reelhouse::server {

namespace {

// Type OIDs of pg_type (fixed since PostgreSQL 7).
constexpr Oid k_bool_oid = 16;
constexpr Oid k_int8_oid = 20;
constexpr Oid k_int2_oid = 21;
constexpr Oid k_int4_oid = 23;
constexpr Oid k_oid_oid = 26;
constexpr Oid k_float4_oid = 700;
constexpr Oid k_float8_oid = 701;
constexpr Oid k_numeric_oid = 1700;

PgRows::Kind kind_of(Oid type) {
  switch (type) {
    case k_int2_oid:
    case k_int4_oid:
    case k_int8_oid:
    case k_oid_oid:
      return PgRows::Kind::integer;
    case k_float8_oid:
    case k_numeric_oid:
      return PgRows::Kind::real;
    case k_float4_oid:
      return PgRows::Kind::real_float4;
    case k_bool_oid:
      return PgRows::Kind::boolean;
    default:
      return PgRows::Kind::text;
  }
}

}  // namespace

// See DuckQueryResult::cell_kind and DuckDB's text rendering of dates and times.
bool type_renders_natively(std::string_view type) {
  static constexpr std::string_view k_native_prefixes[] = {
      "BOOLEAN",  "TINYINT", "SMALLINT", "INTEGER", "BIGINT",  "HUGEINT", "UTINYINT", "USMALLINT",
      "UINTEGER", "UBIGINT", "FLOAT",    "DOUBLE",  "DECIMAL", "VARCHAR", "DATE",     "INTERVAL"};
  for (auto prefix : k_native_prefixes) {
    if (type.starts_with(prefix)) return type.find('[') == std::string_view::npos;
  }
  return type == "TIMESTAMP" || type == "TIME";
}

bool TableInfo::has_column(std::string_view name) const {
  return column(name) != nullptr;
}

const TableColumn* TableInfo::column(std::string_view name) const {
  for (const auto& candidate : columns) {
    if (candidate.name == name) return &candidate;
  }
  return nullptr;
}

PgRows::PgRows(postgres::PgResult result) : m_result(std::move(result)) {
  for (int column = 0; column < m_result.columns(); ++column) {
    m_kinds.push_back(kind_of(PQftype(m_result.handle(), column)));
  }
}

uint64_t QueryRows::row_count() {
  if (auto* duck = std::get_if<db::DuckQueryResult>(&m_rows)) return duck->row_count();
  return static_cast<uint64_t>(std::get<PgRows>(m_rows).result().rows());
}

bool QueryRows::is_null(uint64_t column, uint64_t row) {
  if (auto* duck = std::get_if<db::DuckQueryResult>(&m_rows)) return duck->is_null(column, row);
  return std::get<PgRows>(m_rows).result().is_null(static_cast<int>(row), static_cast<int>(column));
}

int64_t QueryRows::integer(uint64_t column, uint64_t row) {
  if (auto* duck = std::get_if<db::DuckQueryResult>(&m_rows)) return duck->integer(column, row);
  const std::string_view cell =
      std::get<PgRows>(m_rows).result().text(static_cast<int>(row), static_cast<int>(column));
  int64_t value = 0;
  std::from_chars(cell.data(), cell.data() + cell.size(), value);
  return value;
}

std::string QueryRows::text(uint64_t column, uint64_t row) {
  if (auto* duck = std::get_if<db::DuckQueryResult>(&m_rows)) return duck->text(column, row);
  return std::string(
      std::get<PgRows>(m_rows).result().text(static_cast<int>(row), static_cast<int>(column)));
}

const TableInfo* WarehouseView::table(std::string_view name) const {
  const auto found = m_tables.find(name);
  return found == m_tables.end() ? nullptr : &found->second;
}

int64_t next_warehouse_generation() {
  static std::atomic<int64_t> next{1};
  return next.fetch_add(1);
}

std::string utc_now_text() {
  return fmt::format(
      "{:%Y-%m-%dT%H:%M:%S}Z",
      fmt::gmtime(std::chrono::system_clock::to_time_t(std::chrono::system_clock::now())));
}

int status_for_query_error(const Error& error) {
  return error.code == ErrorCode::connection || error.code == ErrorCode::busy ||
                 error.code == ErrorCode::timeout
             ? 503
             : 500;
}

}  // namespace reelhouse::server
