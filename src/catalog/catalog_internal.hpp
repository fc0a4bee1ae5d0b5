// Details shared by the files implementing `Catalog` (catalog.cpp, catalog_snapshots.cpp);
// not part of the catalog's interface.
#pragma once

#include <cctype>
#include <chrono>
#include <optional>
#include <string_view>

#include "catalog/catalog.hpp"
#include "core/error.hpp"

namespace reelhouse::catalog {

// How long SQLite's busy handler waits for a lock held by another process before a
// statement fails with SQLITE_BUSY.
inline constexpr std::chrono::milliseconds k_busy_timeout{10'000};

// How long a writer keeps retrying BEGIN IMMEDIATE on a busy catalog before giving up.
inline constexpr std::chrono::milliseconds k_write_patience{30'000};

// NULL for an empty text: the catalog stores "no error" as NULL.
inline std::optional<std::string_view> optional_text(std::string_view text) {
  if (text.empty()) return std::nullopt;
  return text;
}

// The columns of `runs` that read_run reads, in its order (catalog.cpp).
inline constexpr std::string_view k_run_columns =
    "run_id, pipeline, ingest_date, state, \"trigger\", started_at, finished_at, error, pid, host, "
    "partial, scheduled_for, recovered";

// A row selected with k_run_columns (catalog.cpp). Errors: corrupt (unknown state).
Result<RunRecord> read_run(const CatalogStatement& row);

// True when a process with this pid exists on this host, possibly owned by another user
// (catalog.cpp).
bool process_exists(int64_t pid);

// Ingest dates are compared as text, which only orders correctly in the YYYY-MM-DD form.
// Errors: invalid_argument.
inline Result<> check_ingest_date(std::string_view date) {
  constexpr std::string_view k_shape = "dddd-dd-dd";
  bool valid = date.size() == k_shape.size();
  for (size_t index = 0; valid && index < date.size(); ++index) {
    valid = k_shape[index] == 'd' ? std::isdigit(static_cast<unsigned char>(date[index])) != 0
                                  : date[index] == '-';
  }
  if (!valid) {
    return make_error(ErrorCode::invalid_argument, "ingest date \"{}\" is not YYYY-MM-DD", date);
  }
  return {};
}

}  // namespace reelhouse::catalog
