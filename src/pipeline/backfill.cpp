// Backfills: choosing the dates from the catalog, running them K at a time under one lease, and
// publishing once at the end (see backfill.hpp).
#include "pipeline/backfill.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "pipeline/pipeline_lease.hpp"
#include "pipeline/pipeline_registry.hpp"
#include "pipeline/pipeline_runner.hpp"
#include "pipeline/run_recovery.hpp"
#include "warehouse/publisher.hpp"

namespace reelhouse::pipeline {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// A valid YYYY-MM-DD as a day count; nullopt otherwise.
std::optional<std::chrono::sys_days> parse_date(std::string_view text) {
  if (!is_valid_date(text)) return std::nullopt;
  auto number = [&](size_t offset, size_t length) {
    int value = 0;
    std::from_chars(text.data() + offset, text.data() + offset + length, value);
    return value;
  };
  return std::chrono::sys_days{std::chrono::year_month_day{
      std::chrono::year{number(0, 4)}, std::chrono::month{static_cast<unsigned>(number(5, 2))},
      std::chrono::day{static_cast<unsigned>(number(8, 2))}}};
}

std::string format_date(std::chrono::sys_days day) {
  const std::chrono::year_month_day date{day};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
}

// A DuckDB memory limit ("2GB", "512 MiB", "100000") divided by `parts`, in KB; nullopt when the
// text is not a plain size (e.g. a percentage), which is then left as it is.
std::optional<std::string> divide_memory_limit(std::string_view text, int parts) {
  double value = 0;
  const auto* begin = text.data();
  const auto* end = text.data() + text.size();
  while (begin < end && *begin == ' ') ++begin;
  const auto parsed = std::from_chars(begin, end, value);
  if (parsed.ec != std::errc{} || value <= 0) return std::nullopt;
  std::string unit;
  for (const char* cursor = parsed.ptr; cursor < end; ++cursor) {
    if (*cursor != ' ') unit.push_back(static_cast<char>(std::tolower(*cursor)));
  }
  static const std::pair<std::string_view, double> k_units[] = {
      {"", 1},
      {"b", 1},
      {"kb", 1e3},
      {"mb", 1e6},
      {"gb", 1e9},
      {"tb", 1e12},
      {"kib", 1024},
      {"mib", 1048576.0},
      {"gib", 1073741824.0},
      {"tib", 1099511627776.0},
  };
  for (const auto& [name, factor] : k_units) {
    if (unit == name) {
      const auto kilobytes = static_cast<int64_t>(value * factor / parts / 1000);
      return fmt::format("{}KB", std::max<int64_t>(kilobytes, 1));
    }
  }
  return std::nullopt;
}

// The configuration each of `runs_at_once` concurrent runs gets: the same, with the DuckDB
// threads and memory limit shared out between the runs.
Config share_runtime(const Config& config, int runs_at_once) {
  Config shared = config;
  if (runs_at_once <= 1) return shared;
  const int64_t threads =
      config.runtime.threads > 0
          ? config.runtime.threads
          : static_cast<int64_t>(std::max(2u, std::thread::hardware_concurrency()));
  shared.runtime.threads = std::max<int64_t>(1, threads / runs_at_once);
  if (auto memory = divide_memory_limit(config.runtime.memory_limit, runs_at_once)) {
    shared.runtime.memory_limit = std::move(*memory);
  } else {
    spdlog::warn(
        "runtime.memory_limit \"{}\" is not a size; each of the {} runs at once may use "
        "all of it",
        config.runtime.memory_limit, runs_at_once);
  }
  return shared;
}

// Why a date is skipped under `selection` given its newest run; nullopt when it runs.
std::optional<std::string> skip_reason(const std::optional<catalog::RunRecord>& newest,
                                       BackfillSelection selection) {
  if (!newest) return std::nullopt;
  switch (newest->state) {
    case catalog::RunState::running:
      // We hold the pipeline's lease, so this run's process is gone or ignores leases; a
      // second run of the same date next to it would race it.
      return fmt::format(
          "run {} is still running (process {} on {}); if that process died, `reelhouse run` "
          "recovers the run",
          newest->run_id, newest->pid, newest->host);
    case catalog::RunState::succeeded:
      if (selection == BackfillSelection::force) return std::nullopt;
      return fmt::format("run {} succeeded; --force runs it again", newest->run_id);
    case catalog::RunState::failed:
    case catalog::RunState::cancelled:
      return std::nullopt;
  }
  return std::nullopt;
}

// Runs one date and fills its entry.
void run_one_date(const Config& run_config, const BackfillRequest& request,
                  const std::atomic<bool>* stop_runs, BackfillDate& entry) {
  RunRequest run_request;
  run_request.pipeline = request.pipeline;
  run_request.ingest_date = entry.date;
  run_request.trigger = "backfill";
  run_request.refresh = request.refresh;
  run_request.publish = false;
  run_request.take_lease = false;
  run_request.stop = stop_runs;
  run_request.stopped_by = request.stopped_by;
  const auto start = Clock::now();
  auto outcome = run_pipeline(run_config, run_request);
  entry.seconds = seconds_since(start);
  if (!outcome) {
    const bool stopped = outcome.error().code == ErrorCode::cancelled;
    entry.outcome = stopped ? BackfillOutcome::not_run : BackfillOutcome::failed;
    entry.detail = stopped ? fmt::format("not started: {}", outcome.error().message)
                           : fmt::format("the run could not start: {}", outcome.error().message);
    return;
  }
  entry.run_id = outcome->run_id;
  entry.partial = outcome->partial;
  entry.detail = outcome->error;
  switch (outcome->state) {
    case catalog::RunState::succeeded:
      entry.outcome = BackfillOutcome::succeeded;
      return;
    case catalog::RunState::cancelled:
      entry.outcome = BackfillOutcome::interrupted;
      return;
    case catalog::RunState::failed:
    case catalog::RunState::running:
      break;
  }
  entry.outcome = BackfillOutcome::failed;
  if (entry.detail.empty()) entry.detail = outcome->summary.first_error();
}

Result<> check_request(const BackfillRequest& request) {
  if (request.parallel < 1 || request.parallel > k_max_backfill_parallel) {
    return make_error(ErrorCode::invalid_argument,
                      "--parallel {} is out of range; give 1 to {} dates at once", request.parallel,
                      k_max_backfill_parallel);
  }
  return {};
}

// Runs the chosen entries, `parallel` at a time, until done, stopped or the lease is lost.
void run_dates(const Config& config, const BackfillRequest& request, const PipelineLease& lease,
               std::vector<BackfillDate*> chosen) {
  const int runs_at_once = std::min<int>(request.parallel, static_cast<int>(chosen.size()));
  const Config run_config = share_runtime(config, runs_at_once);
  std::atomic<bool> stop_runs{false};
  std::atomic<size_t> next_entry{0};
  std::atomic<size_t> finished{0};
  std::vector<char> started(chosen.size(), 0);

  // Stops everything once the caller asks or the lease is gone, checked every 100 ms.
  std::mutex monitor_mutex;
  std::condition_variable monitor_wakeup;
  bool workers_done = false;
  std::thread monitor([&] {
    std::unique_lock lock(monitor_mutex);
    while (!workers_done) {
      monitor_wakeup.wait_for(lock, std::chrono::milliseconds(100));
      const bool asked = request.stop && request.stop->load();
      if ((asked || lease.lost()) && !stop_runs.exchange(true)) {
        spdlog::warn("backfill {}: {}; no further date starts and running runs stop",
                     request.pipeline,
                     asked ? "stop requested" : "the pipeline lease was lost to another holder");
      }
    }
  });

  auto stopping = [&] {
    return stop_runs.load() || (request.stop && request.stop->load()) || lease.lost();
  };
  auto worker = [&] {
    while (!stopping()) {
      const size_t index = next_entry.fetch_add(1);
      if (index >= chosen.size()) return;
      started[index] = 1;
      BackfillDate& entry = *chosen[index];
      run_one_date(run_config, request, &stop_runs, entry);
      spdlog::info("backfill {}: {} {}{} in {:.1f} s [{}/{}]", request.pipeline, entry.date,
                   to_string(entry.outcome),
                   entry.run_id ? fmt::format(" (run {})", *entry.run_id) : std::string(),
                   entry.seconds, finished.fetch_add(1) + 1, chosen.size());
    }
  };
  std::vector<std::thread> workers;
  for (int worker_idx = 0; worker_idx < runs_at_once; ++worker_idx) workers.emplace_back(worker);
  for (auto& thread : workers) thread.join();
  {
    std::lock_guard lock(monitor_mutex);
    workers_done = true;
  }
  monitor_wakeup.notify_all();
  monitor.join();

  for (size_t index = 0; index < chosen.size(); ++index) {
    if (started[index]) continue;
    chosen[index]->outcome = BackfillOutcome::not_run;
    chosen[index]->detail = lease.lost() ? "not started: the backfill lost the pipeline lease"
                                         : "not started: the backfill was stopped";
  }
}

// Recovers the pipeline's abandoned or interrupted runs once, under the backfill's lease,
// before the dates are chosen (the runs themselves start with take_lease = false and do not).
Result<> recover_runs(const Config& config, const BackfillRequest& request, PipelineLease& lease) {
  auto catalog = TRY(catalog::Catalog::open(config.catalog_location()));
  const auto recovered =
      TRY(recover_pipeline_runs(config, catalog, request.pipeline, &lease, request.stop));
  if (!recovered.empty()) {
    spdlog::info("backfill {}: recovered {} earlier run(s) before starting", request.pipeline,
                 recovered.size());
  }
  return {};
}

// The newest run of each date of the range that has one.
Result<std::map<std::string, catalog::RunRecord>> newest_runs_by_date(
    const Config& config, const BackfillRequest& request) {
  auto catalog = TRY(catalog::Catalog::open(config.catalog_location()));
  return catalog.latest_runs_by_date(request.pipeline, request.from, request.to);
}

// Publishes the warehouse for the succeeded run of the newest date, when there is one.
void publish_once(const Config& config, BackfillReport& report) {
  const BackfillDate* newest = nullptr;
  for (const auto& entry : report.dates) {
    if (entry.outcome == BackfillOutcome::succeeded && entry.run_id) newest = &entry;
  }
  if (!newest) return;
  auto published = [&]() -> Result<warehouse::PublishedWarehouse> {
    auto catalog = TRY(catalog::Catalog::open(config.catalog_location()));
    return warehouse::publish_warehouse(config, catalog, *newest->run_id);
  }();
  if (!published) {
    report.publish_error = published.error().message;
    spdlog::error("backfill {}: publishing the warehouse failed: {}", report.pipeline,
                  report.publish_error);
    return;
  }
  report.published_by_run = newest->run_id;
  spdlog::info("backfill {}: published the warehouse ({} tables, {} rows) for run {} of {}",
               report.pipeline, published->tables, published->rows, *newest->run_id, newest->date);
}

}  // namespace

std::string_view to_string(BackfillOutcome outcome) {
  switch (outcome) {
    case BackfillOutcome::succeeded:
      return "succeeded";
    case BackfillOutcome::failed:
      return "failed";
    case BackfillOutcome::skipped:
      return "skipped";
    case BackfillOutcome::interrupted:
      return "interrupted";
    case BackfillOutcome::not_run:
      return "not run";
    case BackfillOutcome::planned:
      return "would run";
  }
  return "unknown";
}

int BackfillReport::count(BackfillOutcome outcome) const {
  return static_cast<int>(std::count_if(dates.begin(), dates.end(), [&](const BackfillDate& entry) {
    return entry.outcome == outcome;
  }));
}

bool BackfillReport::succeeded() const {
  return count(BackfillOutcome::failed) == 0 && count(BackfillOutcome::interrupted) == 0 &&
         count(BackfillOutcome::not_run) == 0 && publish_error.empty();
}

Result<std::vector<std::string>> backfill_dates(std::string_view from, std::string_view to) {
  const auto first = parse_date(from);
  if (!first) {
    return make_error(ErrorCode::invalid_argument,
                      "--from \"{}\" is not a valid date; use YYYY-MM-DD", from);
  }
  const auto last = parse_date(to);
  if (!last) {
    return make_error(ErrorCode::invalid_argument,
                      "--to \"{}\" is not a valid date; use YYYY-MM-DD", to);
  }
  if (*first > *last) {
    return make_error(ErrorCode::invalid_argument,
                      "--from {} is after --to {}; give the earlier date as --from", from, to);
  }
  const auto count = (*last - *first).count() + 1;
  if (count > k_max_backfill_dates) {
    return make_error(ErrorCode::invalid_argument,
                      "--from {} --to {} spans {} dates; a backfill covers at most {}: split it "
                      "into several backfills",
                      from, to, count, k_max_backfill_dates);
  }
  std::vector<std::string> dates;
  dates.reserve(static_cast<size_t>(count));
  for (auto day = *first; day <= *last; day += std::chrono::days{1}) {
    dates.push_back(format_date(day));
  }
  return dates;
}

Result<BackfillReport> run_backfill(const Config& config, const BackfillRequest& request) {
  const auto start = Clock::now();
  TRY(check_request(request));
  const auto dates = TRY(backfill_dates(request.from, request.to));
  const auto tasks = TRY(pipeline_tasks(request.pipeline, config));
  const bool pipeline_publishes = std::any_of(
      tasks.begin(), tasks.end(), [](const Task& task) { return task.name == "publish"; });

  // The lease first, so that the catalog cannot change under the choice of dates.
  std::optional<PipelineLease> lease;
  if (!request.dry_run) {
    lease.emplace(TRY(PipelineLease::acquire(config, request.pipeline, request.lease_wait)));
    TRY(recover_runs(config, request, *lease));
  }
  const auto newest_runs = TRY(newest_runs_by_date(config, request));

  BackfillReport report{.pipeline = request.pipeline, .from = request.from, .to = request.to};
  report.dates.reserve(dates.size());
  std::vector<BackfillDate*> chosen;
  for (const auto& date : dates) {
    BackfillDate entry{.date = date};
    std::optional<catalog::RunRecord> newest;
    if (auto found = newest_runs.find(date); found != newest_runs.end()) {
      newest = found->second;
      entry.previous_run_id = newest->run_id;
      entry.previous_state = newest->state;
    }
    if (auto reason = skip_reason(newest, request.selection)) {
      entry.outcome = BackfillOutcome::skipped;
      entry.run_id = newest->run_id;
      entry.detail = std::move(*reason);
    }
    report.dates.push_back(std::move(entry));
  }
  for (auto& entry : report.dates) {
    if (entry.outcome == BackfillOutcome::planned) chosen.push_back(&entry);
  }
  spdlog::info("backfill {} from {} to {}: {} date(s), {} to run, {} skipped, {} at once",
               request.pipeline, request.from, request.to, dates.size(), chosen.size(),
               dates.size() - chosen.size(), std::min<size_t>(request.parallel, chosen.size()));
  if (request.dry_run || chosen.empty()) {
    report.seconds = seconds_since(start);
    return report;
  }

  run_dates(config, request, *lease, chosen);
  if (request.publish && pipeline_publishes && !lease->lost()) publish_once(config, report);
  report.seconds = seconds_since(start);
  return report;
}

}  // namespace reelhouse::pipeline
