// Helpers for the simulator tests: start a simulator on loopback and talk to it over real HTTP.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <memory>
#include <string>

#include "providers/simulator/provider_simulator.hpp"

namespace reelhouse::providers::sim::testing {

inline constexpr const char* k_token = "test-token";

// A started simulator (fails the test when it cannot start).
inline std::unique_ptr<ProviderSimulator> start_simulator(SimulatorOptions options = {}) {
  options.token = k_token;
  if (options.profile.name.empty()) options.profile.name = "none";
  auto simulator = ProviderSimulator::start(std::move(options));
  EXPECT_TRUE(simulator.has_value()) << (simulator ? "" : simulator.error().message);
  return simulator ? std::move(*simulator) : nullptr;
}

// A client of `simulator` with short timeouts, sending the right token unless told otherwise.
inline std::unique_ptr<httplib::Client> client_of(const ProviderSimulator& simulator,
                                                  bool with_token = true) {
  auto client = std::make_unique<httplib::Client>("127.0.0.1", simulator.port());
  client->set_connection_timeout(2, 0);
  client->set_read_timeout(5, 0);
  if (with_token) client->set_default_headers({{"x-access-token", k_token}});
  return client;
}

// A profile with one fault at rate 1.0 on both endpoints of every provider.
inline FaultProfile always(double EndpointFaults::*fault) {
  FaultProfile profile{.name = "test"};
  profile.defaults.list.*fault = 1.0;
  profile.defaults.detail.*fault = 1.0;
  profile.time_scale = 0.001;
  return profile;
}

}  // namespace reelhouse::providers::sim::testing
