// Converting configuration values between their three outside forms and `Config`: a TOML
// node from reelhouse.toml, a text from an environment variable or `--set`, and the TOML text
// of the default file. Each conversion checks the value against its key's type and rule, so
// an out-of-range value is rejected wherever it comes from, with the same message.
//
// The errors returned here name the key but not where the value came from; the caller
// (config.cpp) prefixes the file line, the environment variable or the --set argument.
#pragma once

#include <toml++/toml.h>

#include <string>
#include <string_view>

#include "core/config.hpp"
#include "core/config_keys.hpp"
#include "core/error.hpp"

namespace reelhouse {

// Stores the TOML value `node` into `config` as `key`.
// Errors: config — wrong type, out of range, or not matching the key's rule.
Result<> assign_from_toml(const ConfigKey& key, const toml::node& node, Config& config);

// Stores `text` into `config` as `key`, parsed by the key's type: integers in decimal; lists
// either as a TOML array (["movie", "tvMovie"]) or comma-separated (movie,tvMovie); strings
// verbatim, unless quoted as a TOML string ("…" or '…'), which is then unquoted.
// Errors: config, as for assign_from_toml.
Result<> assign_from_text(const ConfigKey& key, std::string_view text, Config& config);

// The value of `key` in `config` as TOML text: "lake", 15, ["movie"].
std::string format_toml_value(const ConfigKey& key, Config& config);

// `text` as a TOML basic string, with quotes and escapes: "a\"b".
std::string toml_quote(std::string_view text);

}  // namespace reelhouse
