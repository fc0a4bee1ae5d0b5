// Price epochs of the simulator (see price_book.hpp).
#include "providers/simulator/price_book.hpp"

#include <algorithm>

#include "util/random.hpp"

namespace reelhouse::providers::sim {

namespace {
constexpr uint64_t k_change_stream = 7001;
}

PriceBook::PriceBook(const Catalogue& catalogue, uint64_t seed)
    : m_catalogue(&catalogue), m_seed(seed) {
  for (const ProviderShelf& shelf : catalogue.shelves) {
    m_cents.push_back(shelf.initial_cents);
    std::vector<int32_t> position_of(catalogue.films.size(), -1);
    for (size_t position = 0; position < shelf.films.size(); ++position) {
      position_of[shelf.films[position]] = static_cast<int32_t>(position);
    }
    m_position_of.push_back(std::move(position_of));
  }
}

int64_t PriceBook::advance(double change_rate) {
  ++m_epoch;
  int64_t changed = 0;
  const auto& shelves = m_catalogue->shelves;
  for (size_t s = 0; s < shelves.size(); ++s) {
    const ProviderShelf& shelf = shelves[s];
    for (size_t position = 0; position < shelf.films.size(); ++position) {
      const uint32_t film = shelf.films[position];
      util::Rng rng(util::stream_seed(m_seed, k_change_stream + static_cast<uint64_t>(m_epoch),
                                      (static_cast<uint64_t>(s) << 32) | film));
      if (!rng.chance(change_rate)) continue;
      int64_t& price = m_cents[s][position];
      const double factor = 0.75 + 0.55 * rng.uniform();
      int64_t next = std::max<int64_t>(
          50, static_cast<int64_t>(static_cast<double>(price) * factor / 50.0 + 0.5) * 50);
      // Never the old price, never another provider's current price for this film.
      for (int guard = 0; guard < 16; ++guard) {
        bool clash = next == price;
        for (size_t other = 0; other < shelves.size() && !clash; ++other) {
          const int32_t at = m_position_of[other][film];
          clash = other != s && at >= 0 && m_cents[other][static_cast<size_t>(at)] == next;
        }
        if (!clash) break;
        next += 50;
      }
      price = next;
      ++changed;
    }
  }
  return changed;
}

}  // namespace reelhouse::providers::sim
