#include "server/warehouse_reader.hpp"

#include <spdlog/spdlog.h>

namespace reelhouse::server {

WarehouseReader::WarehouseReader(WarehouseReaderOptions options)
    : m_options(std::move(options)),
      m_current(WarehouseSnapshot::empty(m_options.cache_budget_bytes)) {
  if (!m_options.postgres_url.empty()) {
    m_postgres = std::make_unique<PgWarehouseReader>(
        PgWarehouseReaderOptions{.url = m_options.postgres_url,
                                 .pool_size = m_options.pool_size,
                                 .cache_budget_bytes = m_options.cache_budget_bytes,
                                 .check_interval = m_options.check_interval});
    return;
  }
  refresh();
}

int64_t WarehouseReader::swaps() const {
  return m_postgres ? m_postgres->swaps() : m_swaps.load();
}

std::string WarehouseReader::location() const {
  return m_postgres ? m_postgres->location() : m_options.path.string();
}

std::shared_ptr<WarehouseView> WarehouseReader::current() {
  if (m_postgres) return m_postgres->current();
  if (m_check_throttle.due()) refresh();
  std::lock_guard lock(m_mutex);
  return m_current;
}

std::string WarehouseReader::last_open_error() const {
  if (m_postgres) return m_postgres->last_open_error();
  std::lock_guard lock(m_mutex);
  return m_last_open_error;
}

void WarehouseReader::refresh() {
  std::unique_lock refresh_lock(m_refresh_mutex, std::try_to_lock);
  if (!refresh_lock.owns_lock()) return;  // someone else is opening the new file
  const auto identity = file_identity(m_options.path);
  std::shared_ptr<WarehouseSnapshot> serving;
  {
    std::lock_guard lock(m_mutex);
    serving = m_current;
  }
  if (identity == serving->identity()) return;
  if (!identity) {
    // The file disappeared (removed by hand): nothing is published any more.
    std::lock_guard lock(m_mutex);
    m_current = WarehouseSnapshot::empty(m_options.cache_budget_bytes);
    return;
  }
  if (identity == m_failed_identity) return;
  auto opened = WarehouseSnapshot::open(m_options.path, *identity, m_options.duck,
                                        m_options.cache_budget_bytes);
  if (!opened) {
    spdlog::warn("cannot open the published warehouse {}: {} (still serving the previous one)",
                 m_options.path.string(), opened.error().message);
    std::lock_guard lock(m_mutex);
    m_last_open_error = opened.error().message;
    m_failed_identity = identity;
    return;
  }
  std::lock_guard lock(m_mutex);
  m_current = std::move(*opened);
  m_last_open_error.clear();
  m_failed_identity.reset();
  if (serving->present()) ++m_swaps;
}

}  // namespace reelhouse::server
