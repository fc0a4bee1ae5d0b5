#include "pipeline/stage_steps.hpp"

#include "catalog/catalog.hpp"
#include "fetch/fetcher.hpp"
#include "fetch/file_meta.hpp"

namespace reelhouse::pipeline {

Result<TaskCounters> fetch_raw_file(RunContext& context, const std::string& url,
                                    std::string_view source, std::string_view dataset,
                                    const std::string& file_name) {
  const auto target_dir = context.lake().raw_dir(source, dataset, context.ingest_date());
  const auto fetched = TRY(fetch::fetch_file(
      url, target_dir, file_name, fetch::fetch_policy_from_config(context.config().fetch),
      context.refresh() == Refresh::yes ? fetch::Refresh::yes : fetch::Refresh::no,
      fetch::Progress::auto_detect));
  // In an object-store lake the fetched file and its _meta.json go up as a raw partition.
  TRY(context.lake().commit_raw(source, dataset, context.ingest_date()));
  return TaskCounters{.rows_out = 1, .bytes = static_cast<int64_t>(fetched.bytes)};
}

Result<std::filesystem::path> fetched_raw_file(const RunContext& context, std::string_view source,
                                               std::string_view dataset) {
  const auto dir = context.lake().raw_dir(source, dataset, context.ingest_date());
  const auto meta = TRY(fetch::read_file_meta(dir));
  if (!meta) {
    return make_error(ErrorCode::not_found, "{} has no _meta.json: the fetch did not complete",
                      dir.string());
  }
  return dir / meta->file;
}

Result<> commit_landing(RunContext& context, const std::string& table,
                        lake::StagedPartition& landed, lake::StagedPartition* quarantined,
                        LandedRows rows) {
  if (quarantined) TRY(quarantined->commit());
  TRY(landed.commit());
  return context.with_catalog([&](catalog::Catalog& catalog) -> Result<> {
    if (quarantined) {
      TRY(catalog.record_snapshot({.table_name = table,
                                   .ingest_date = context.ingest_date(),
                                   .layer = "quarantine",
                                   .location = quarantined->location(),
                                   .rows = rows.rows_rejected,
                                   .run_id = context.run_id()}));
    }
    return catalog.record_snapshot({.table_name = table,
                                    .ingest_date = context.ingest_date(),
                                    .layer = "landing",
                                    .location = landed.location(),
                                    .rows = rows.rows_out,
                                    .run_id = context.run_id()});
  });
}

}  // namespace reelhouse::pipeline
