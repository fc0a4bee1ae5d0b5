#include "pipeline/run_context.hpp"

namespace reelhouse::pipeline {

RunContext::RunContext(const Config& config, catalog::Catalog& catalog, std::string pipeline,
                       std::string ingest_date, Refresh refresh)
    : m_config(config),
      m_lake(config.lake_root()),
      m_catalog(catalog),
      m_pipeline(std::move(pipeline)),
      m_ingest_date(std::move(ingest_date)),
      m_refresh(refresh) {}

}  // namespace reelhouse::pipeline
