#include "pipeline/run_context.hpp"

#include <fmt/ranges.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>

#include "lake/lake_locations.hpp"
#include "landing/title_normalizer.hpp"

namespace reelhouse::pipeline {

RunContext::RunContext(const Config& config, catalog::Catalog& catalog, std::string pipeline,
                       std::string ingest_date, Refresh refresh)
    : m_config(config),
      m_lake(lake::Lake::open_unchecked(config)),
      m_catalog(catalog),
      m_pipeline(std::move(pipeline)),
      m_ingest_date(std::move(ingest_date)),
      m_refresh(refresh) {
  lake::install_location_lake(m_lake);
}

Result<db::DuckDatabase*> RunContext::work_database() {
  std::lock_guard lock(m_work_database_mutex);
  if (!m_work_database) {
    const auto& runtime = m_config.runtime;
    // Each run spills into a directory of its own: DuckDB 1.4 names its temporary files by
    // size class and index only, so two databases sharing a directory (runs of a parallel
    // backfill, two processes) overwrite each other's spill files, and the first to close
    // deletes the other's (duckdb/duckdb#15173). DuckDB creates the directory (one level) only
    // when it first spills.
    static std::atomic<int> work_database_counter{0};
    const std::filesystem::path spill_dir =
        m_lake.root() / fmt::format("_tmp_duckdb.{}.{}", getpid(), work_database_counter++);
    auto database =
        TRY(db::DuckDatabase::open("", db::DuckOptions{.threads = static_cast<int>(runtime.threads),
                                                       .memory_limit = runtime.memory_limit,
                                                       .temp_directory = spill_dir.string()}));
    auto connection = TRY(db::DuckConnection::connect(database));
    TRY(landing::register_normalize_title(connection));
    m_work_database = std::make_unique<db::DuckDatabase>(std::move(database));
  }
  return m_work_database.get();
}

void RunContext::report_partial(std::string what) {
  std::lock_guard lock(m_partial_mutex);
  m_partial_notes.push_back(std::move(what));
}

std::string RunContext::partial_notes() const {
  std::lock_guard lock(m_partial_mutex);
  return fmt::format("{}", fmt::join(m_partial_notes, "; "));
}

}  // namespace reelhouse::pipeline
