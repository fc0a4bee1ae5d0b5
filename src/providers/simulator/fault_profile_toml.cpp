// TOML fault profile files (format in fault_profile_toml.hpp).
#include "providers/simulator/fault_profile_toml.hpp"

#include <toml++/toml.h>

#include <fstream>
#include <sstream>
#include <string>

namespace reelhouse::providers::sim {

namespace {

// Errors carry "<file>:<line>: key '<dotted key>': …".
class TomlReader {
 public:
  explicit TomlReader(std::string_view display_path) : m_path(display_path) {}

  std::unexpected<Error> fail(const toml::node& node, const std::string& key,
                              std::string_view problem) const {
    return make_error(ErrorCode::config, "{}:{}: key '{}': {}", m_path, node.source().begin.line,
                      key, problem);
  }

  Result<double> number(const toml::node& node, const std::string& key, double low,
                        double high) const {
    std::optional<double> value = node.value<double>();
    if (!value || !(node.is_floating_point() || node.is_integer())) {
      return fail(node, key, "expected a number");
    }
    if (*value < low || *value > high) {
      return fail(node, key, fmt::format("{} is outside [{}, {}]", *value, low, high));
    }
    return *value;
  }

  Result<> endpoint(const toml::node& node, const std::string& key, EndpointFaults& faults) const {
    const toml::table* table = node.as_table();
    if (!table) return fail(node, key, "expected a table of fault probabilities");
    for (const auto& [name, value] : *table) {
      const std::string child = key + "." + std::string(name.str());
      const std::string_view field = name.str();
      double* target = field == "error_500"      ? &faults.error_500
                       : field == "error_503"    ? &faults.error_503
                       : field == "hang"         ? &faults.hang
                       : field == "truncated"    ? &faults.truncated
                       : field == "invalid_json" ? &faults.invalid_json
                       : field == "rate_limited" ? &faults.rate_limited
                       : field == "reset"        ? &faults.reset
                                                 : nullptr;
      if (target) {
        *target = TRY(number(value, child, 0.0, 1.0));
      } else if (field == "retry_after_seconds") {
        faults.retry_after_seconds = static_cast<int>(TRY(number(value, child, 0.0, 86400.0)));
      } else {
        return fail(value, child,
                    "unknown key (expected error_500, error_503, hang, truncated, invalid_json, "
                    "rate_limited, reset, retry_after_seconds)");
      }
    }
    const double total = faults.error_500 + faults.error_503 + faults.hang + faults.truncated +
                         faults.invalid_json + faults.rate_limited + faults.reset;
    if (total > 1.0 + 1e-9) {
      return fail(node, key, fmt::format("fault probabilities add up to {} (more than 1)", total));
    }
    return {};
  }

  Result<> latency(const toml::node& node, const std::string& key, LatencyProfile& latency) const {
    const toml::table* table = node.as_table();
    if (!table) return fail(node, key, "expected a table { p50_ms, p90_ms, p99_ms, max_ms }");
    for (const auto& [name, value] : *table) {
      const std::string child = key + "." + std::string(name.str());
      const std::string_view field = name.str();
      double* target = field == "p50_ms"   ? &latency.p50_ms
                       : field == "p90_ms" ? &latency.p90_ms
                       : field == "p99_ms" ? &latency.p99_ms
                       : field == "max_ms" ? &latency.max_ms
                                           : nullptr;
      if (!target)
        return fail(value, child, "unknown key (expected p50_ms, p90_ms, p99_ms, max_ms)");
      *target = TRY(number(value, child, 0.0, 86'400'000.0));
    }
    if (latency.p90_ms < latency.p50_ms || latency.p99_ms < latency.p90_ms ||
        (latency.max_ms != 0 && latency.max_ms < latency.p99_ms)) {
      return fail(node, key, "quantiles must not decrease: p50_ms ≤ p90_ms ≤ p99_ms ≤ max_ms");
    }
    return {};
  }

  Result<> provider(const toml::node& node, const std::string& key, ProviderFaults& faults) const {
    const toml::table* table = node.as_table();
    if (!table) return fail(node, key, "expected a table");
    for (const auto& [name, value] : *table) {
      const std::string child = key + "." + std::string(name.str());
      const std::string_view field = name.str();
      if (field == "list") {
        TRY(endpoint(value, child, faults.list));
      } else if (field == "detail") {
        TRY(endpoint(value, child, faults.detail));
      } else if (field == "latency") {
        TRY(latency(value, child, faults.latency));
      } else if (field == "down") {
        if (!value.is_boolean()) return fail(value, child, "expected true or false");
        faults.down = *value.value<bool>();
      } else {
        return fail(value, child, "unknown key (expected list, detail, latency, down)");
      }
    }
    return {};
  }

  Result<FaultProfile> profile(const toml::table& root, std::string default_name) const {
    FaultProfile result{.name = std::move(default_name)};
    if (const toml::node* base = root.get("base")) {
      const std::optional<std::string> base_name = base->value<std::string>();
      if (!base_name) return fail(*base, "base", "expected a profile name");
      std::optional<FaultProfile> named = named_fault_profile(*base_name);
      if (!named) return fail(*base, "base", fmt::format("unknown profile '{}'", *base_name));
      named->name = result.name;
      result = std::move(*named);
    }
    // [defaults] first: provider overrides start from it, wherever they appear in the file.
    if (const toml::node* defaults = root.get("defaults")) {
      TRY(provider(*defaults, "defaults", result.defaults));
    }
    for (const auto& [name, value] : root) {
      const std::string key(name.str());
      if (key == "base" || key == "defaults") continue;
      if (key == "name") {
        const std::optional<std::string> text = value.value<std::string>();
        if (!text) return fail(value, key, "expected a string");
        result.name = *text;
      } else if (key == "time_scale") {
        result.time_scale = TRY(number(value, key, 0.0, 1000.0));
      } else if (key == "hang_seconds") {
        result.hang_seconds = TRY(number(value, key, 0.0, 86400.0));
      } else if (key == "price_change_rate") {
        result.price_change_rate = TRY(number(value, key, 0.0, 1.0));
      } else if (key == "providers") {
        const toml::table* providers = value.as_table();
        if (!providers) return fail(value, key, "expected [providers.<name>] tables");
        for (const auto& [provider_name, overrides] : *providers) {
          const std::string provider_key(provider_name.str());
          auto entry = result.per_provider.try_emplace(provider_key, result.defaults).first;
          TRY(provider(overrides, "providers." + provider_key, entry->second));
        }
      } else {
        return fail(value, key,
                    "unknown key (expected name, base, time_scale, hang_seconds, "
                    "price_change_rate, defaults, providers)");
      }
    }
    return result;
  }

 private:
  std::string_view m_path;
};

}  // namespace

Result<FaultProfile> parse_fault_profile_toml(std::string_view text,
                                              std::string_view display_path) {
  toml::table root;
  try {
    root = toml::parse(text, display_path);
  } catch (const toml::parse_error& error) {
    return make_error(ErrorCode::config, "{}:{}:{}: TOML syntax error: {}", display_path,
                      error.source().begin.line, error.source().begin.column, error.description());
  }
  std::string default_name(std::filesystem::path(display_path).stem().string());
  return TomlReader(display_path).profile(root, std::move(default_name));
}

Result<FaultProfile> read_fault_profile_file(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return make_error(ErrorCode::io, "cannot open fault profile {}", path.string());
  std::ostringstream content;
  content << file.rdbuf();
  if (file.bad()) return make_error(ErrorCode::io, "cannot read fault profile {}", path.string());
  return parse_fault_profile_toml(content.str(), path.string());
}

}  // namespace reelhouse::providers::sim
