// Rolling the published warehouse back to the publication before the last one
// (`reelhouse warehouse rollback`).
//
// Both warehouses keep one previous publication: the DuckDB file keeps it beside itself as
// `<warehouse>.previous` (a hard link to the replaced file, made by the publisher before the
// new file is renamed in), PostgreSQL as the schema `reelhouse_previous`. Rolling back swaps
// the current and the previous in one atomic step — renameat2(RENAME_EXCHANGE) for the file,
// one transaction of schema renames for PostgreSQL — so readers (`serve` swaps files and
// schemas without a restart) see one or the other, and a second rollback undoes the first.
#pragma once

#include <filesystem>
#include <string>

#include "core/config.hpp"
#include "core/error.hpp"

namespace reelhouse::warehouse {

// `<warehouse>.previous`, beside the DuckDB warehouse file.
std::filesystem::path previous_warehouse_path(const std::filesystem::path& warehouse);

// Makes `<warehouse>.previous` the file now at `warehouse` (a hard link, replacing an older
// previous), before the publisher renames a new file over `warehouse`. Nothing to do when
// nothing was published yet. Errors: io.
Result<> keep_previous_warehouse(const std::filesystem::path& warehouse);

// Swaps the current and the previous publication of the configured warehouse (the DuckDB
// file, or PostgreSQL with warehouse.url). Returns where the warehouse is, for messages.
// Errors: not_found (no previous publication), io, and PostgreSQL's (config, connection, busy).
Result<std::string> rollback_warehouse(const Config& config);

}  // namespace reelhouse::warehouse
