// The catalog's schema and its migrations (doc/catalog.md describes every table).
//
// The schema is a list of numbered migrations. `schema_version` records which were applied
// and when; opening a catalog applies the missing ones, in order, inside one write
// transaction, so concurrent openers serialize and each migration runs exactly once. A
// migration is never edited once released: changes are new migrations appended to the list.
#pragma once

#include <chrono>
#include <span>
#include <string_view>

#include "catalog/catalog_database.hpp"
#include "core/error.hpp"

namespace reelhouse::catalog {

struct Migration {
  int version = 0;               // 1, 2, … without gaps
  std::string_view description;  // recorded in schema_version
  std::string_view sql;          // one or more statements
};

// Every migration, oldest first (SQLite).
std::span<const Migration> catalog_migrations();

// The same migrations written for PostgreSQL (catalog_schema_postgres.cpp).
std::span<const Migration> postgres_catalog_migrations();

// The migrations of `dialect`.
std::span<const Migration> catalog_migrations(CatalogDialect dialect);

// The version a fully migrated catalog has (the last migration's).
int newest_schema_version();

// Applies the migrations `database` lacks; returns how many were applied (0 when current).
// Errors: sql — a migration failed (nothing of it is kept) or the catalog was written by a
// newer reelhouse (its version is above newest_schema_version()); busy.
// Runs inside one write transaction (on PostgreSQL: under the catalog's advisory lock), so
// concurrent openers migrate once.
Result<int> migrate_catalog(CatalogDatabase& database, std::chrono::milliseconds patience);

// The catalog's current schema version (0 for an empty database). Errors: sql, busy.
Result<int> read_schema_version(CatalogDatabase& database);

}  // namespace reelhouse::catalog
