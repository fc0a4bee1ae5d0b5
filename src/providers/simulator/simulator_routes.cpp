// The HTTP routes of the provider simulator: the provider API with its injected faults, and
// the /_simulator control endpoints (see provider_simulator.hpp).
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>

#include "providers/provider_json_writer.hpp"
#include "providers/simulator/connection_drop.hpp"
#include "providers/simulator/fault_choice.hpp"
#include "providers/simulator/fault_profile_toml.hpp"
#include "providers/simulator/simulator_state.hpp"
#include "util/random.hpp"

namespace reelhouse::providers::sim {

namespace {

constexpr const char* k_json = "application/json; charset=utf-8";
constexpr uint64_t k_request_stream = 9001;

void send_json_message(httplib::Response& response, int status, std::string_view message) {
  std::string body = "{\n  \"Message\": ";
  append_json_string(message, body);
  body += "\n}";
  response.status = status;
  response.set_content(body, k_json);
}

bool is_loopback(const httplib::Request& request) {
  return request.remote_addr == "127.0.0.1" || request.remote_addr == "::1" ||
         request.remote_addr.starts_with("::ffff:127.");
}

// Ends the request without any response: the client sees the connection closed. When the
// socket cannot be found, falls back to closing it after the headers (a reset).
void drop_connection(const httplib::Request& request, httplib::Response& response, int local_port) {
  if (shutdown_connection(local_port, request.remote_port)) {
    response.status = 503;  // written into a closed socket: never seen
    return;
  }
  response.set_content_provider(1, "text/plain",
                                [](size_t, size_t, httplib::DataSink&) { return false; });
}

// Answers 200 with the headers of the whole body, sends half of it, then closes.
void send_reset(httplib::Response& response, std::string body) {
  const size_t length = body.size();
  auto shared_body = std::make_shared<std::string>(std::move(body));
  response.status = 200;
  response.set_content_provider(length, k_json,
                                [shared_body](size_t offset, size_t, httplib::DataSink& sink) {
                                  if (offset > 0) return false;
                                  const size_t half = std::max<size_t>(1, shared_body->size() / 2);
                                  sink.write(shared_body->data(), half);
                                  return true;
                                });
}

}  // namespace

void ProviderSimulator::State::install_routes() {
  // One handler for both provider endpoints: `movie_id` is empty for the list.
  const auto serve = [this](const httplib::Request& request, httplib::Response& response,
                            const std::string& provider, const std::string& movie_id,
                            bool is_list) {
    const auto snapshot = current_profile();
    const FaultProfile& profile = snapshot->profile;
    const ProviderShelf* shelf = catalogue.shelf(provider);
    const std::string endpoint =
        (shelf ? provider : std::string("unknown")) + (is_list ? "/movies" : "/movie");
    count_request(endpoint);
    util::Rng rng(util::stream_seed(options.seed, k_request_stream, request_counter++));

    const double latency_ms =
        snapshot->latency_for(provider).sample_ms(rng.uniform()) * profile.time_scale;
    if (!sleep_unless_stopping(std::chrono::duration<double, std::milli>(latency_ms))) {
      return drop_connection(request, response, port);
    }
    if (request.get_header_value("x-access-token") != options.token) {
      return send_json_message(response, 401,
                               "Authorization has been denied for this request: send the "
                               "x-access-token header.");
    }
    if (!shelf) {
      return send_json_message(response, 404, fmt::format("Unknown provider '{}'.", provider));
    }
    const ProviderFaults& provider_faults = profile.faults_for(provider);
    if (provider_faults.down) {
      count_outcome(endpoint, false, true);
      if (rng.chance(0.5)) return drop_connection(request, response, port);
      response.status = 503;
      response.set_content("The service is unavailable.", "text/html");
      return;
    }
    const Fault fault =
        choose_fault(is_list ? provider_faults.list : provider_faults.detail, rng.uniform());

    // The body this request would get without a fault.
    int status = 200;
    std::string body;
    const size_t shelf_index = static_cast<size_t>(shelf - catalogue.shelves.data());
    if (is_list) {
      body = list_bodies[shelf_index];
    } else if (const auto found = shelf->position_by_id.find(movie_id);
               found != shelf->position_by_id.end()) {
      std::shared_lock lock(prices_mutex);
      body = render_movie_detail(
          catalogue.detail(*shelf, found->second, prices->cents(shelf_index, found->second)));
    } else {
      status = 404;
    }
    count_outcome(endpoint, fault == Fault::none && status == 200, fault != Fault::none);

    switch (fault) {
      case Fault::none:
        if (status == 404) {
          return send_json_message(response, 404,
                                   fmt::format("No movie with ID '{}' at {}.", movie_id, provider));
        }
        response.status = 200;
        return response.set_content(std::move(body), k_json);
      case Fault::error_500:
        return send_json_message(response, 500, "An error has occurred.");
      case Fault::error_503:
        response.status = 503;
        return response.set_content("The service is unavailable.", "text/html");
      case Fault::hang: {
        // Hold the request, but give the worker back as soon as the client gives up.
        const int fd = find_connection(port, request.remote_port);
        const auto until = std::chrono::steady_clock::now() +
                           std::chrono::duration<double, std::milli>(profile.hang_seconds * 1000.0 *
                                                                     profile.time_scale);
        for (auto now = std::chrono::steady_clock::now(); now < until;
             now = std::chrono::steady_clock::now()) {
          const auto step = std::min<std::chrono::duration<double, std::milli>>(
              until - now, std::chrono::milliseconds(20));
          if (!sleep_unless_stopping(step) || (fd >= 0 && peer_closed(fd))) break;
        }
        return drop_connection(request, response, port);
      }
      case Fault::truncated:
        if (body.empty()) body = "{\n  \"Message\": \"No movie with this ID.\"\n}";
        body.resize(body.size() / 2);
        response.status = 200;
        return response.set_content(std::move(body), k_json);
      case Fault::invalid_json:
        response.status = 200;
        return response.set_content(
            "<html><head><title>Gateway busy</title></head><body>The upstream server is "
            "busy. Please retry.</body></html>",
            k_json);
      case Fault::rate_limited: {
        const int seconds =
            (is_list ? provider_faults.list : provider_faults.detail).retry_after_seconds;
        response.set_header("Retry-After", std::to_string(seconds));
        return send_json_message(
            response, 429,
            fmt::format("Rate limit is exceeded. Try again in {} seconds.", seconds));
      }
      case Fault::reset:
        if (body.empty()) body = "{\n  \"Message\": \"No movie with this ID.\"\n}";
        return send_reset(response, std::move(body));
    }
  };

  server.Get(R"(/api/([^/]+)/movies/?)",
             [serve](const httplib::Request& request, httplib::Response& response) {
               serve(request, response, request.matches[1].str(), "", true);
             });
  server.Get(R"(/api/([^/]+)/movie/([^/]+))",
             [serve](const httplib::Request& request, httplib::Response& response) {
               serve(request, response, request.matches[1].str(), request.matches[2].str(), false);
             });

  server.Post("/_simulator/profile", [this](const httplib::Request& request,
                                            httplib::Response& response) {
    if (!is_loopback(request)) return send_json_message(response, 403, "loopback only");
    std::string name = request.body;
    while (!name.empty() && (name.back() == '\n' || name.back() == '\r' || name.back() == ' ')) {
      name.pop_back();
    }
    auto loaded = load_fault_profile(name);
    if (!loaded) return send_json_message(response, 400, loaded.error().message);
    // A named profile keeps the running time scale; a file brings its own.
    if (named_fault_profile(name)) loaded->time_scale = current_profile()->profile.time_scale;
    const std::string profile_name = loaded->name;
    replace_profile(std::move(*loaded));
    response.set_content(nlohmann::json{{"profile", profile_name}}.dump(2), k_json);
  });
  server.Post("/_simulator/advance-prices", [this](const httplib::Request& request,
                                                   httplib::Response& response) {
    if (!is_loopback(request)) return send_json_message(response, 403, "loopback only");
    const double rate = current_profile()->profile.price_change_rate;
    std::unique_lock lock(prices_mutex);
    const int64_t changed = prices->advance(rate);
    response.set_content(nlohmann::json{{"epoch", prices->epoch()}, {"changed", changed}}.dump(2),
                         k_json);
  });
  server.Get("/_simulator/stats",
             [this](const httplib::Request& request, httplib::Response& response) {
               if (!is_loopback(request)) return send_json_message(response, 403, "loopback only");
               nlohmann::json endpoints = nlohmann::json::object();
               {
                 std::lock_guard lock(stats_mutex);
                 for (const auto& [name, entry] : stats) {
                   endpoints[name] = {
                       {"requests", entry.requests}, {"ok", entry.ok}, {"faults", entry.faults}};
                 }
               }
               int64_t epoch = 0;
               {
                 std::shared_lock lock(prices_mutex);
                 epoch = prices->epoch();
               }
               const nlohmann::json body{{"profile", current_profile()->profile.name},
                                         {"price_epoch", epoch},
                                         {"movies", catalogue.films.size()},
                                         {"endpoints", endpoints}};
               response.set_content(body.dump(2), k_json);
             });
  // Anything else: a JSON 404 (the handlers above set their own bodies).
  server.set_error_handler([](const httplib::Request& request, httplib::Response& response) {
    if (response.status == 404 && response.body.empty()) {
      send_json_message(response, 404, fmt::format("No HTTP resource matches '{}'.", request.path));
    }
  });
}

}  // namespace reelhouse::providers::sim
