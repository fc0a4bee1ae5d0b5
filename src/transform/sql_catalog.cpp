#include "transform/sql_catalog.hpp"

namespace reelhouse::transform {

Result<std::string_view> embedded_sql(std::string_view path) {
  for (const auto& file : embedded_sql_files()) {
    if (file.path == path) return file.text;
  }
  return make_error(ErrorCode::not_found, "no embedded SQL model \"{}\"", path);
}

}  // namespace reelhouse::transform
