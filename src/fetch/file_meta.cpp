#include "fetch/file_meta.hpp"

#include <ctime>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "util/atomic_file.hpp"

namespace reelhouse::fetch {

namespace {

constexpr int k_json_indent = 2;

nlohmann::json optional_text(const std::optional<std::string>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

}  // namespace

std::string file_meta_to_json(const FileMeta& meta) {
  // nlohmann::ordered_json keeps the documented field order, which helps people reading it.
  nlohmann::ordered_json json;
  json["url"] = meta.url;
  json["file"] = meta.file;
  json["size"] = meta.size;
  json["sha256"] = meta.sha256;
  json["etag"] = optional_text(meta.etag);
  json["last_modified"] = optional_text(meta.last_modified);
  json["fetched_at"] = meta.fetched_at;
  json["attempts"] = meta.attempts;
  return json.dump(k_json_indent) + "\n";
}

Result<FileMeta> parse_file_meta(std::string_view text, const std::filesystem::path& origin) {
  const nlohmann::json json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) {
    return make_error(ErrorCode::parse, "{} is not a JSON object; delete it to fetch again",
                      origin.string());
  }
  auto field_error = [&](std::string_view field, std::string_view expected) {
    return make_error(ErrorCode::parse, "{}: field \"{}\" is missing or not {}", origin.string(),
                      field, expected);
  };
  FileMeta meta;
  auto read_text = [&](const char* field, std::string& out) {
    const auto found = json.find(field);
    if (found == json.end() || !found->is_string()) return false;
    out = found->get<std::string>();
    return true;
  };
  auto read_optional_text = [&](const char* field, std::optional<std::string>& out) {
    const auto found = json.find(field);
    if (found == json.end() || found->is_null()) return true;
    if (!found->is_string()) return false;
    out = found->get<std::string>();
    return true;
  };
  if (!read_text("url", meta.url)) return field_error("url", "a string");
  if (!read_text("file", meta.file) || !is_plain_file_name(meta.file)) {
    return field_error("file", "a plain file name");
  }
  const auto size = json.find("size");
  if (size == json.end() || !size->is_number_unsigned()) {
    return field_error("size", "a non-negative integer");
  }
  meta.size = size->get<uint64_t>();
  if (!read_text("sha256", meta.sha256) || meta.sha256.size() != 64) {
    return field_error("sha256", "64 hex characters");
  }
  if (!read_optional_text("etag", meta.etag)) return field_error("etag", "a string or null");
  if (!read_optional_text("last_modified", meta.last_modified)) {
    return field_error("last_modified", "a string or null");
  }
  if (!read_text("fetched_at", meta.fetched_at)) return field_error("fetched_at", "a string");
  const auto attempts = json.find("attempts");
  if (attempts == json.end() || !attempts->is_number_integer()) {
    return field_error("attempts", "an integer");
  }
  meta.attempts = attempts->get<int>();
  return meta;
}

Result<std::optional<FileMeta>> read_file_meta(const std::filesystem::path& directory) {
  const std::filesystem::path path = directory / k_meta_file_name;
  std::error_code status;
  if (!std::filesystem::exists(path, status)) return std::optional<FileMeta>();
  std::ifstream stream(path, std::ios::binary);
  std::ostringstream content;
  content << stream.rdbuf();
  if (!stream) return make_error(ErrorCode::io, "cannot read {}", path.string());
  return TRY(parse_file_meta(content.str(), path));
}

Result<> write_file_meta(const std::filesystem::path& directory, const FileMeta& meta) {
  return util::write_file_atomically(directory / k_meta_file_name, file_meta_to_json(meta));
}

std::string format_utc_timestamp(std::chrono::system_clock::time_point time) {
  // gmtime_r rather than fmt's chrono formatting, whose time zone changed between versions.
  const time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[sizeof "YYYY-MM-DDTHH:MM:SSZ" + 8] = {};
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

bool is_plain_file_name(std::string_view name) {
  return !name.empty() && name != "." && name != ".." && name.find('/') == std::string_view::npos &&
         name.find('\0') == std::string_view::npos && name != k_meta_file_name &&
         !name.ends_with(".part");
}

}  // namespace reelhouse::fetch
