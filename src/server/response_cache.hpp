// A bounded cache of rendered API answers for one warehouse snapshot.
//
// A published warehouse never changes (a new one replaces it whole), so an answer computed
// from a snapshot stays right for as long as that snapshot serves: the cache lives inside the
// snapshot and goes away with it — no invalidation logic. Keys are the route plus the
// request's canonical parameters. The byte budget is a hard bound: when an insert would exceed
// it, the cache is emptied first (cheap, and answers are recomputed in well under a ms).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace reelhouse::server {

class ResponseCache {
 public:
  explicit ResponseCache(int64_t budget_bytes) : m_budget_bytes(budget_bytes) {}

  // The cached body for `key`, or nullptr.
  std::shared_ptr<const std::string> find(const std::string& key) const;

  // Stores `body` under `key` (bodies larger than a quarter of the budget are not cached).
  void insert(const std::string& key, std::shared_ptr<const std::string> body);

  int64_t bytes() const;

 private:
  int64_t m_budget_bytes;
  mutable std::mutex m_mutex;
  std::unordered_map<std::string, std::shared_ptr<const std::string>> m_entries;
  int64_t m_bytes = 0;
};

}  // namespace reelhouse::server
