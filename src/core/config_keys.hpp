// The registry of configuration keys: one table that says, for every key of reelhouse.toml,
// its dotted name, its type, where it lives in `Config`, which values are valid and what it
// means. Everything else is driven by this table: parsing the file, the REELHOUSE_*
// environment variables and `--set`, validation, error messages and the commented default
// file written by `reelhouse init`. Adding a key is one member in `Config` (whose initializer
// is the default) and one line in `k_config_keys` (config_keys.cpp).
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/config.hpp"

namespace reelhouse {

// What a string value (or each element of a string list) must look like.
enum class StringRule {
  any,
  non_empty,
  url,           // file://, http:// or https://
  postgres_url,  // empty, or postgresql://… / postgres://… without a password
  s3_url,        // empty, or s3://bucket[/prefix]
  http_url,      // empty, or http://… / https://…
};

// Accessors from a Config to the member a key sets. Plain function pointers so the registry
// is a constant table; see `config_member` in config_keys.cpp.
using StringMember = std::string& (*)(Config&);
using IntegerMember = int64_t& (*)(Config&);
using StringListMember = std::vector<std::string>& (*)(Config&);
using ConfigMember = std::variant<StringMember, IntegerMember, StringListMember>;

enum class ConfigValueType { string, integer, string_list };

struct ConfigKey {
  std::string_view name;  // dotted: "products.people.min_titles"
  ConfigMember member;    // the type of the key is the type of this member
  int64_t minimum = 0;    // integers only: the inclusive valid range
  int64_t maximum = std::numeric_limits<int64_t>::max();
  StringRule rule = StringRule::any;  // strings and lists only
  std::string_view comment;           // one line, shown in the default reelhouse.toml

  ConfigValueType type() const { return static_cast<ConfigValueType>(member.index()); }
  // "lake" for "lake.root", "sources.imdb" for "sources.imdb.url".
  std::string_view section() const;
  // "root" for "lake.root".
  std::string_view leaf() const;
};

// Every key, grouped by section in the order of the default file.
std::span<const ConfigKey> config_keys();

// One line describing a section, or "" when there is none.
std::string_view config_section_comment(std::string_view section);

// The key named `name`, or nullptr.
const ConfigKey* find_config_key(std::string_view name);

// The key whose environment variable is `variable` (REELHOUSE_FETCH__MAX_ATTEMPTS), or nullptr.
const ConfigKey* find_config_key_by_variable(std::string_view variable);

// REELHOUSE_ + the dotted name upper-cased with "." replaced by "__".
std::string environment_variable_of(const ConfigKey& key);

// The registered name closest to `name` (small edit distance, or same last part), or "" when
// nothing is close enough to be a plausible typo. Used for "did you mean" hints.
std::string_view closest_config_key_name(std::string_view name);

// True when some key's name starts with `prefix` + "." (i.e. `prefix` is a known section or
// the start of one, like "sources").
bool is_config_section_prefix(std::string_view prefix);

}  // namespace reelhouse
