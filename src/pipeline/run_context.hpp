// Everything the tasks of one run share: the configuration, the lake, the catalog, the
// partition being produced (pipeline + ingest date) and the run's identity. Tasks pass
// results to later tasks through the lake (and the catalog), not through memory, so that a
// task can run again in another process; the few in-memory hand-offs (paths of fetched
// files) are looked up again from the lake when absent.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "catalog/catalog.hpp"
#include "core/config.hpp"
#include "db/duckdb.hpp"
#include "lake/lake.hpp"

namespace reelhouse::pipeline {

enum class Refresh { no, yes };

class RunContext {
 public:
  RunContext(const Config& config, catalog::Catalog& catalog, std::string pipeline,
             std::string ingest_date, Refresh refresh);

  const Config& config() const { return m_config; }
  const lake::Lake& lake() const { return m_lake; }
  const std::string& pipeline() const { return m_pipeline; }
  const std::string& ingest_date() const { return m_ingest_date; }
  Refresh refresh() const { return m_refresh; }
  int64_t run_id() const { return m_run_id; }
  void set_run_id(int64_t run_id) {
    m_run_id = run_id;
    m_lake.set_run_id(run_id);  // recorded in the manifests of an object-store lake
  }

  // False when the run must not publish the warehouse (a backfill's runs: the backfill
  // publishes once at the end); the publish task then succeeds without publishing.
  bool publish() const { return m_publish; }
  void set_publish(bool publish) { m_publish = publish; }

  // The in-memory DuckDB the run's SQL tasks share, created on first use: one thread pool
  // sized by runtime.threads and one memory limit (runtime.memory_limit) for the whole
  // process, however many tasks run at once, and the SQL functions models may call
  // (normalize_title) registered once. Each task opens its own connection; task-local names
  // (input views) are TEMP objects of that connection. Errors: sql when DuckDB cannot start.
  Result<db::DuckDatabase*> work_database();

  // Says the run cannot collect everything it should (e.g. a provider stayed down past the
  // deadline) while its tasks still succeed: the run then ends as succeeded *and* partial,
  // with these notes, joined by "; ", as what is missing. Thread-safe.
  void report_partial(std::string what);
  // The notes given to report_partial, joined by "; "; empty when the run is complete.
  std::string partial_notes() const;

  // The catalog is shared by the worker threads; every use goes through this lock.
  template <typename Function>
  auto with_catalog(Function&& function) {
    std::lock_guard lock(m_catalog_mutex);
    return function(m_catalog);
  }

 private:
  const Config& m_config;
  lake::Lake m_lake;
  catalog::Catalog& m_catalog;
  std::mutex m_catalog_mutex;
  std::mutex m_work_database_mutex;
  mutable std::mutex m_partial_mutex;
  std::vector<std::string> m_partial_notes;
  std::unique_ptr<db::DuckDatabase> m_work_database;
  std::string m_pipeline;
  std::string m_ingest_date;
  Refresh m_refresh;
  int64_t m_run_id = 0;
  bool m_publish = true;
};

}  // namespace reelhouse::pipeline
