#include "providers/ingest/provider_lists.hpp"

#include <fmt/format.h>

#include <fstream>
#include <optional>
#include <sstream>
#include <unordered_set>

#include "providers/ingest/raw_store.hpp"
#include "providers/provider_json.hpp"

namespace reelhouse::providers::ingest {

namespace {

std::optional<std::string> read_body(const std::filesystem::path& path) {
  std::ifstream stream(path, std::ios::binary);
  if (!stream) return std::nullopt;
  std::ostringstream content;
  content << stream.rdbuf();
  return std::move(content).str();
}

std::string unfetched_reason(const ProviderRun& provider) {
  if (!provider.stopped_reason.empty()) {
    return fmt::format("not requested: {}", provider.stopped_reason);
  }
  if (provider.breaker.state() == BreakerState::open) {
    return "not requested: the provider's circuit breaker stayed open (it kept failing) until "
           "the run's deadline";
  }
  return "not requested before the run's deadline";
}

}  // namespace

bool apply_stored_list(ProviderRun& provider, size_t provider_index, const IngestRequest& request) {
  const std::filesystem::path list_path = list_body_path(provider.directory);
  if (request.refresh || !is_stored_intact(list_path)) return false;
  const auto body = read_body(list_path);
  if (!body) return false;
  auto films = parse_movie_list(*body, provider.report.provider);
  if (!films) return false;
  provider.report.list_fetched = true;
  apply_list(provider, provider_index, std::move(*films), request.ingest_date, request.refresh);
  return true;
}

void apply_list(ProviderRun& provider, size_t provider_index, std::vector<ListedMovie> films,
                const std::string& date, bool refresh) {
  provider.list_known = true;
  provider.report.list_date = date;
  std::unordered_set<std::string> seen;
  for (ListedMovie& film : films) {
    if (!seen.insert(film.id).second) continue;
    if (!refresh && is_stored_intact(detail_body_path(provider.directory, film.id))) {
      ++provider.report.already_stored;
      provider.collected.insert(film.id);
    } else if (provider.stopped_reason.empty()) {
      provider.ready.push_back(IngestJob{
          .provider_index = provider_index, .endpoint = Endpoint::movie, .movie_id = film.id});
    }
    provider.films.push_back(std::move(film));
  }
  provider.report.listed = static_cast<int64_t>(provider.films.size());
}

void list_failed(ProviderRun& provider, size_t provider_index, const IngestRequest& request,
                 const std::string& reason) {
  provider.report.list_error = reason;
  if (provider.list_known) return;
  const std::string& name = provider.report.provider;
  const auto earlier = newest_list_date_before(request.lake_root, name, request.ingest_date);
  if (!earlier) return;
  const auto body =
      read_body(list_body_path(provider_date_directory(request.lake_root, name, *earlier)));
  if (!body) return;
  if (auto films = parse_movie_list(*body, name)) {
    apply_list(provider, provider_index, std::move(*films), *earlier, request.refresh);
  }
}

void name_missing_films(ProviderRun& provider) {
  const std::string default_reason = unfetched_reason(provider);
  for (const ListedMovie& film : provider.films) {
    if (provider.collected.contains(film.id)) continue;
    const auto error = provider.last_error.find(film.id);
    provider.report.missing.push_back(MissingFilm{
        .provider = provider.report.provider,
        .movie_id = film.id,
        .title = film.title,
        .last_error = error != provider.last_error.end() ? error->second : default_reason});
  }
}

}  // namespace reelhouse::providers::ingest
