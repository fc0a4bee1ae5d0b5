// The SQL models compiled into the binary. Every file under `sql/` in the source tree is
// embedded at build time (cmake/embed_sql.cmake) and found here by its relative path,
// e.g. "imdb/cleansed/titles.sql". One model per file, named after the table it produces.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace reelhouse::transform {

struct EmbeddedSql {
  std::string_view path{};  // relative to sql/, e.g. "imdb/aggregated/people.sql"
  std::string_view text{};
};

// All embedded files, sorted by path. Defined in the generated embedded_sql.cpp.
const std::vector<EmbeddedSql>& embedded_sql_files();

// The text of one model; ErrorCode::not_found if no such file was embedded.
Result<std::string_view> embedded_sql(std::string_view path);

}  // namespace reelhouse::transform
