// The flaky movie-price provider simulator (`reelhouse simulate-providers`, and tests).
//
// Serves `GET /api/{provider}/movies` and `GET /api/{provider}/movie/{ID}` exactly like the
// real cinemaworld/filmworld API (pretty-printed JSON, every value a string, `x-access-token`
// checked), from a built-in catalogue of our own or a generated one of any size, and injects
// the faults of a profile per (provider, endpoint): 500/503, requests that never answer,
// latency drawn from a p50/p90/p99/max distribution, truncated or invalid JSON with status
// 200, 429 with Retry-After, connection resets and providers fully down. Prices are a
// deterministic function of (seed, provider, film, epoch) and change between epochs.
//
// Each API request goes through, in order: the sampled latency; the token (401); the provider
// (404); `down`; one fault draw for the endpoint; the film ID (404); the 200 answer.
//
// Control endpoints (no token, loopback): `POST /_simulator/profile` (body: a profile name,
// which keeps the running time_scale, or a profile file path), `POST /_simulator/advance-prices`,
// `GET /_simulator/stats`.
//
// Hung requests each hold a worker thread until they end, the client gives up, or stop();
// starting a simulator ignores SIGPIPE process-wide (dropped connections must not kill it).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "providers/provider_film.hpp"

namespace reelhouse::providers::sim {

// Probabilities per request (0..1) of each fault on one endpoint; at most one fault is
// applied to a request (they are drawn in this order from one uniform number).
struct EndpointFaults {
  double error_500 = 0;
  double error_503 = 0;
  double hang = 0;              // hold the request hang_seconds × time_scale, then drop it
  double truncated = 0;         // 200 with the body cut in the middle
  double invalid_json = 0;      // 200 with a body that is not JSON
  double rate_limited = 0;      // 429 with Retry-After
  double reset = 0;             // connection closed mid-response
  int retry_after_seconds = 1;  // sent as is in Retry-After (not scaled)
};

// Latency before the response headers, as quantiles; all zero means no added latency.
struct LatencyProfile {
  double p50_ms = 0;
  double p90_ms = 0;
  double p99_ms = 0;
  double max_ms = 0;
};

struct ProviderFaults {
  EndpointFaults list{};    // GET /api/{provider}/movies
  EndpointFaults detail{};  // GET /api/{provider}/movie/{ID}
  LatencyProfile latency{};
  bool down = false;  // every request fails (503 or a closed connection)
};

struct FaultProfile {
  std::string name{};
  ProviderFaults defaults{};                             // for every provider
  std::map<std::string, ProviderFaults> per_provider{};  // overrides by provider name
  double time_scale = 1.0;  // multiplies every latency and hang duration (0.001 = ms)
  double hang_seconds = 100;
  double price_change_rate = 0.05;  // fraction of films whose price changes per price epoch

  // The faults of `provider`: its override when present, else the defaults.
  const ProviderFaults& faults_for(std::string_view provider) const;
};

// The names accepted by load_fault_profile besides a file path.
std::vector<std::string> fault_profile_names();

// A named profile — "none", "recorded" (≈4.8% 500 + 4.8% 503, ≈3.8% hang, latency p50 0.6 s,
// p90 2.7 s, p99 7.5 s, max 32 s; detail slightly worse than list), "chaos" (50% 5xx, 10% hang,
// 5% truncated, 5% 429, 2% invalid JSON, 2% reset), "down-cinemaworld", "down-filmworld" —
// or a TOML file with the same fields (see fault_profile_toml.hpp). Errors name the file/key.
Result<FaultProfile> load_fault_profile(std::string_view name_or_path);

struct SimulatorOptions {
  std::string bind = "127.0.0.1";
  int port = 0;        // 0: pick a free port
  int64_t movies = 0;  // 0: the built-in catalogue; N: a generated one of N films
  uint64_t seed = 1;
  FaultProfile profile{};
  std::string token = "reelhouse-simulator";
  int threads = 64;  // worker threads: hung requests each hold one
  std::vector<std::string> providers = {"cinemaworld", "filmworld"};
};

struct EndpointStats {
  int64_t requests = 0;  // counted on arrival, before the latency
  int64_t ok = 0;        // answered 200 with the complete, valid body
  int64_t faults = 0;    // got an injected fault (or the provider was down)
};

class ProviderSimulator {
 public:
  // Builds the catalogue, binds and starts serving on a background thread.
  static Result<std::unique_ptr<ProviderSimulator>> start(SimulatorOptions options);
  ~ProviderSimulator();  // stops, releasing hung requests promptly

  ProviderSimulator(const ProviderSimulator&) = delete;
  ProviderSimulator& operator=(const ProviderSimulator&) = delete;

  int port() const;
  std::string base_url() const;  // "http://127.0.0.1:<port>/api/"
  int64_t movie_count() const;   // films in the catalogue (the union over providers)
  void set_profile(FaultProfile profile);
  FaultProfile profile() const;
  void advance_prices();  // next price epoch: ~price_change_rate of films change price
  int64_t price_epoch() const;
  // What each provider offers now, in list order, with current prices (test oracles).
  std::vector<std::pair<std::string, std::vector<MovieDetail>>> offered() const;
  std::map<std::string, EndpointStats> stats() const;  // key "cinemaworld/movies" etc.
  void stop();                                         // idempotent

  struct State;  // implementation (provider_simulator.cpp)

 private:
  explicit ProviderSimulator(std::unique_ptr<State> state);
  std::unique_ptr<State> m_state;
};

}  // namespace reelhouse::providers::sim
