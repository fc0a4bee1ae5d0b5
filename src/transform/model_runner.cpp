#include "transform/model_runner.hpp"

#include "transform/sql_catalog.hpp"

namespace reelhouse::transform {

Result<> create_parquet_views(db::DuckConnection& connection,
                              const std::vector<ParquetView>& views) {
  for (const auto& view : views) {
    auto created = connection.execute(fmt::format("CREATE OR REPLACE VIEW {} AS SELECT * FROM {}",
                                                  db::sql_identifier(view.name),
                                                  db::sql_read_parquet(view.parquet_glob)));
    if (!created) {
      return std::unexpected(
          created.error().with_context(fmt::format("cannot read input \"{}\"", view.name)));
    }
  }
  return {};
}

Result<int64_t> materialize_model(db::DuckConnection& connection, std::string_view model_path,
                                  const std::filesystem::path& output_file) {
  const std::string_view model_sql = TRY(embedded_sql(model_path));
  const std::string copy_sql = fmt::format("COPY ({}) TO {} (FORMAT parquet, COMPRESSION zstd)",
                                           model_sql, db::sql_quote(output_file.string()));
  auto rows = connection.query_int(copy_sql);
  if (!rows) return std::unexpected(rows.error().with_context(fmt::format("model {}", model_path)));
  return rows;
}

Result<> set_variable(db::DuckConnection& connection, std::string_view name,
                      std::string_view sql_literal) {
  return connection.execute(fmt::format("SET VARIABLE {} = {}", name, sql_literal));
}

std::string sql_string_list(const std::vector<std::string>& values) {
  std::string list = "[";
  for (size_t value_idx = 0; value_idx < values.size(); ++value_idx) {
    if (value_idx > 0) list += ", ";
    list += db::sql_quote(values[value_idx]);
  }
  // An empty list needs a type for list_contains to bind.
  return values.empty() ? "CAST([] AS VARCHAR[])" : list + "]";
}

}  // namespace reelhouse::transform
