// From a request for a product to SQL: parse and validate the query parameters against the
// product's spec, then build the count and page statements.
//
// Identifiers (columns in WHERE, ORDER BY, the select list) come from the spec or from the
// warehouse's column list and are quoted; every value a request supplies is a `?` parameter.
// The order is always total: the requested sort keys, then the product's default order, then
// every remaining column, so paging with limit/offset never repeats or skips a row.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "db/duckdb.hpp"
#include "server/product_catalog.hpp"
#include "server/request_validation.hpp"
#include "server/warehouse_snapshot.hpp"

namespace reelhouse::server {

struct SortKey {
  std::string column{};
  bool descending = false;
};

struct FilterValue {
  const FilterSpec* spec = nullptr;
  db::SqlParam value{};
};

struct ProductRequest {
  int64_t limit = k_default_limit;
  int64_t offset = 0;
  std::vector<SortKey> sort{};
  std::vector<FilterValue> filters{};
  std::optional<std::string> as_of{};
  std::string cache_key{};  // the canonical form of the request
};

// Validates `params`: limit 1..k_max_limit, offset 0..k_max_offset, sort "col,-col2" (column
// names checked later against the table), as_of a date, each filter by its kind, no unknown or
// repeated parameter. `providers` are the accepted values of provider filters.
Validated<ProductRequest> parse_product_request(const ProductSpec& spec, const QueryParams& params,
                                                const std::vector<std::string>& providers);

struct ProductSql {
  std::string count_sql{};
  std::string page_sql{};  // parameters: filter_params, then limit, offset
  std::vector<db::SqlParam> filter_params{};
};

// Builds the statements over `relation` (a quoted table name or a read_parquet expression)
// whose columns are `table.columns`, in `dialect`. Both dialects answer the same rows in the
// same order: PostgreSQL's statements compare text byte-wise (COLLATE "C", as DuckDB does),
// search with strpos (lowering under `fold_collation` when given) and lists with
// string_to_array, and cast integer parameters to BIGINT.
// Errors name the field: a sort column the product does not have ("sort"), a filter whose
// column this table lacks (the filter's parameter).
Validated<ProductSql> build_product_sql(const ProductSpec& spec, const ProductRequest& request,
                                        const TableInfo& table, std::string_view relation,
                                        SqlDialect dialect = SqlDialect::duckdb,
                                        std::string_view fold_collation = {});

// Whether `column` holds text (VARCHAR, or a type selected as VARCHAR): ordered byte-wise.
bool is_text_column(const TableColumn& column);

}  // namespace reelhouse::server
