// Lifecycle of the provider simulator: building the catalogue, binding, serving on a thread
// pool big enough for hung requests, and a prompt stop (see provider_simulator.hpp).
#include "providers/simulator/provider_simulator.hpp"

#include <sys/socket.h>

#include <csignal>

#include "providers/provider_json_writer.hpp"
#include "providers/simulator/connection_drop.hpp"
#include "providers/simulator/simulator_state.hpp"

namespace reelhouse::providers::sim {

ProfileSnapshot::ProfileSnapshot(FaultProfile source)
    : profile(std::move(source)), default_latency(profile.defaults.latency) {
  for (const auto& [provider, faults] : profile.per_provider) {
    latency_by_provider.emplace(provider, LatencySampler(faults.latency));
  }
}

const LatencySampler& ProfileSnapshot::latency_for(const std::string& provider) const {
  const auto found = latency_by_provider.find(provider);
  return found == latency_by_provider.end() ? default_latency : found->second;
}

std::shared_ptr<const ProfileSnapshot> ProviderSimulator::State::current_profile() const {
  std::lock_guard lock(profile_mutex);
  return profile;
}

void ProviderSimulator::State::replace_profile(FaultProfile next) {
  auto snapshot = std::make_shared<const ProfileSnapshot>(std::move(next));
  std::lock_guard lock(profile_mutex);
  profile = std::move(snapshot);
}

bool ProviderSimulator::State::sleep_unless_stopping(
    std::chrono::duration<double, std::milli> duration) {
  std::unique_lock lock(stop_mutex);
  if (duration.count() <= 0) return !stopping;
  return !stop_signal.wait_for(lock, duration, [this] { return stopping; });
}

void ProviderSimulator::State::count_request(const std::string& endpoint) {
  std::lock_guard lock(stats_mutex);
  ++stats[endpoint].requests;
}

void ProviderSimulator::State::count_outcome(const std::string& endpoint, bool ok, bool fault) {
  std::lock_guard lock(stats_mutex);
  EndpointStats& entry = stats[endpoint];
  entry.ok += ok ? 1 : 0;
  entry.faults += fault ? 1 : 0;
}

Result<std::unique_ptr<ProviderSimulator>> ProviderSimulator::start(SimulatorOptions options) {
  if (options.movies < 0) {
    return make_error(ErrorCode::invalid_argument, "--movies must be ≥ 0 (got {})", options.movies);
  }
  if (options.providers.empty()) {
    return make_error(ErrorCode::invalid_argument, "the simulator needs at least one provider");
  }
  if (options.threads < 2) {
    return make_error(ErrorCode::invalid_argument, "the simulator needs ≥ 2 threads (got {})",
                      options.threads);
  }
  // A dropped connection makes the next write fail; that must not kill the process.
  std::signal(SIGPIPE, SIG_IGN);

  auto state = std::make_unique<State>();
  state->options = std::move(options);
  state->catalogue = state->options.movies == 0
                         ? builtin_catalogue(state->options.providers)
                         : generated_catalogue(state->options.movies, state->options.seed,
                                               state->options.providers);
  for (const ProviderShelf& shelf : state->catalogue.shelves) {
    std::vector<ListedMovie> listed;
    listed.reserve(shelf.films.size());
    for (uint32_t position = 0; position < shelf.films.size(); ++position) {
      listed.push_back(state->catalogue.listed(shelf, position));
    }
    state->list_bodies.push_back(render_movie_list(listed));
  }
  state->prices = std::make_unique<PriceBook>(state->catalogue, state->options.seed);
  state->replace_profile(state->options.profile);

  httplib::Server& server = state->server;
  const auto threads = static_cast<size_t>(state->options.threads);
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server.set_keep_alive_timeout(2);
  server.set_keep_alive_max_count(1000);  // clients may reuse a connection, as with the real API
  server.set_tcp_nodelay(true);
  // httplib's default is SO_REUSEPORT, which lets a second server silently share a busy port.
  server.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  state->install_routes();

  const std::string& bind = state->options.bind;
  if (state->options.port == 0) {
    state->port = server.bind_to_any_port(bind);
    if (state->port <= 0) {
      return make_error(ErrorCode::connection, "cannot bind the simulator to {} on any port", bind);
    }
  } else {
    if (!server.bind_to_port(bind, state->options.port)) {
      return make_error(ErrorCode::connection,
                        "cannot bind the simulator to {}:{} (in use? try --port 0)", bind,
                        state->options.port);
    }
    state->port = state->options.port;
  }
  // The socket listens from here on: connections queue until the listener thread accepts.
  State* raw = state.get();
  state->listener = std::thread([raw] { raw->server.listen_after_bind(); });
  // stop() only takes effect once the server runs: wait for it (a few ms at most).
  for (int wait = 0; wait < 5000 && !server.is_running(); ++wait) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return std::unique_ptr<ProviderSimulator>(new ProviderSimulator(std::move(state)));
}

ProviderSimulator::ProviderSimulator(std::unique_ptr<State> state) : m_state(std::move(state)) {}

ProviderSimulator::~ProviderSimulator() {
  stop();
}

void ProviderSimulator::stop() {
  {
    std::lock_guard lock(m_state->stop_mutex);
    if (m_state->stopping && !m_state->listener.joinable()) return;
    m_state->stopping = true;
  }
  m_state->stop_signal.notify_all();
  m_state->server.stop();
  // Idle keep-alive connections would hold their worker for the keep-alive timeout.
  shutdown_all_connections(m_state->port);
  if (m_state->listener.joinable()) m_state->listener.join();
}

int ProviderSimulator::port() const {
  return m_state->port;
}

std::string ProviderSimulator::base_url() const {
  const std::string& bind = m_state->options.bind;
  const std::string host = bind == "0.0.0.0" || bind == "::" ? "127.0.0.1" : bind;
  return fmt::format("http://{}:{}/api/", host, m_state->port);
}

int64_t ProviderSimulator::movie_count() const {
  return static_cast<int64_t>(m_state->catalogue.films.size());
}

void ProviderSimulator::set_profile(FaultProfile profile) {
  m_state->replace_profile(std::move(profile));
}

FaultProfile ProviderSimulator::profile() const {
  return m_state->current_profile()->profile;
}

void ProviderSimulator::advance_prices() {
  const double rate = m_state->current_profile()->profile.price_change_rate;
  std::unique_lock lock(m_state->prices_mutex);
  m_state->prices->advance(rate);
}

int64_t ProviderSimulator::price_epoch() const {
  std::shared_lock lock(m_state->prices_mutex);
  return m_state->prices->epoch();
}

std::vector<std::pair<std::string, std::vector<MovieDetail>>> ProviderSimulator::offered() const {
  std::vector<std::pair<std::string, std::vector<MovieDetail>>> result;
  std::shared_lock lock(m_state->prices_mutex);
  const auto& shelves = m_state->catalogue.shelves;
  for (size_t s = 0; s < shelves.size(); ++s) {
    std::vector<MovieDetail> details;
    details.reserve(shelves[s].films.size());
    for (uint32_t position = 0; position < shelves[s].films.size(); ++position) {
      details.push_back(
          m_state->catalogue.detail(shelves[s], position, m_state->prices->cents(s, position)));
    }
    result.emplace_back(shelves[s].provider, std::move(details));
  }
  return result;
}

std::map<std::string, EndpointStats> ProviderSimulator::stats() const {
  std::lock_guard lock(m_state->stats_mutex);
  return m_state->stats;
}

}  // namespace reelhouse::providers::sim
