#include "transform/model_runner.hpp"

#include <fstream>
#include <sstream>

#include "lake/lake_locations.hpp"
#include "transform/sql_catalog.hpp"
#include "util/atomic_file.hpp"

namespace reelhouse::transform {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view k_view_suffix = ".view.sql";
constexpr std::string_view k_view_marker = "-- materialization: view";

// The model text without trailing whitespace and semicolons, so it can be nested.
std::string_view trimmed_select(std::string_view sql) {
  while (!sql.empty() &&
         (std::isspace(static_cast<unsigned char>(sql.back())) || sql.back() == ';')) {
    sql.remove_suffix(1);
  }
  return sql;
}

std::optional<fs::path> view_file_in(const fs::path& partition_dir) {
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(partition_dir, error)) {
    if (entry.path().filename().string().ends_with(k_view_suffix)) return entry.path();
  }
  return std::nullopt;
}

}  // namespace

Result<std::string> partition_relation(const fs::path& location) {
  // An s3:// location is downloaded into the lake's local working copy first.
  const fs::path partition_dir = TRY(lake::resolve_location(location.string()));
  if (const auto view_file = view_file_in(partition_dir)) {
    std::ifstream input(*view_file);
    std::stringstream text;
    text << input.rdbuf();
    if (!input) return make_error(ErrorCode::io, "cannot read {}", view_file->string());
    return fmt::format("({})", text.str());
  }
  return db::sql_read_parquet((partition_dir / "*.parquet").string());
}

Result<> create_partition_views(db::DuckConnection& connection,
                                const std::vector<PartitionView>& views) {
  for (const auto& view : views) {
    const std::string relation = TRY(partition_relation(view.partition_dir));
    auto created =
        connection.execute(fmt::format("CREATE OR REPLACE TEMP VIEW {} AS SELECT * FROM {}",
                                       db::sql_identifier(view.name), relation));
    if (!created) {
      return std::unexpected(
          created.error().with_context(fmt::format("cannot read input \"{}\"", view.name)));
    }
  }
  return {};
}

Materialization materialization_of(std::string_view model_sql) {
  return model_sql.starts_with(k_view_marker) ? Materialization::view : Materialization::table;
}

Result<int64_t> materialize_model(db::DuckConnection& connection, std::string_view model_path,
                                  const std::vector<PartitionView>& inputs, std::string_view table,
                                  const fs::path& output_dir) {
  const std::string_view model_sql = trimmed_select(TRY(embedded_sql(model_path)));
  auto with_context = [&](Result<int64_t> result) -> Result<int64_t> {
    if (!result)
      return std::unexpected(result.error().with_context(fmt::format("model {}", model_path)));
    return result;
  };
  if (materialization_of(model_sql) == Materialization::table) {
    const fs::path output_file = output_dir / fmt::format("{}.parquet", table);
    return with_context(
        connection.query_int(fmt::format("COPY ({}) TO {} (FORMAT parquet, COMPRESSION snappy)",
                                         model_sql, db::sql_quote(output_file.string()))));
  }
  // A view: bind each input name to its partition, then keep the SELECT as the partition.
  std::string bound = "WITH ";
  for (size_t input_idx = 0; input_idx < inputs.size(); ++input_idx) {
    bound += fmt::format("{}{} AS (SELECT * FROM {})", input_idx ? ", " : "",
                         db::sql_identifier(inputs[input_idx].name),
                         TRY(partition_relation(inputs[input_idx].partition_dir)));
  }
  bound = fmt::format("{}\nSELECT * FROM (\n{}\n)", inputs.empty() ? "" : bound, model_sql);
  const int64_t rows =
      TRY(with_context(connection.query_int(fmt::format("SELECT count(*) FROM ({})", bound))));
  TRY(util::write_file_atomically(output_dir / fmt::format("{}{}", table, k_view_suffix), bound));
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
