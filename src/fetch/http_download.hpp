// The HTTP half of fetch_file: the retry, backoff and resume loop around http_perform.
//
// Internal to the fetch stage (see fetcher.hpp for the behaviour it implements); separated so
// fetcher.cpp reads as the commit protocol and this file as the network policy.
#pragma once

#include <optional>
#include <string>

#include "core/error.hpp"
#include "fetch/fetcher.hpp"
#include "fetch/part_file.hpp"
#include "fetch/progress_bar.hpp"

namespace reelhouse::fetch {

struct DownloadSummary {
  std::optional<std::string> etag;
  std::optional<std::string> last_modified;
  int attempts = 0;
};

// Downloads `url` into `part` (which starts empty), retrying and resuming per `policy`.
// On success `part` holds the whole body and its hash. Errors: as fetch_file, the message
// saying how many attempts were made.
Result<DownloadSummary> download_http(const std::string& url, PartFile& part,
                                      const FetchPolicy& policy, ProgressBar& progress);

}  // namespace reelhouse::fetch
