// Header-only (the test binary globs *_test.cpp; support .cpp files are listed by hand).
//
// One reelhouse home where every pipeline ran on small generated data: imdb and movies through
// the binary, prices in process against the provider simulator (two runs with the prices
// changed between them, so price_changes has rows and there are two ingest dates). Shared by
// the tests that compare the PostgreSQL warehouse with the DuckDB one (products row for row,
// the API byte for byte).
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "core/config.hpp"
#include "pipeline/pipeline_runner.hpp"
#include "providers/simulator/provider_simulator.hpp"
#include "support/reelhouse_home.hpp"

namespace reelhouse::testing {

// The fault-free simulator profile, time-scaled so a run takes a moment.
inline providers::sim::FaultProfile quiet_simulator_profile() {
  auto profile = providers::sim::load_fault_profile("none");
  EXPECT_TRUE(profile.has_value()) << (profile ? "" : profile.error().message);
  auto scaled = profile.value_or(providers::sim::FaultProfile{});
  scaled.time_scale = 0.001;
  return scaled;
}

// Runs imdb and movies (the binary) and prices (in process, against the simulator) into `home`
// and sets `config` to the home's configuration (with the simulator's URL, now stopped).
// Fails the calling test (ASSERT) on any error: check HasFatalFailure() after it.
inline void run_every_pipeline(const ReelhouseHome& home, Config& config) {
  namespace sim = providers::sim;
  TempDir imdb_source;
  TempDir movies_source;
  for (const auto& [pipeline, dir] :
       {std::pair{"imdb", imdb_source.path()}, std::pair{"movies", movies_source.path()}}) {
    const auto generated = run_reelhouse(
        {"generate", pipeline, "--scale", "0.001", "--seed", "5", "--out", dir.string()});
    ASSERT_EQ(generated.exit_code, 0) << generated.output;
  }
  auto ran =
      home.run_pipeline("imdb", "2024-01-01", {"sources.imdb.url=" + file_url(imdb_source.path())});
  ASSERT_EQ(ran.exit_code, 0) << ran.output;
  ran = home.run_pipeline("movies", "2024-01-01",
                          {"sources.movies.url=" + file_url(movies_source.path()),
                           "sources.wikipedia.url=" + file_url(movies_source.path())});
  ASSERT_EQ(ran.exit_code, 0) << ran.output;

  auto simulator = sim::ProviderSimulator::start(sim::SimulatorOptions{
      .movies = 30, .seed = 7, .profile = quiet_simulator_profile(), .threads = 8});
  ASSERT_TRUE(simulator) << simulator.error().message;
  auto loaded = load_config(
      home.path(),
      {"providers.url=" + (*simulator)->base_url(), "providers.token=reelhouse-simulator",
       "providers.backoff_initial_ms=2", "providers.backoff_max_ms=40", "runtime.threads=2"},
      {});
  ASSERT_TRUE(loaded) << loaded.error().message;
  config = std::move(*loaded);
  // Two runs, with prices changed between them: price_changes and two ingest dates.
  for (const std::string date : {"2024-01-01", "2024-01-02"}) {
    const auto outcome = pipeline::run_pipeline(
        config, pipeline::RunRequest{.pipeline = "prices", .ingest_date = date});
    ASSERT_TRUE(outcome) << outcome.error().message;
    ASSERT_TRUE(outcome->summary.succeeded()) << outcome->summary.first_error();
    (*simulator)->advance_prices();
  }
}

}  // namespace reelhouse::testing
