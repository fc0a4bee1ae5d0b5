// Which fault, if any, the simulator injects into one request.
#pragma once

#include <string_view>

#include "providers/simulator/provider_simulator.hpp"

namespace reelhouse::providers::sim {

enum class Fault { none, error_500, error_503, hang, truncated, invalid_json, rate_limited, reset };

// Maps one uniform draw in [0, 1) to a fault: the probabilities of `faults` are stacked in
// declaration order (500, 503, hang, truncated, invalid JSON, 429, reset), so at most one
// fault applies and each occurs with its own probability.
Fault choose_fault(const EndpointFaults& faults, double uniform);

std::string_view to_string(Fault fault);

}  // namespace reelhouse::providers::sim
