#include "landing/parquet_landing.hpp"

#include <fmt/format.h>

namespace reelhouse::landing {

Result<> require_directory(const std::filesystem::path& directory, std::string_view role) {
  std::error_code error;
  if (!std::filesystem::is_directory(directory, error)) {
    return make_error(ErrorCode::invalid_argument, "{} \"{}\" does not exist or is not a directory",
                      role, directory.string());
  }
  return {};
}

Result<int64_t> copy_source_to_parquet(db::DuckConnection& connection, db::ChunkSource& source,
                                       std::string_view function_name,
                                       const std::filesystem::path& part_path,
                                       std::string_view parquet_options,
                                       std::string_view source_name) {
  TRY(db::register_chunk_source(connection, function_name, source));
  Result<int64_t> written = connection.query_int(
      fmt::format("COPY (SELECT * FROM {}()) TO {} (FORMAT parquet, {})", function_name,
                  db::sql_quote(part_path.string()), parquet_options));
  if (!written) {
    if (std::optional<Error> source_error = source.error()) return std::unexpected(*source_error);
    return std::unexpected(written.error().with_context(
        fmt::format("cannot land \"{}\" into \"{}\"", source_name, part_path.string())));
  }
  return written;
}

}  // namespace reelhouse::landing
