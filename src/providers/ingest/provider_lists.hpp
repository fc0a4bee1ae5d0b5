// What a provider's film list means for one ingestion run: which films become detail jobs,
// which the date already has intact in the raw layer, which earlier list stands in when the
// day's cannot be fetched, and — at the end — which films are missing and why.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "providers/ingest/ingest_job.hpp"
#include "providers/ingest/provider_ingest.hpp"
#include "providers/provider_film.hpp"

namespace reelhouse::providers::ingest {

// Applies the date's stored list when it is intact (and the run does not refresh); true when
// it did, so the list need not be fetched.
bool apply_stored_list(ProviderRun& provider, size_t provider_index, const IngestRequest& request);

// Makes `films` (the list of `date`) the provider's list: distinct IDs; films stored intact for
// the run's date count as already stored (unless `refresh`), the others become detail jobs.
void apply_list(ProviderRun& provider, size_t provider_index, std::vector<ListedMovie> films,
                const std::string& date, bool refresh);

// The day's list could not be obtained (`reason`): falls back on the newest earlier stored list,
// so its films are still fetched, or at least named as missing.
void list_failed(ProviderRun& provider, size_t provider_index, const IngestRequest& request,
                 const std::string& reason);

// Fills the report's missing films: every listed film not collected, with its last error or
// why it was never requested.
void name_missing_films(ProviderRun& provider);

}  // namespace reelhouse::providers::ingest
