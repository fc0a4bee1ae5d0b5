#include "providers/ingest/ingest_engine.hpp"

#include <algorithm>
#include <memory>
#include <random>
#include <thread>
#include <unordered_map>

#include "fetch/sha256.hpp"
#include "providers/ingest/curl_transfer.hpp"
#include "providers/ingest/ingest_job.hpp"
#include "providers/ingest/provider_lists.hpp"
#include "providers/ingest/raw_store.hpp"
#include "providers/ingest/request_outcome.hpp"
#include "providers/ingest/retry_delay.hpp"
#include "providers/provider_json.hpp"

namespace reelhouse::providers::ingest {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr int64_t k_sync_every_files = 1000;  // stored bodies between two syncfs
constexpr milliseconds k_longest_poll{100};   // the loop wakes at least this often

int64_t whole_milliseconds(Clock::duration duration) {
  return std::chrono::duration_cast<milliseconds>(duration).count();
}

// One request on the wire: its transfer and the job it serves. A hedged film has two: the
// original and its hedge, each naming the other as `twin` while both are on the wire.
struct ActiveTransfer {
  std::unique_ptr<ProviderTransfer> transfer;
  IngestJob job;
  int attempt = 0;          // the number this attempt has in the request log
  bool hedge = false;       // this is the duplicate of a slow attempt (as logged)
  bool hedge_slot = false;  // counts in hedges_in_flight: a hedge whose original is still on
  bool hedged = false;      // a hedge was started for it (or it is one): never hedged again
  CURL* twin = nullptr;     // the other transfer serving the same job, while it is active
};

class IngestEngine {
 public:
  IngestEngine(const IngestRequest& request, CurlMulti multi)
      : m_request(request),
        m_limits(request.limits),
        m_multi(std::move(multi)),
        m_random(request.seed != 0 ? request.seed : std::random_device{}()) {
    m_base_url = request.base_url;
    if (!m_base_url.ends_with('/')) m_base_url += '/';
  }

  Result<IngestReport> run() {
    m_deadline = Clock::now() + m_limits.deadline;
    for (size_t index = 0; index < m_request.providers.size(); ++index) prepare_provider(index);
    TRY(loop());
    return finish();
  }

 private:
  // --- setup -----------------------------------------------------------------------------

  void prepare_provider(size_t index) {
    const std::string& name = m_request.providers[index];
    auto run = std::make_unique<ProviderRun>(
        name, provider_date_directory(m_request.lake_root, name, m_request.ingest_date),
        m_request.run_id,
        CircuitBreaker(m_limits.breaker_failures, m_limits.breaker_open,
                       [] { return Clock::now(); }),
        HedgeDelay(hedge_policy_for(m_limits.request_timeout)));
    ProviderRun& provider = *run;
    m_providers.push_back(std::move(run));
    remove_stale_temporaries(provider.directory);
    if (apply_stored_list(provider, index, m_request)) return;
    provider.ready.push_back(IngestJob{.provider_index = index, .endpoint = Endpoint::movies});
  }

  void apply_list(ProviderRun& provider, std::vector<ListedMovie> films, const std::string& date) {
    ingest::apply_list(provider, index_of(provider), std::move(films), date, m_request.refresh);
  }

  void list_failed(ProviderRun& provider, const std::string& reason) {
    ingest::list_failed(provider, index_of(provider), m_request, reason);
  }

  size_t index_of(const ProviderRun& provider) const {
    for (size_t index = 0; index < m_providers.size(); ++index) {
      if (m_providers[index].get() == &provider) return index;
    }
    return 0;
  }

  // --- the loop --------------------------------------------------------------------------

  Result<> loop() {
    while (true) {
      Clock::time_point now = Clock::now();
      if (now >= m_deadline) {
        if (work_remains()) m_deadline_hit = true;
        TRY(cancel_in_flight());
        return {};
      }
      promote_due_retries(now);
      TRY(start_ready_jobs());
      if (m_active.empty()) {
        const std::optional<Clock::time_point> wake = next_wakeup();
        if (!wake) return {};  // nothing left to do
        if (*wake >= m_deadline) {
          m_deadline_hit = true;
          return {};
        }
        std::this_thread::sleep_until(*wake);
        continue;
      }
      int running = 0;
      curl_multi_perform(m_multi.get(), &running);
      TRY(drain_finished_transfers());
      now = Clock::now();
      promote_due_retries(now);
      TRY(start_ready_jobs());
      Clock::time_point wake = std::min(now + k_longest_poll, m_deadline);
      if (const auto next = next_wakeup()) wake = std::min(wake, *next);
      if (const auto hedge = next_hedge_due()) wake = std::min(wake, *hedge);
      const int64_t timeout_ms = std::max<int64_t>(0, whole_milliseconds(wake - now));
      curl_multi_poll(m_multi.get(), nullptr, 0, static_cast<int>(timeout_ms), nullptr);
    }
  }

  bool work_remains() const {
    if (!m_active.empty()) return true;
    for (const auto& provider : m_providers) {
      if (!provider->ready.empty() || !provider->waiting.empty()) return true;
    }
    return false;
  }

  // The earliest time a job could start without a transfer finishing first: a retry becoming
  // due, or an open breaker letting its trial through. None when nothing waits.
  std::optional<Clock::time_point> next_wakeup() const {
    std::optional<Clock::time_point> wake;
    auto consider = [&](Clock::time_point time) { wake = wake ? std::min(*wake, time) : time; };
    for (const auto& provider : m_providers) {
      if (!provider->waiting.empty()) consider(provider->waiting.begin()->first);
      if (!provider->ready.empty()) {
        if (provider->breaker.state() == BreakerState::open) {
          consider(provider->breaker.reopens_at());
        } else if (may_start_fresh(*provider)) {
          consider(Clock::now());
        }
      }
    }
    return wake;
  }

  void promote_due_retries(Clock::time_point now) {
    for (auto& provider : m_providers) {
      auto& waiting = provider->waiting;
      while (!waiting.empty() && waiting.begin()->first <= now) {
        provider->ready.push_back(std::move(waiting.begin()->second));
        waiting.erase(waiting.begin());
      }
    }
  }

  // The provider's limit on transfers at once, hedges included.
  int total_slots() const { return m_limits.concurrency + extra_hedge_slots(m_limits.concurrency); }

  // Whether a fresh attempt (not a hedge) may start: fewer than `concurrency` of them are on
  // the wire, and the total stays within total_slots(). A hedged pair holds one fresh slot, so
  // a request that hangs together with its hedge never blocks two.
  bool may_start_fresh(const ProviderRun& provider) const {
    return provider.in_flight - provider.hedges_in_flight < m_limits.concurrency &&
           provider.in_flight < total_slots();
  }

  // Whether `active` may get a hedge at all (its due time aside).
  bool may_hedge(const ActiveTransfer& active) const {
    if (!m_limits.hedging || active.hedged || active.job.endpoint != Endpoint::movie) return false;
    const ProviderRun& provider = *m_providers[active.job.provider_index];
    return provider.stopped_reason.empty() && provider.breaker.state() == BreakerState::closed &&
           provider.in_flight < total_slots();
  }

  // A hedge whose original is gone carries the film alone: it holds the pair's fresh slot.
  void release_hedge_slot(ActiveTransfer& active) {
    if (!active.hedge_slot) return;
    active.hedge_slot = false;
    --m_providers[active.job.provider_index]->hedges_in_flight;
  }

  // A pair whose hedge is slow too (older than the hedge delay) most likely has two requests
  // that will never answer. The original, the older, is cancelled and the hedge goes on alone
  // (never hedged again: at most one duplicate per attempt), so the pair gives back its hedge
  // slot instead of holding it until the timeout — with the hedge slots full of such pairs
  // no other hang could be hedged.
  Result<> settle_slow_pairs() {
    const Clock::time_point now = Clock::now();
    std::vector<CURL*> slow;
    for (const auto& [handle, active] : m_active) {
      if (active.hedge_slot && active.twin != nullptr &&
          now - active.transfer->started >=
              m_providers[active.job.provider_index]->hedge_delay.delay()) {
        slow.push_back(handle);
      }
    }
    for (CURL* handle : slow) {
      ActiveTransfer& hedge = m_active.at(handle);
      CURL* original = hedge.twin;
      hedge.twin = nullptr;
      release_hedge_slot(hedge);
      TRY(cancel_twin(original, now));
    }
    return {};
  }

  // When the next hedge becomes due for a provider with a free slot (regular or hedge-only) (none
  // when no attempt could be hedged). Without a free slot a hedge waits for a transfer to finish,
  // which wakes the loop anyway.
  std::optional<Clock::time_point> next_hedge_due() const {
    std::optional<Clock::time_point> due;
    for (const auto& [handle, active] : m_active) {
      if (active.hedge_slot && active.twin != nullptr) {  // settle_slow_pairs
        const Clock::time_point time =
            active.transfer->started + m_providers[active.job.provider_index]->hedge_delay.delay();
        due = due ? std::min(*due, time) : time;
      }
      if (!may_hedge(active)) continue;
      const Clock::time_point time =
          active.transfer->started + m_providers[active.job.provider_index]->hedge_delay.delay();
      due = due ? std::min(*due, time) : time;
    }
    return due;
  }

  // Starts one duplicate of every attempt older than its provider's hedge delay, oldest first,
  // while the provider has a free slot: a regular one, else one of its extra hedge slots.
  Result<> start_due_hedges() {
    if (!m_limits.hedging) return {};
    TRY(settle_slow_pairs());
    const Clock::time_point now = Clock::now();
    std::vector<std::pair<Clock::time_point, CURL*>> due;
    for (const auto& [handle, active] : m_active) {
      if (!may_hedge(active)) continue;
      const Clock::time_point started = active.transfer->started;
      if (now - started >= m_providers[active.job.provider_index]->hedge_delay.delay()) {
        due.emplace_back(started, handle);
      }
    }
    std::sort(due.begin(), due.end());
    for (const auto& [started, handle] : due) {
      const auto found = m_active.find(handle);
      if (found == m_active.end() || !may_hedge(found->second)) continue;
      ProviderRun& provider = *m_providers[found->second.job.provider_index];
      IngestJob copy = found->second.job;
      TRY(start(provider, std::move(copy), handle));
    }
    return {};
  }

  Result<> start_ready_jobs() {
    TRY(start_due_hedges());  // older work first: a hedge takes a freed slot before a new film
    for (auto& provider : m_providers) {
      while (may_start_fresh(*provider) && !provider->ready.empty() &&
             provider->breaker.try_acquire()) {
        IngestJob job = std::move(provider->ready.front());
        provider->ready.pop_front();
        TRY(start(*provider, std::move(job)));
      }
    }
    return {};
  }

  // Starts the next attempt of `job`; with `twin`, as the hedge of that active transfer (the
  // twins then share the attempt count, so the next retry of either gets a fresh number).
  Result<> start(ProviderRun& provider, IngestJob job, CURL* twin = nullptr) {
    if (m_idle_handles.empty()) m_idle_handles.push_back(TRY(fetch::CurlEasy::create()));
    auto transfer = std::make_unique<ProviderTransfer>(std::move(m_idle_handles.back()));
    m_idle_handles.pop_back();
    const Clock::time_point now = Clock::now();
    const std::string url =
        job.endpoint == Endpoint::movies
            ? fmt::format("{}{}/movies", m_base_url, provider.report.provider)
            : fmt::format("{}{}/movie/{}", m_base_url, provider.report.provider, job.movie_id);
    // Not capped by the deadline: the loop itself cancels what is in flight when it comes, and
    // logs those attempts as "deadline" rather than as timeouts.
    configure_transfer(*transfer, url, m_request.token,
                       {.connect = m_limits.connect_timeout, .total = m_limits.request_timeout});
    transfer->started = now;
    transfer->started_wall = std::chrono::system_clock::now();
    ++job.attempts;
    const int attempt = job.attempts;
    CURL* handle = transfer->easy.get();
    if (const CURLMcode code = curl_multi_add_handle(m_multi.get(), handle); code != CURLM_OK) {
      return make_error(ErrorCode::internal, "cannot start a request to {}: {}", url,
                        curl_multi_strerror(code));
    }
    ++provider.in_flight;
    if (twin != nullptr) {
      ++provider.hedges_in_flight;
      ActiveTransfer& original = m_active.at(twin);
      original.twin = handle;
      original.hedged = true;
      original.job.attempts = attempt;
      ++provider.report.hedges;
    }
    m_active.emplace(handle, ActiveTransfer{.transfer = std::move(transfer),
                                            .job = std::move(job),
                                            .attempt = attempt,
                                            .hedge = twin != nullptr,
                                            .hedge_slot = twin != nullptr,
                                            .hedged = twin != nullptr,
                                            .twin = twin});
    return {};
  }

  Result<> drain_finished_transfers() {
    int remaining = 0;
    while (CURLMsg* message = curl_multi_info_read(m_multi.get(), &remaining)) {
      if (message->msg != CURLMSG_DONE) continue;
      CURL* handle = message->easy_handle;
      const CURLcode code = message->data.result;
      auto found = m_active.find(handle);
      if (found == m_active.end()) continue;
      ActiveTransfer active = std::move(found->second);
      m_active.erase(found);
      curl_multi_remove_handle(m_multi.get(), handle);
      Result<> completed = complete(active, code);
      m_idle_handles.push_back(std::move(active.transfer->easy));
      TRY(std::move(completed));
    }
    return {};
  }

  // --- one finished attempt ---------------------------------------------------------------

  Result<> complete(ActiveTransfer& active, CURLcode code) {
    ProviderTransfer& transfer = *active.transfer;
    IngestJob& job = active.job;
    ProviderRun& provider = *m_providers[job.provider_index];
    --provider.in_flight;
    if (active.hedge_slot) --provider.hedges_in_flight;
    const Clock::time_point now = Clock::now();
    const int64_t latency_ms = whole_milliseconds(now - transfer.started);

    Result<> result = finish_transfer(transfer, code);
    std::vector<ListedMovie> films;
    if (result && job.endpoint == Endpoint::movies) {
      auto parsed = parse_movie_list(transfer.body, provider.report.provider);
      if (parsed)
        films = std::move(*parsed);
      else
        result = std::unexpected(parsed.error().with_context(transfer.url));
    } else if (result) {
      auto parsed = parse_movie_detail(transfer.body, job.movie_id);
      if (!parsed) result = std::unexpected(parsed.error().with_context(transfer.url));
    }
    const RequestOutcome outcome = result ? RequestOutcome::ok : outcome_for_error(result.error());
    std::optional<int64_t> retry_after_ms;
    if (transfer.retry_after) {
      retry_after_ms = std::chrono::duration_cast<milliseconds>(*transfer.retry_after).count();
    }
    TRY(log_attempt(provider, job, active.attempt, active.hedge, transfer.started_wall, latency_ms,
                    transfer.status, outcome, retry_after_ms));
    // The other transfer of a hedged pair, when it is still on the wire.
    ActiveTransfer* twin = nullptr;
    if (active.twin != nullptr) {
      if (const auto found = m_active.find(active.twin); found != m_active.end()) {
        twin = &found->second;
      }
    }

    if (result) {
      provider.breaker.record_success();
      if (job.endpoint == Endpoint::movie) {
        provider.hedge_delay.record_success(milliseconds{latency_ms});
      }
      if (twin != nullptr) TRY(cancel_twin(active.twin, now));
      if (active.hedge) ++provider.report.hedges_won;
      if (job.endpoint == Endpoint::movie && provider.collected.contains(job.movie_id)) {
        return {};  // cannot happen (the twin was cancelled), but never store a film twice
      }
      TRY(store(provider, job, transfer, latency_ms));
      if (job.endpoint == Endpoint::movies) {
        provider.report.list_fetched = true;
        provider.report.list_error.clear();
        apply_list(provider, std::move(films), m_request.ingest_date);
      } else {
        provider.collected.insert(job.movie_id);
        provider.last_error.erase(job.movie_id);
        ++provider.report.fetched;
      }
      return {};
    }

    if (counts_against_breaker(outcome))
      provider.breaker.record_failure();
    else
      provider.breaker.record_neutral();
    const std::string& message = result.error().message;
    if (job.endpoint == Endpoint::movie) provider.last_error[job.movie_id] = message;
    if (twin != nullptr) {
      // The twin still carries the film: no retry now; the twin's own result decides. A
      // Retry-After still binds the film's next attempt, should the twin fail too.
      twin->twin = nullptr;
      release_hedge_slot(*twin);
      twin->job.attempts = std::max(twin->job.attempts, job.attempts);
      if (retry_after_ms) {
        twin->job.not_before = std::max(twin->job.not_before, now + milliseconds{*retry_after_ms});
      }
      if (stops_provider(transfer.status)) {
        stop_provider(provider, fmt::format("{}: the provider refused the access token; check "
                                            "providers.token (REELHOUSE_PROVIDERS__TOKEN)",
                                            message));
      }
      return {};
    }
    if (stops_provider(transfer.status)) {
      stop_provider(provider, fmt::format("{}: the provider refused the access token; check "
                                          "providers.token (REELHOUSE_PROVIDERS__TOKEN)",
                                          message));
      if (job.endpoint == Endpoint::movies) list_failed(provider, provider.stopped_reason);
      return {};
    }
    if (is_retryable(outcome) && job.attempts < m_limits.max_attempts) {
      std::optional<milliseconds> retry_after;
      if (retry_after_ms) retry_after = milliseconds{*retry_after_ms};
      const milliseconds delay = retry_delay(job.attempts - 1, m_limits.backoff_initial,
                                             m_limits.backoff_max, retry_after, m_random);
      job.not_before = std::max(job.not_before, now + delay);  // a twin's Retry-After binds
      if (job.endpoint == Endpoint::movies) provider.report.list_error = message;
      provider.waiting.emplace(job.not_before, std::move(job));
      return {};
    }
    if (job.endpoint == Endpoint::movies) {
      list_failed(provider, fmt::format("{} (gave up after {} attempts)", message, job.attempts));
    } else {
      provider.last_error[job.movie_id] =
          fmt::format("{} (gave up after {} attempts)", message, job.attempts);
    }
    return {};
  }

  // The other twin of a pair answered first: its transfer is taken off the wire and logged as
  // "cancelled" (neither success nor failure: no retry, no breaker result, no latency sample).
  Result<> cancel_twin(CURL* handle, Clock::time_point now) {
    const auto found = m_active.find(handle);
    if (found == m_active.end()) return {};
    ActiveTransfer cancelled = std::move(found->second);
    m_active.erase(found);
    curl_multi_remove_handle(m_multi.get(), handle);
    ProviderRun& provider = *m_providers[cancelled.job.provider_index];
    --provider.in_flight;
    if (cancelled.hedge_slot) --provider.hedges_in_flight;
    provider.breaker.record_neutral();
    const Result<> logged = log_attempt(provider, cancelled.job, cancelled.attempt, cancelled.hedge,
                                        cancelled.transfer->started_wall,
                                        whole_milliseconds(now - cancelled.transfer->started), 0,
                                        RequestOutcome::cancelled, std::nullopt);
    m_idle_handles.push_back(std::move(cancelled.transfer->easy));
    return logged;
  }

  void stop_provider(ProviderRun& provider, std::string reason) {
    provider.stopped_reason = std::move(reason);
    provider.ready.clear();
    provider.waiting.clear();
  }

  Result<> store(ProviderRun& provider, const IngestJob& job, const ProviderTransfer& transfer,
                 int64_t latency_ms) {
    const std::filesystem::path path = job.endpoint == Endpoint::movies
                                           ? list_body_path(provider.directory)
                                           : detail_body_path(provider.directory, job.movie_id);
    const ResponseMeta meta{.url = transfer.url,
                            .status = transfer.status,
                            .fetched_at = utc_timestamp_ms(std::chrono::system_clock::now()),
                            .latency_ms = latency_ms,
                            .attempts = job.attempts,
                            .bytes = static_cast<int64_t>(transfer.body.size()),
                            .sha256 = fetch::sha256_hex(transfer.body),
                            .run_id = m_request.run_id};
    TRY(store_response(path, transfer.body, meta));
    if (++m_stored_since_sync >= k_sync_every_files) {
      TRY(sync_lake(m_request.lake_root));
      m_stored_since_sync = 0;
    }
    return {};
  }

  Result<> log_attempt(ProviderRun& provider, const IngestJob& job, int attempt, bool hedge,
                       std::chrono::system_clock::time_point started, int64_t latency_ms,
                       long status, RequestOutcome outcome, std::optional<int64_t> retry_after_ms) {
    ++m_requests;
    ++provider.report.requests;
    const bool flush_due =
        provider.log.append(AttemptRecord{.provider = provider.report.provider,
                                          .endpoint = std::string(to_string(job.endpoint)),
                                          .movie_id = job.movie_id,
                                          .attempt = attempt,
                                          .started_at = utc_timestamp_ms(started),
                                          .latency_ms = latency_ms,
                                          .status = status,
                                          .outcome = outcome,
                                          .retry_after_ms = retry_after_ms,
                                          .hedge = hedge});
    if (flush_due) TRY(provider.log.flush());
    return {};
  }

  // The deadline came: every request still on the wire is abandoned and logged as such.
  Result<> cancel_in_flight() {
    const Clock::time_point now = Clock::now();
    for (auto& [handle, active] : m_active) {
      curl_multi_remove_handle(m_multi.get(), handle);
      ProviderRun& provider = *m_providers[active.job.provider_index];
      --provider.in_flight;
      if (active.hedge_slot) --provider.hedges_in_flight;
      provider.breaker.record_neutral();
      TRY(log_attempt(provider, active.job, active.attempt, active.hedge,
                      active.transfer->started_wall,
                      whole_milliseconds(now - active.transfer->started), 0,
                      RequestOutcome::deadline, std::nullopt));
      if (active.hedge && active.twin != nullptr) continue;  // the original says it once
      if (active.job.endpoint == Endpoint::movie) {
        std::string& last = provider.last_error[active.job.movie_id];
        last = last.empty() ? "the run's deadline came while the request was in flight"
                            : fmt::format("{}; then the run's deadline came", last);
      } else {
        provider.report.list_error = "the run's deadline came while the list request was in flight";
      }
    }
    m_active.clear();
    return {};
  }

  // --- the report -------------------------------------------------------------------------

  Result<IngestReport> finish() {
    IngestReport report;
    report.deadline_hit = m_deadline_hit;
    report.requests = m_requests;
    for (auto& provider_pointer : m_providers) {
      ProviderRun& provider = *provider_pointer;
      if (!provider.list_known) {
        if (provider.report.list_error.empty()) {
          provider.report.list_error = "the run's deadline came before the list was fetched";
        }
        list_failed(provider, provider.report.list_error);
      }
      name_missing_films(provider);
      provider.report.breaker_trips = provider.breaker.trips();
      TRY(provider.log.flush());
      report.providers.push_back(std::move(provider.report));
    }
    TRY(sync_lake(m_request.lake_root));
    return report;
  }

  const IngestRequest& m_request;
  const IngestLimits m_limits;
  CurlMulti m_multi;
  std::mt19937_64 m_random;
  std::string m_base_url;
  Clock::time_point m_deadline{};
  std::vector<std::unique_ptr<ProviderRun>> m_providers;
  std::unordered_map<CURL*, ActiveTransfer> m_active;
  std::vector<fetch::CurlEasy> m_idle_handles;
  int64_t m_stored_since_sync = 0;
  int64_t m_requests = 0;
  bool m_deadline_hit = false;
};

}  // namespace

Result<IngestReport> run_ingest_engine(const IngestRequest& request) {
  CurlMulti multi = TRY(CurlMulti::create());
  IngestEngine engine(request, std::move(multi));
  return engine.run();
}

}  // namespace reelhouse::providers::ingest
