// Stacked fault probabilities (see fault_choice.hpp).
#include "providers/simulator/fault_choice.hpp"

#include <array>
#include <utility>

namespace reelhouse::providers::sim {

Fault choose_fault(const EndpointFaults& faults, double uniform) {
  const std::array<std::pair<double, Fault>, 7> stack{{
      {faults.error_500, Fault::error_500},
      {faults.error_503, Fault::error_503},
      {faults.hang, Fault::hang},
      {faults.truncated, Fault::truncated},
      {faults.invalid_json, Fault::invalid_json},
      {faults.rate_limited, Fault::rate_limited},
      {faults.reset, Fault::reset},
  }};
  double upper = 0.0;
  for (const auto& [probability, fault] : stack) {
    upper += probability;
    if (uniform < upper) return fault;
  }
  return Fault::none;
}

std::string_view to_string(Fault fault) {
  switch (fault) {
    case Fault::none:
      return "none";
    case Fault::error_500:
      return "error_500";
    case Fault::error_503:
      return "error_503";
    case Fault::hang:
      return "hang";
    case Fault::truncated:
      return "truncated";
    case Fault::invalid_json:
      return "invalid_json";
    case Fault::rate_limited:
      return "rate_limited";
    case Fault::reset:
      return "reset";
  }
  return "unknown";
}

}  // namespace reelhouse::providers::sim
