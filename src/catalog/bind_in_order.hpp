// Binding a statement's parameters 1, 2, … from a list of values, stopping at the first error:
// shared by the SQLite statement (sqlite_handle.hpp) and the backend-neutral catalog statement
// (catalog_database.hpp), which both offer `bind(int index, value)` overloads.
#pragma once

#include "core/error.hpp"

namespace reelhouse::catalog {

template <typename Statement, typename... Values>
Result<> bind_in_order(Statement& statement, const Values&... values) {
  Result<> result;
  int index = 1;
  const auto bind_next = [&](const auto& value) {
    if (result) result = statement.bind(index, value);
    ++index;
  };
  (bind_next(values), ...);
  return result;
}

}  // namespace reelhouse::catalog
