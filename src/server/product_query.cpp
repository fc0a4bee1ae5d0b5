#include "server/product_query.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <set>

namespace reelhouse::server {

namespace {

bool is_common_param(std::string_view name) {
  return std::ranges::find(k_common_product_params, name) != std::end(k_common_product_params);
}

const FilterSpec* find_filter(const ProductSpec& spec, std::string_view name) {
  for (const auto& filter : spec.filters) {
    if (filter.param == name) return &filter;
  }
  return nullptr;
}

Validated<std::vector<SortKey>> parse_sort(std::string_view text) {
  std::vector<SortKey> keys;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t comma = std::min(text.find(',', start), text.size());
    std::string_view item = text.substr(start, comma - start);
    SortKey key;
    if (item.starts_with('-')) {
      key.descending = true;
      item.remove_prefix(1);
    } else if (item.starts_with('+')) {
      item.remove_prefix(1);
    }
    const bool plain_name =
        !item.empty() && item.size() <= 64 && std::ranges::all_of(item, [](char character) {
          return (character >= 'a' && character <= 'z') || (character >= '0' && character <= '9') ||
                 character == '_';
        });
    if (!plain_name) {
      return invalid("sort", fmt::format("sort must be column names separated by commas, each "
                                         "optionally prefixed with '-' (got \"{}\")",
                                         text.substr(0, 80)));
    }
    key.column = std::string(item);
    keys.push_back(std::move(key));
    if (keys.size() > 8) return invalid("sort", "sort takes at most 8 columns");
    start = comma + 1;
  }
  return keys;
}

Validated<db::SqlParam> parse_filter_value(const FilterSpec& filter, std::string_view value,
                                           const std::vector<std::string>& providers) {
  const std::string& field = filter.param;
  switch (filter.kind) {
    case FilterKind::int_min:
    case FilterKind::int_max:
    case FilterKind::int_exact: {
      auto number = validate_integer(field, value, -1'000'000'000'000, 1'000'000'000'000);
      if (!number) return std::unexpected(number.error());
      return db::SqlParam(*number);
    }
    case FilterKind::date_exact: {
      auto date = validate_date(field, value);
      if (!date) return std::unexpected(date.error());
      return db::SqlParam(*date);
    }
    case FilterKind::bool_exact: {
      auto flag = validate_bool(field, value);
      if (!flag) return std::unexpected(flag.error());
      return db::SqlParam(static_cast<int64_t>(*flag ? 1 : 0));
    }
    case FilterKind::enum_text:
    case FilterKind::provider: {
      const auto& allowed = filter.kind == FilterKind::provider ? providers : filter.allowed;
      if (std::ranges::find(allowed, value) == allowed.end()) {
        return invalid(field,
                       fmt::format("{} must be one of: {}", field, fmt::join(allowed, ", ")));
      }
      return db::SqlParam(std::string(value));
    }
    case FilterKind::exact_text:
    case FilterKind::search:
    case FilterKind::list_member: {
      auto text = validate_text(field, value);
      if (!text) return std::unexpected(text.error());
      if (text->empty()) return invalid(field, fmt::format("{} must not be empty", field));
      return db::SqlParam(std::move(*text));
    }
  }
  return invalid(field, "unsupported filter");
}

// `?` for DuckDB; for PostgreSQL an integer parameter is cast to BIGINT, so a value beyond an
// INTEGER column's range compares (and matches nothing) as it does in DuckDB, rather than
// failing to convert.
std::string integer_param(SqlDialect dialect) {
  return dialect == SqlDialect::postgres ? "CAST(? AS BIGINT)" : "?";
}

std::string condition_for(const FilterSpec& filter, std::vector<db::SqlParam>& params,
                          const db::SqlParam& value, SqlDialect dialect,
                          std::string_view fold_collation) {
  const std::string column = filter.columns.empty() ? "" : db::sql_identifier(filter.columns[0]);
  const bool postgres = dialect == SqlDialect::postgres;
  switch (filter.kind) {
    case FilterKind::int_min:
      params.push_back(value);
      return fmt::format("{} >= {}", column, integer_param(dialect));
    case FilterKind::int_max:
      params.push_back(value);
      return fmt::format("{} <= {}", column, integer_param(dialect));
    case FilterKind::int_exact:
      params.push_back(value);
      return fmt::format("{} = {}", column, integer_param(dialect));
    case FilterKind::date_exact:
      params.push_back(value);
      return fmt::format("{} = CAST(? AS DATE)", column);
    case FilterKind::bool_exact:
      params.push_back(value);
      return fmt::format("CAST({} AS INTEGER) = ?", column);
    case FilterKind::search: {
      std::vector<std::string> alternatives;
      for (const auto& name : filter.columns) {
        params.push_back(value);
        if (!postgres) {
          alternatives.push_back(fmt::format("contains(lower(CAST({} AS VARCHAR)), lower(?))",
                                             db::sql_identifier(name)));
          continue;
        }
        const std::string collate =
            fold_collation.empty() ? ""
                                   : fmt::format(" COLLATE {}", db::sql_identifier(fold_collation));
        alternatives.push_back(
            fmt::format("strpos(lower(CAST({0} AS VARCHAR){1}), lower(CAST(? AS VARCHAR){1})) > 0",
                        db::sql_identifier(name), collate));
      }
      return fmt::format("({})", fmt::join(alternatives, " OR "));
    }
    case FilterKind::list_member:
      params.push_back(value);
      if (postgres) {
        return fmt::format("? = ANY(string_to_array(CAST({} AS VARCHAR), ', '))", column);
      }
      return fmt::format("list_contains(string_split(CAST({} AS VARCHAR), ', '), ?)", column);
    case FilterKind::enum_text:
    case FilterKind::provider:
    case FilterKind::exact_text:
      params.push_back(value);
      return fmt::format("{} = ?", column);
  }
  return "TRUE";
}

}  // namespace

bool is_text_column(const TableColumn& column) {
  return column.type.starts_with("VARCHAR") || !column.renders_natively;
}

Validated<ProductRequest> parse_product_request(const ProductSpec& spec, const QueryParams& params,
                                                const std::vector<std::string>& providers) {
  ProductRequest request;
  for (const auto& [name, value] : params) {
    if (!is_common_param(name) && find_filter(spec, name) == nullptr) {
      std::vector<std::string> accepted(std::begin(k_common_product_params),
                                        std::end(k_common_product_params));
      for (const auto& filter : spec.filters) accepted.push_back(filter.param);
      auto shown = validate_text("name", name);
      return invalid(shown ? name : std::string("(invalid name)"),
                     fmt::format("unknown parameter \"{}\" for {}; accepted: {}",
                                 shown ? *shown : "?", spec.name, fmt::join(accepted, ", ")));
    }
  }
  // The cache key lists the parameters in the multimap's (sorted) order.
  request.cache_key = spec.name;
  for (const auto& [name, value] : params) {
    request.cache_key += fmt::format("\x1f{}={}", name, value);
  }
  if (auto limit = TRY_VALID(single_param(params, "limit"))) {
    request.limit = TRY_VALID(validate_integer("limit", *limit, 1, k_max_limit));
  }
  if (auto offset = TRY_VALID(single_param(params, "offset"))) {
    request.offset = TRY_VALID(validate_integer("offset", *offset, 0, k_max_offset));
  }
  if (auto sort = TRY_VALID(single_param(params, "sort"))) {
    request.sort = TRY_VALID(parse_sort(*sort));
  }
  if (auto as_of = TRY_VALID(single_param(params, "as_of"))) {
    if (!spec.supports_as_of) {
      return invalid("as_of",
                     fmt::format("{} has no dated snapshots: as_of is not supported", spec.name));
    }
    request.as_of = TRY_VALID(validate_date("as_of", *as_of));
  }
  for (const auto& filter : spec.filters) {
    if (auto value = TRY_VALID(single_param(params, filter.param))) {
      request.filters.push_back(
          {.spec = &filter, .value = TRY_VALID(parse_filter_value(filter, *value, providers))});
    }
  }
  return request;
}

namespace {

std::string order_key(std::string_view expression, bool text, SqlDialect dialect) {
  return text && dialect == SqlDialect::postgres ? fmt::format("{} COLLATE \"C\"", expression)
                                                 : std::string(expression);
}

}  // namespace

Validated<ProductSql> build_product_sql(const ProductSpec& spec, const ProductRequest& request,
                                        const TableInfo& table, std::string_view relation,
                                        SqlDialect dialect, std::string_view fold_collation) {
  ProductSql sql;
  std::vector<std::string> conditions;
  for (const auto& filter : request.filters) {
    for (const auto& column : filter.spec->columns) {
      if (!table.has_column(column)) {
        return invalid(filter.spec->param,
                       fmt::format("{} cannot be filtered by {}: the warehouse table {} has no "
                                   "column {}",
                                   spec.name, filter.spec->param, spec.table, column));
      }
    }
    conditions.push_back(
        condition_for(*filter.spec, sql.filter_params, filter.value, dialect, fold_collation));
  }
  const std::string where =
      conditions.empty() ? "" : fmt::format(" WHERE {}", fmt::join(conditions, " AND "));

  std::vector<std::string> order;
  std::set<std::string> ordered;
  for (const auto& key : request.sort) {
    if (!table.has_column(key.column)) {
      std::vector<std::string> names;
      for (const auto& column : table.columns) names.push_back(column.name);
      return invalid("sort", fmt::format("{} has no column \"{}\" to sort by; columns: {}",
                                         spec.name, key.column, fmt::join(names, ", ")));
    }
    if (!ordered.insert(key.column).second) continue;
    order.push_back(fmt::format("{} {} NULLS LAST",
                                order_key(db::sql_identifier(key.column),
                                          is_text_column(*table.column(key.column)), dialect),
                                key.descending ? "DESC" : "ASC"));
  }
  for (const auto& column : spec.default_order) {
    const TableColumn* found = table.column(column);
    if (found != nullptr && ordered.insert(column).second) {
      order.push_back(fmt::format("{} ASC NULLS LAST", order_key(db::sql_identifier(column),
                                                                 is_text_column(*found), dialect)));
    }
  }
  std::vector<std::string> select;
  for (const auto& column : table.columns) {
    const std::string quoted = db::sql_identifier(column.name);
    select.push_back(column.renders_natively ? quoted
                                             : fmt::format("CAST({0} AS VARCHAR) AS {0}", quoted));
    if (ordered.insert(column.name).second) {
      order.push_back(fmt::format(
          "{} ASC NULLS LAST",
          order_key(column.renders_natively ? quoted : fmt::format("CAST({} AS VARCHAR)", quoted),
                    is_text_column(column), dialect)));
    }
  }
  sql.count_sql = fmt::format("SELECT count(*) FROM {}{}", relation, where);
  sql.page_sql = fmt::format("SELECT {} FROM {}{} ORDER BY {} LIMIT ? OFFSET ?",
                             select.empty() ? "*" : fmt::format("{}", fmt::join(select, ", ")),
                             relation, where, fmt::join(order, ", "));
  return sql;
}

}  // namespace reelhouse::server
