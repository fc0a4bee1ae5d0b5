#include "sources/imdb_generator.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <exception>
#include <thread>

#include "sources/imdb_generator_defects.hpp"
#include "sources/imdb_generator_model.hpp"
#include "sources/imdb_generator_tables.hpp"
#include "util/atomic_file.hpp"

namespace reelhouse::sources {

namespace {

using namespace imdb;

constexpr double k_max_scale = 100.0;
constexpr size_t k_table_count = 4;

using TableWriterFunction = Result<TableOutput> (*)(const ImdbModel&, DefectSchedule&,
                                                    const std::filesystem::path&);

// One upstream file: its table name, its writer, the defects it can carry and about how
// many base rows it has (to spread those defects through it).
struct TableSpec {
  const char* table;
  const char* file_name;
  TableWriterFunction write;
  std::span<const DefectKind> (*defect_kinds)();
  uint64_t (*expected_base_rows)(const ImdbModel&);
};

const std::array<TableSpec, k_table_count> k_tables{{
    {"title_basics", k_imdb_file_names[0], write_title_basics, title_basics_defect_kinds,
     [](const ImdbModel& model) { return model.title_count(); }},
    {"title_ratings", k_imdb_file_names[1], write_title_ratings, title_ratings_defect_kinds,
     [](const ImdbModel& model) { return model.expected_rating_count(); }},
    {"title_principals", k_imdb_file_names[2], write_title_principals,
     title_principals_defect_kinds,
     [](const ImdbModel& model) { return model.expected_principal_count(); }},
    {"name_basics", k_imdb_file_names[3], write_name_basics, name_basics_defect_kinds,
     [](const ImdbModel& model) { return model.person_count(); }},
}};

Result<void> validate(const ImdbGeneratorOptions& options) {
  if (!std::isfinite(options.scale) || options.scale <= 0 || options.scale > k_max_scale) {
    return make_error(ErrorCode::invalid_argument,
                      "scale must be a number greater than 0 and at most {} (got {}); "
                      "1 is the size of the full IMDb dump, 0.001 about 12k titles",
                      k_max_scale, options.scale);
  }
  if (options.out_dir.empty()) {
    return make_error(ErrorCode::invalid_argument, "an output directory is required");
  }
  return {};
}

}  // namespace

Result<GenerateImdbSummary> generate_imdb(const ImdbGeneratorOptions& options) {
  TRY(validate(options));
  const auto started = std::chrono::steady_clock::now();
  std::error_code directory_error;
  std::filesystem::create_directories(options.out_dir, directory_error);
  if (directory_error) {
    return make_error(ErrorCode::io, "cannot create output directory {}: {}",
                      options.out_dir.string(), directory_error.message());
  }

  const ImdbModel model(options.seed, options.scale);
  std::array<DefectSchedule, k_table_count> schedules;
  if (options.defects == DefectInjection::inject) {
    for (size_t table_idx = 0; table_idx < k_table_count; ++table_idx) {
      const TableSpec& spec = k_tables[table_idx];
      schedules[table_idx] = DefectSchedule(options.seed, table_idx, spec.expected_base_rows(model),
                                            spec.defect_kinds());
    }
  }

  // One thread per file: they share only the read-only model.
  std::array<Result<TableOutput>, k_table_count> outputs;
  {
    std::vector<std::jthread> threads;
    for (size_t table_idx = 0; table_idx < k_table_count; ++table_idx) {
      threads.emplace_back([&, table_idx] {
        const TableSpec& spec = k_tables[table_idx];
        try {
          outputs[table_idx] =
              spec.write(model, schedules[table_idx], options.out_dir / spec.file_name);
        } catch (const std::exception& error) {
          outputs[table_idx] = make_error(ErrorCode::internal, "writing {} failed: {}",
                                          spec.file_name, error.what());
        }
      });
    }
  }

  GenerateImdbSummary summary;
  for (size_t table_idx = 0; table_idx < k_table_count; ++table_idx) {
    if (!outputs[table_idx]) return std::unexpected(outputs[table_idx].error());
    const TableOutput& output = *outputs[table_idx];
    summary.files.push_back(GeneratedImdbFile{k_tables[table_idx].table,
                                              k_tables[table_idx].file_name, output.rows_written,
                                              output.uncompressed_bytes, output.compressed_bytes});
  }

  if (options.defects == DefectInjection::inject) {
    std::vector<TableDefects> manifest_tables;
    for (size_t table_idx = 0; table_idx < k_table_count; ++table_idx) {
      const TableSpec& spec = k_tables[table_idx];
      const bool has_categories =
          std::ranges::find(spec.defect_kinds(), DefectKind::unknown_category) !=
          spec.defect_kinds().end();
      manifest_tables.push_back(TableDefects{spec.table, spec.file_name,
                                             summary.files[table_idx].rows, &schedules[table_idx],
                                             has_categories});
    }
    const std::filesystem::path manifest_path = options.out_dir / "defects_manifest.json";
    TRY(util::write_file_atomically(
        manifest_path, defects_manifest_json(options.seed, options.scale, manifest_tables)));
    summary.manifest = manifest_path;
  } else {
    // A manifest from an earlier run with defects would describe files that no longer exist.
    std::error_code ignored;
    std::filesystem::remove(options.out_dir / "defects_manifest.json", ignored);
  }
  summary.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started);
  return summary;
}

}  // namespace reelhouse::sources
