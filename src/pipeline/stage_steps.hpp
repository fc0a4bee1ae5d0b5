// Steps every pipeline's fetch and landing tasks share, so each pipeline only says what it
// fetches and how a file lands:
//  - fetch one upstream file into raw/<source>/<dataset>/ingest_date=…/ (fetch/fetcher.hpp:
//    cached, verified, resumable), and find it again from its _meta.json in a later task;
//  - commit a landing snapshot together with its quarantine and record both in the catalog.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "lake/lake.hpp"
#include "pipeline/run_context.hpp"
#include "pipeline/task.hpp"

namespace reelhouse::pipeline {

// Fetches `url` into the raw partition of (source, dataset) for the run's date, stored as
// `file_name`. Reports the file's size. Errors: those of fetch::fetch_file.
Result<TaskCounters> fetch_raw_file(RunContext& context, const std::string& url,
                                    std::string_view source, std::string_view dataset,
                                    const std::string& file_name);

// The raw file of (source, dataset) for the run's date, as recorded in its _meta.json by the
// fetch task (which verified it moments ago: no need to hash it again).
// Errors: not_found when the fetch did not complete.
Result<std::filesystem::path> fetched_raw_file(const RunContext& context, std::string_view source,
                                               std::string_view dataset);

struct LandedRows {
  int64_t rows_out = 0;
  int64_t rows_rejected = 0;
};

// Commits the quarantine first — a landing snapshot is never visible without its rejects —
// then the landing snapshot of `table`, and records both in the catalog. `quarantined` is
// null for a table whose landing rejects nothing row by row (it fails instead).
Result<> commit_landing(RunContext& context, const std::string& table,
                        lake::StagedPartition& landed, lake::StagedPartition* quarantined,
                        LandedRows rows);

}  // namespace reelhouse::pipeline
