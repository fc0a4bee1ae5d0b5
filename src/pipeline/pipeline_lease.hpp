// The lease that keeps two runs of one pipeline from overlapping: whoever runs a pipeline
// (a manual `run`, a scheduler, a backfill) holds "pipeline:<name>" in the catalog for the
// whole run. A heartbeat thread, on its own catalog connection, renews it every third of its
// time to live (runtime.lease_seconds); a holder that dies stops renewing, so its lease
// expires and the next contender takes it over. A holder that is a dead process on this very
// host is taken over at once, without waiting for the expiry.
//
// Holders are named "<host>:<pid>:<nonce>", so two holders in one process (two threads, two
// schedulers in a test) are distinct.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "core/config.hpp"
#include "core/error.hpp"

namespace reelhouse::pipeline {

// The lease name of a pipeline: "pipeline:<name>".
std::string pipeline_lease_name(std::string_view pipeline);

// A fresh holder name for this process: "<host>:<pid>:<nonce>".
std::string new_lease_holder();

// "<host>:<pid>" of a holder name, for messages.
std::string_view holder_process(std::string_view holder);

class PipelineLease {
 public:
  // Takes the pipeline's lease, waiting up to `wait` (0 = refuse at once) for a current holder
  // to give it up or expire. Errors: busy — held by someone else, with a message such as
  // "pipeline prices is already running (run 14, held by host:pid since T); wait for it
  // (--wait SECONDS) or try later"; sql/busy from the catalog.
  static Result<PipelineLease> acquire(const Config& config, std::string_view pipeline,
                                       std::chrono::milliseconds wait);

  // The same for any lease name and time to live (`what` names it in messages, e.g.
  // "pipeline prices"). Used by acquire() and by tests with short leases.
  static Result<PipelineLease> acquire_named(const std::filesystem::path& catalog_path,
                                             std::string name, std::string_view what,
                                             std::chrono::milliseconds ttl,
                                             std::chrono::milliseconds wait);

  PipelineLease(PipelineLease&&) noexcept;
  PipelineLease& operator=(PipelineLease&&) noexcept;
  PipelineLease(const PipelineLease&) = delete;
  PipelineLease& operator=(const PipelineLease&) = delete;
  // Stops the heartbeat and releases the lease (unless it was lost).
  ~PipelineLease();

  // True once the lease is known to be no longer ours: a renewal found another holder, or
  // renewals kept failing for longer than the time to live. The holder should then stop
  // starting work.
  bool lost() const;

  // Records the run the holder is executing on the lease (shown in refusals and `status`).
  // Errors: busy when the lease was lost; sql.
  Result<> set_run(int64_t run_id);

  const std::string& holder() const;
  const std::string& name() const;

  struct State;  // shared with the heartbeat thread

 private:
  explicit PipelineLease(std::unique_ptr<State> state);
  void release();

  std::unique_ptr<State> m_state;
};

}  // namespace reelhouse::pipeline
