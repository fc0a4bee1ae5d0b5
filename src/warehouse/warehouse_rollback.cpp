#include "warehouse/warehouse_rollback.hpp"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "warehouse/postgres_publisher.hpp"

namespace reelhouse::warehouse {

namespace fs = std::filesystem;

namespace {

void sync_directory(const fs::path& directory) {
  const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

fs::path previous_warehouse_path(const fs::path& warehouse) {
  return fs::path(warehouse.string() + ".previous");
}

Result<> keep_previous_warehouse(const fs::path& warehouse) {
  std::error_code error;
  if (!fs::exists(warehouse, error)) return {};
  // Link under a temporary name, then rename over the old previous: `.previous` is always
  // either the older publication or the one being replaced, never missing halfway.
  const fs::path link_name =
      fs::path(fmt::format("{}.previous.tmp-{}", warehouse.string(), ::getpid()));
  fs::remove(link_name, error);
  if (::link(warehouse.c_str(), link_name.c_str()) != 0) {
    return make_error(ErrorCode::io, "cannot keep the previous warehouse {} as {}: {}",
                      warehouse.string(), link_name.string(), std::strerror(errno));
  }
  const fs::path previous = previous_warehouse_path(warehouse);
  if (::rename(link_name.c_str(), previous.c_str()) != 0) {
    const int saved = errno;
    fs::remove(link_name, error);
    return make_error(ErrorCode::io, "cannot keep the previous warehouse as {}: {}",
                      previous.string(), std::strerror(saved));
  }
  return {};
}

Result<std::string> rollback_warehouse(const Config& config) {
  if (config.warehouse_in_postgres()) {
    TRY(rollback_postgres_warehouse(config.warehouse.url));
    return std::string(config.warehouse.url);
  }
  const fs::path current = config.warehouse_path();
  const fs::path previous = previous_warehouse_path(current);
  std::error_code error;
  if (!fs::exists(previous, error)) {
    return make_error(ErrorCode::not_found,
                      "no previous warehouse to roll back to ({} does not exist: nothing was "
                      "published twice yet)",
                      previous.string());
  }
  if (!fs::exists(current, error)) {
    return make_error(ErrorCode::not_found, "no warehouse at {} to roll back", current.string());
  }
  if (::renameat2(AT_FDCWD, current.c_str(), AT_FDCWD, previous.c_str(), RENAME_EXCHANGE) != 0) {
    return make_error(ErrorCode::io, "cannot swap {} and {}: {}", current.string(),
                      previous.string(), std::strerror(errno));
  }
  sync_directory(current.parent_path());
  return current.string();
}

}  // namespace reelhouse::warehouse
