// Lake construction from the configuration (lake.root, lake.url, lake.endpoint, lake.region and
// the AWS_* credentials), and the process-wide lake resolve_location() uses.
#include <spdlog/spdlog.h>

#include <mutex>

#include "core/config.hpp"
#include "lake/lake.hpp"
#include "lake/lake_locations.hpp"
#include "lake/remote_lake.hpp"
#include "objectstore/s3_object_store.hpp"

namespace reelhouse::lake {

namespace fs = std::filesystem;

namespace {

struct LocationRegistry {
  std::mutex mutex;
  std::optional<Lake> lake;
  std::optional<Config> config;  // opened into `lake` on first need
};

LocationRegistry& registry() {
  static LocationRegistry instance;
  return instance;
}

Result<std::shared_ptr<const RemoteLake>> open_remote(const Config& config) {
  auto location = objectstore::parse_s3_url(config.lake.url);
  if (!location) {
    return make_error(ErrorCode::config, "lake.url: {} (set it to \"s3://bucket/prefix\")",
                      location.error().message);
  }
  auto credentials = objectstore::s3::credentials_from_environment();
  if (!credentials) {
    return make_error(ErrorCode::config, "lake.url = \"{}\": {}", config.lake.url,
                      credentials.error().message);
  }
  const std::string endpoint = config.lake.endpoint.empty()
                                   ? fmt::format("https://s3.{}.amazonaws.com", config.lake.region)
                                   : config.lake.endpoint;
  auto store = objectstore::S3ObjectStore::create(
      objectstore::S3StoreOptions{.location = *location,
                                  .endpoint = endpoint,
                                  .region = config.lake.region,
                                  .credentials = std::move(*credentials)});
  if (!store) {
    return make_error(ErrorCode::config, "lake.endpoint = \"{}\" / lake.region = \"{}\": {}",
                      endpoint, config.lake.region, store.error().message);
  }
  return std::make_shared<const RemoteLake>(
      std::shared_ptr<objectstore::ObjectStore>(std::move(*store)), location->to_url());
}

}  // namespace

Result<Lake> Lake::open(const Config& config) {
  if (!config.lake_in_object_store()) return Lake(config.lake_root());
  auto remote = TRY(open_remote(config));
  auto probe = remote->store().list_page(objectstore::ListOptions{.prefix = "", .max_keys = 1});
  if (!probe) {
    return make_error(
        ErrorCode::config,
        "lake.url = \"{}\" is not reachable through lake.endpoint = \"{}\": {} (check that the "
        "endpoint is up, the bucket exists, lake.region, and AWS_ACCESS_KEY_ID / "
        "AWS_SECRET_ACCESS_KEY)",
        config.lake.url, config.lake.endpoint, probe.error().message);
  }
  Lake lake(config.lake_root(), std::move(remote));
  install_location_lake(lake);
  return lake;
}

Lake Lake::open_unchecked(const Config& config) {
  if (!config.lake_in_object_store()) return Lake(config.lake_root());
  auto remote = open_remote(config);
  if (remote) return Lake(config.lake_root(), std::move(*remote));
  Lake broken(config.lake_root());
  broken.m_open_error = remote.error();
  return broken;
}

void install_location_lake(const Lake& lake) {
  if (!lake.remote()) return;
  std::lock_guard lock(registry().mutex);
  registry().lake = lake;
}

void set_location_config(const Config& config) {
  if (!config.lake_in_object_store()) return;
  std::lock_guard lock(registry().mutex);
  registry().config = config;
}

Result<fs::path> resolve_location(std::string_view location) {
  if (!objectstore::is_s3_url(location)) return fs::path(location);
  std::optional<Lake> lake;
  {
    std::lock_guard lock(registry().mutex);
    if (!registry().lake && registry().config) {
      registry().lake = Lake::open_unchecked(*registry().config);
    }
    lake = registry().lake;
  }
  if (!lake || !lake->remote()) {
    return make_error(ErrorCode::config,
                      "snapshot location {} is in an object store, but lake.url is not set here: "
                      "set lake.url (and lake.endpoint) to the lake that wrote it",
                      location);
  }
  const auto key = lake->remote()->key_of_location(location);
  // <layer>/<table>/ingest_date=<date>/
  std::vector<std::string> parts;
  if (key) {
    for (size_t start = 0; start < key->size();) {
      const size_t slash = key->find('/', start);
      parts.push_back(key->substr(start, slash - start));
      start = slash + 1;
    }
  }
  std::optional<Layer> layer;
  if (parts.size() == 3 && parts[2].starts_with("ingest_date=")) {
    for (Layer candidate :
         {Layer::landing, Layer::quarantine, Layer::cleansed, Layer::aggregated}) {
      if (layer_name(candidate) == parts[0]) layer = candidate;
    }
  }
  if (!layer) {
    return make_error(ErrorCode::config,
                      "snapshot location {} is not a partition of the lake at {} (lake.url)",
                      location, lake->remote()->url());
  }
  return lake->local_partition(*layer, parts[1],
                               parts[2].substr(std::string_view("ingest_date=").size()));
}

}  // namespace reelhouse::lake
