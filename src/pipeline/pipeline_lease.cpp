// PipelineLease: taking, renewing (heartbeat thread) and releasing a pipeline's catalog lease.
#include "pipeline/pipeline_lease.hpp"

#include <signal.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <climits>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <random>
#include <thread>

#include "catalog/catalog.hpp"

namespace reelhouse::pipeline {

namespace {

// How often a waiting contender looks at the lease again (at most).
constexpr std::chrono::milliseconds k_max_poll{500};

std::string host_name() {
  std::array<char, HOST_NAME_MAX + 1> name{};
  if (gethostname(name.data(), name.size()) != 0) return "localhost";
  name.back() = '\0';
  return name.data();
}

// The pid of a holder "<host>:<pid>:<nonce>" when it runs on this host, else nullopt.
std::optional<int64_t> local_holder_pid(std::string_view holder) {
  const size_t nonce_colon = holder.rfind(':');
  if (nonce_colon == std::string_view::npos || nonce_colon == 0) return std::nullopt;
  const size_t pid_colon = holder.rfind(':', nonce_colon - 1);
  if (pid_colon == std::string_view::npos) return std::nullopt;
  if (holder.substr(0, pid_colon) != host_name()) return std::nullopt;
  const std::string_view digits = holder.substr(pid_colon + 1, nonce_colon - pid_colon - 1);
  int64_t pid = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), pid);
  if (error != std::errc{} || end != digits.data() + digits.size()) return std::nullopt;
  return pid;
}

bool process_is_gone(int64_t pid) {
  if (pid <= 0 || pid > INT_MAX) return false;
  return kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
}

std::string refusal_message(std::string_view what, const catalog::LeaseRecord& current,
                            std::chrono::milliseconds waited) {
  const std::string run = current.run_id ? fmt::format("run {}, ", *current.run_id) : std::string();
  const std::string after =
      waited.count() > 0 ? fmt::format(" after waiting {} ms", waited.count()) : std::string();
  return fmt::format(
      "{} is already running{} ({}held by {} since {}); wait for it (--wait SECONDS) or try "
      "later",
      what, after, run, holder_process(current.holder), current.acquired_at);
}

}  // namespace

struct PipelineLease::State {
  std::string name;
  std::string holder;
  std::chrono::milliseconds ttl{};
  std::optional<catalog::Catalog> catalog;  // the heartbeat's connection; guarded by mutex
  std::mutex mutex;
  std::condition_variable wake;
  bool stopping = false;  // guarded by mutex
  std::atomic<bool> lost{false};
  std::thread heartbeat;

  void beat() {
    auto last_renewal = std::chrono::steady_clock::now();
    std::unique_lock lock(mutex);
    while (true) {
      wake.wait_for(lock, ttl / 3, [this] { return stopping; });
      if (stopping) return;
      const auto renewed = catalog->renew_lease(name, holder, ttl);
      if (renewed && *renewed) {
        last_renewal = std::chrono::steady_clock::now();
        continue;
      }
      if (renewed) {
        spdlog::error("lease {} of {} was taken over by another holder", name, holder);
        lost = true;
        return;
      }
      spdlog::warn("lease {}: cannot renew: {}", name, renewed.error().message);
      if (std::chrono::steady_clock::now() - last_renewal > ttl) {
        spdlog::error("lease {}: not renewed for longer than its {} ms; it may be taken over", name,
                      ttl.count());
        lost = true;
        return;
      }
    }
  }
};

std::string pipeline_lease_name(std::string_view pipeline) {
  return fmt::format("pipeline:{}", pipeline);
}

std::string new_lease_holder() {
  static std::atomic<uint64_t> counter{0};
  std::random_device device;
  const uint64_t nonce = (static_cast<uint64_t>(device()) << 32) ^ device() ^ ++counter;
  return fmt::format("{}:{}:{:08x}", host_name(), getpid(), nonce & 0xffffffffULL);
}

std::string_view holder_process(std::string_view holder) {
  const size_t nonce_colon = holder.rfind(':');
  if (nonce_colon == std::string_view::npos) return holder;
  return holder.substr(0, nonce_colon);
}

Result<PipelineLease> PipelineLease::acquire(const Config& config, std::string_view pipeline,
                                             std::chrono::milliseconds wait) {
  const auto ttl =
      std::chrono::milliseconds{std::max<int64_t>(1, config.runtime.lease_seconds) * 1000};
  return acquire_named(config.catalog_location(), pipeline_lease_name(pipeline),
                       fmt::format("pipeline {}", pipeline), ttl, wait);
}

Result<PipelineLease> PipelineLease::acquire_named(const std::filesystem::path& catalog_path,
                                                   std::string name, std::string_view what,
                                                   std::chrono::milliseconds ttl,
                                                   std::chrono::milliseconds wait) {
  auto state = std::make_unique<State>();
  state->name = std::move(name);
  state->holder = new_lease_holder();
  state->ttl = ttl;
  state->catalog.emplace(TRY(catalog::Catalog::open(catalog_path)));

  const auto start = std::chrono::steady_clock::now();
  const auto deadline = start + wait;
  std::string dead_holder_released;
  while (true) {
    const auto attempt = TRY(state->catalog->try_acquire_lease(state->name, state->holder, ttl));
    if (attempt.acquired) break;
    // A holder that was a process of this host which no longer exists cannot renew: take
    // its lease now rather than after the expiry (once per holder, in case it reappears).
    if (const auto pid = local_holder_pid(attempt.lease.holder);
        pid && attempt.lease.holder != dead_holder_released && process_is_gone(*pid)) {
      spdlog::warn("{}: lease holder {} is a dead process; taking its lease over", what,
                   attempt.lease.holder);
      TRY(state->catalog->release_lease(state->name, attempt.lease.holder));
      dead_holder_released = attempt.lease.holder;
      continue;
    }
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) {
      return make_error(
          ErrorCode::busy, "{}",
          refusal_message(what, attempt.lease,
                          std::chrono::duration_cast<std::chrono::milliseconds>(now - start)));
    }
    const auto remaining = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now);
    std::this_thread::sleep_for(
        std::min({remaining, k_max_poll, std::max(ttl / 4, std::chrono::milliseconds{1})}));
  }
  spdlog::debug("{}: lease {} taken by {}", what, state->name, state->holder);
  State* raw = state.get();
  state->heartbeat = std::thread([raw] { raw->beat(); });
  return PipelineLease(std::move(state));
}

PipelineLease::PipelineLease(std::unique_ptr<State> state) : m_state(std::move(state)) {}

PipelineLease::PipelineLease(PipelineLease&&) noexcept = default;

PipelineLease& PipelineLease::operator=(PipelineLease&& other) noexcept {
  if (this != &other) {
    release();
    m_state = std::move(other.m_state);
  }
  return *this;
}

PipelineLease::~PipelineLease() {
  release();
}

void PipelineLease::release() {
  if (!m_state) return;
  {
    std::lock_guard lock(m_state->mutex);
    m_state->stopping = true;
  }
  m_state->wake.notify_all();
  if (m_state->heartbeat.joinable()) m_state->heartbeat.join();
  if (!m_state->lost) {
    if (auto released = m_state->catalog->release_lease(m_state->name, m_state->holder);
        !released) {
      spdlog::warn("lease {}: cannot release (it expires on its own): {}", m_state->name,
                   released.error().message);
    }
  }
  m_state.reset();
}

bool PipelineLease::lost() const {
  return m_state == nullptr || m_state->lost;
}

Result<> PipelineLease::set_run(int64_t run_id) {
  std::lock_guard lock(m_state->mutex);
  return m_state->catalog->set_lease_run(m_state->name, m_state->holder, run_id);
}

const std::string& PipelineLease::holder() const {
  return m_state->holder;
}

const std::string& PipelineLease::name() const {
  return m_state->name;
}

}  // namespace reelhouse::pipeline
