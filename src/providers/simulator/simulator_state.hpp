// The inside of a running ProviderSimulator, shared by its lifecycle code
// (provider_simulator.cpp) and its HTTP routes (simulator_routes.cpp).
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>
#include <vector>

#include "providers/simulator/latency_sampler.hpp"
#include "providers/simulator/price_book.hpp"
#include "providers/simulator/provider_simulator.hpp"
#include "providers/simulator/sim_catalogue.hpp"

namespace reelhouse::providers::sim {

// A profile with its latency samplers, swapped as a whole when the profile changes.
struct ProfileSnapshot {
  FaultProfile profile{};
  LatencySampler default_latency{LatencyProfile{}};
  std::map<std::string, LatencySampler> latency_by_provider{};

  explicit ProfileSnapshot(FaultProfile source);
  const LatencySampler& latency_for(const std::string& provider) const;
};

struct ProviderSimulator::State {
  SimulatorOptions options{};
  Catalogue catalogue{};
  std::vector<std::string> list_bodies{};  // per shelf: the list never changes

  mutable std::shared_mutex prices_mutex{};
  std::unique_ptr<PriceBook> prices{};

  mutable std::mutex profile_mutex{};
  std::shared_ptr<const ProfileSnapshot> profile{};

  std::atomic<uint64_t> request_counter{0};  // one random stream per request

  mutable std::mutex stats_mutex{};
  std::map<std::string, EndpointStats> stats{};

  std::mutex stop_mutex{};
  std::condition_variable stop_signal{};
  bool stopping = false;

  httplib::Server server{};
  std::thread listener{};
  int port = 0;

  std::shared_ptr<const ProfileSnapshot> current_profile() const;
  void replace_profile(FaultProfile profile);
  // Sleeps for `duration` unless stopping; returns false when the simulator is stopping.
  bool sleep_unless_stopping(std::chrono::duration<double, std::milli> duration);
  // A request is counted when it arrives, its outcome when it is decided.
  void count_request(const std::string& endpoint);
  void count_outcome(const std::string& endpoint, bool ok, bool fault);
  // Installs the /api and /_simulator routes on `server`.
  void install_routes();
};

}  // namespace reelhouse::providers::sim
