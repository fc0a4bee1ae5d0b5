// Publishing the warehouse into PostgreSQL (team mode: `warehouse.url = "postgresql://…"`).
//
// The same products as the embedded DuckDB warehouse (warehouse/publisher.hpp): the newest
// snapshot of every table of the aggregated layer, and the catalog's `etl_pipeline_status`.
// Each publication loads them into a fresh schema `reelhouse_load_<run_id>` — tables with
// exact types (BIGINT money, NUMERIC ratings and prices; duck_to_postgres.hpp), rows streamed
// with COPY … FROM STDIN, then keys and indexes (people: PRIMARY KEY (nconst, role) and an
// index on role; etl_pipeline_status: an index on ingest_date; the price products by their
// documented natural keys) and ANALYZE — and then swaps it in with ONE transaction:
//
//   DROP SCHEMA reelhouse_previous CASCADE;          -- the publication before the last
//   ALTER SCHEMA reelhouse RENAME TO reelhouse_previous;
//   ALTER SCHEMA reelhouse_load_<run_id> RENAME TO reelhouse;
//
// so a reader of `reelhouse.<table>` sees the old tables or the new ones, never a missing or
// half-loaded table. A failed load drops its load schema and leaves `reelhouse` serving.
// Publications are serialised by a transaction-level advisory lock; the swap waits for readers
// of the schema it drops at most the role's or database's lock_timeout (60 s when unset). The
// previous publication stays in `reelhouse_previous` for rollback_postgres_warehouse().
//
// The cleansed star schema, which the DuckDB warehouse exposes as views over the lake's
// Parquet, is not copied into PostgreSQL: readers of PostgreSQL get the products.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "catalog/catalog.hpp"
#include "core/config.hpp"

namespace reelhouse::warehouse {

inline constexpr std::string_view k_postgres_schema = "reelhouse";
inline constexpr std::string_view k_postgres_previous_schema = "reelhouse_previous";

struct PostgresPublication {
  std::string location{};  // user@host:port/database, schema reelhouse
  int64_t tables = 0;
  int64_t rows = 0;  // rows in the product tables (etl_pipeline_status included)
};

// Loads and swaps in the warehouse at `url` (a postgresql:// URL without a password; see
// postgres/pg_connection.hpp) and records the publication of `run_id` in the catalog.
// Errors: config (URL, login), connection (server unreachable or lost: transient), busy (the
// swap could not get its locks within the lock timeout: transient), invalid_argument (a product
// column of a type PostgreSQL cannot hold exactly), sql (DuckDB or PostgreSQL, naming the
// table), and the catalog's errors.
Result<PostgresPublication> publish_postgres_warehouse(const Config& config,
                                                       catalog::Catalog& catalog, int64_t run_id,
                                                       std::string_view url);

// Swaps `reelhouse` and `reelhouse_previous` in one transaction: the previous publication
// serves again, and the one rolled back becomes the previous (a second rollback undoes the
// first). Errors: not_found (no previous publication), and as publish_postgres_warehouse.
Result<> rollback_postgres_warehouse(std::string_view url);

}  // namespace reelhouse::warehouse
