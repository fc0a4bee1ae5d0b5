// The simulator's current prices: epoch 0 is the catalogue's initial prices; each
// advance() moves to the next epoch, changing about `change_rate` of the (provider, film)
// prices. Deterministic: the same seed and the same sequence of rates give the same prices.
// Not thread-safe: the simulator guards it with a lock.
#pragma once

#include <cstdint>
#include <vector>

#include "providers/simulator/sim_catalogue.hpp"

namespace reelhouse::providers::sim {

class PriceBook {
 public:
  PriceBook(const Catalogue& catalogue, uint64_t seed);

  // The current price of position `position` on shelf `shelf` (indices into the catalogue).
  int64_t cents(size_t shelf, uint32_t position) const { return m_cents[shelf][position]; }
  int64_t epoch() const { return m_epoch; }

  // Next epoch; returns how many prices changed. A changed price moves by −25%…+30% in
  // steps of 0.5, never to its old value nor to another provider's price for the same film.
  int64_t advance(double change_rate);

 private:
  const Catalogue* m_catalogue;
  uint64_t m_seed;
  int64_t m_epoch = 0;
  std::vector<std::vector<int64_t>> m_cents;        // [shelf][position]
  std::vector<std::vector<int32_t>> m_position_of;  // [shelf][film] → position or -1
};

}  // namespace reelhouse::providers::sim
