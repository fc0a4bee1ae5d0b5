#include "server/response_cache.hpp"

namespace reelhouse::server {

std::shared_ptr<const std::string> ResponseCache::find(const std::string& key) const {
  std::lock_guard lock(m_mutex);
  const auto found = m_entries.find(key);
  return found == m_entries.end() ? nullptr : found->second;
}

void ResponseCache::insert(const std::string& key, std::shared_ptr<const std::string> body) {
  const auto size = static_cast<int64_t>(key.size() + body->size());
  if (m_budget_bytes <= 0 || size > m_budget_bytes / 4) return;
  std::lock_guard lock(m_mutex);
  if (m_bytes + size > m_budget_bytes) {
    m_entries.clear();
    m_bytes = 0;
  }
  if (m_entries.emplace(key, std::move(body)).second) m_bytes += size;
}

int64_t ResponseCache::bytes() const {
  std::lock_guard lock(m_mutex);
  return m_bytes;
}

}  // namespace reelhouse::server
