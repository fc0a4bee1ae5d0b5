// Reading TZif files and converting between instants and wall-clock times.
#include "scheduler/time_zone.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>
#include <set>

namespace reelhouse::scheduler {

namespace {

constexpr size_t k_header_size = 44;
// A day either side of a wall-clock time is enough to see the offsets around it: zones do not
// change their offset twice within two days.
constexpr std::chrono::seconds k_neighbourhood{86'400};

// Reads big-endian integers from the bytes of a TZif file, failing with the byte offset.
class TzifReader {
 public:
  TzifReader(std::string_view bytes, std::string_view origin) : m_bytes(bytes), m_origin(origin) {}

  size_t position() const { return m_position; }

  Result<std::string_view> take(size_t count, std::string_view what) {
    if (m_bytes.size() - m_position < count) {
      return make_error(ErrorCode::corrupt,
                        "time zone file {} is truncated at byte {} (reading {}); reinstall the "
                        "tzdata package",
                        m_origin, m_position, what);
    }
    const std::string_view taken = m_bytes.substr(m_position, count);
    m_position += count;
    return taken;
  }

  Result<int64_t> integer(size_t width, std::string_view what) {
    const std::string_view raw = TRY(take(width, what));
    uint64_t value = 0;
    for (const char byte : raw) value = (value << 8) | static_cast<unsigned char>(byte);
    if (width == 4) return static_cast<int64_t>(static_cast<int32_t>(value));
    return static_cast<int64_t>(value);
  }

  std::string_view rest() const { return m_bytes.substr(m_position); }

 private:
  std::string_view m_bytes;
  std::string_view m_origin;
  size_t m_position = 0;
};

struct TzifCounts {
  int64_t is_ut = 0, is_std = 0, leap = 0, time = 0, type = 0, chars = 0;
  char version = '\0';
};

Result<TzifCounts> read_header(TzifReader& reader, std::string_view origin) {
  const size_t start = reader.position();
  if (TRY(reader.take(4, "the magic number")) != "TZif") {
    return make_error(ErrorCode::corrupt, "{} is not a TZif time zone file (byte {})", origin,
                      start);
  }
  TzifCounts counts;
  counts.version = TRY(reader.take(1, "the version")).front();
  TRY(reader.take(15, "the header"));
  counts.is_ut = TRY(reader.integer(4, "the header"));
  counts.is_std = TRY(reader.integer(4, "the header"));
  counts.leap = TRY(reader.integer(4, "the header"));
  counts.time = TRY(reader.integer(4, "the header"));
  counts.type = TRY(reader.integer(4, "the header"));
  counts.chars = TRY(reader.integer(4, "the header"));
  const bool sane = counts.is_ut >= 0 && counts.is_std >= 0 && counts.leap >= 0 &&
                    counts.time >= 0 && counts.type >= 1 && counts.chars >= 0 &&
                    counts.type <= 256 && counts.time < (1 << 20);
  if (!sane) {
    return make_error(ErrorCode::corrupt, "time zone file {} has impossible counts at byte {}",
                      origin, start + 20);
  }
  return counts;
}

bool valid_zone_name(std::string_view name) {
  if (name.empty() || name.front() == '/' || name.find("..") != std::string_view::npos) {
    return false;
  }
  return std::ranges::all_of(name, [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '_' || c == '-' ||
           c == '+';
  });
}

}  // namespace

Result<TimeZone> TimeZone::from_tzif(std::string_view bytes, std::string name,
                                     std::string_view origin) {
  TzifReader reader(bytes, origin);
  TzifCounts counts = TRY(read_header(reader, origin));
  size_t time_width = 4;
  if (counts.version >= '2') {
    // Skip the version 1 block (32-bit times); the version 2+ block repeats it with 64-bit ones.
    const auto v1_size = static_cast<size_t>(counts.time * 5 + counts.type * 6 + counts.chars +
                                             counts.leap * 8 + counts.is_std + counts.is_ut);
    TRY(reader.take(v1_size, "the version 1 data"));
    counts = TRY(read_header(reader, origin));
    time_width = 8;
  }
  TimeZone zone;
  zone.m_name = std::move(name);
  for (int64_t index = 0; index < counts.time; ++index) {
    zone.m_transitions.push_back(TRY(reader.integer(time_width, "transition times")));
  }
  std::vector<size_t> type_of_transition;
  for (int64_t index = 0; index < counts.time; ++index) {
    type_of_transition.push_back(static_cast<size_t>(TRY(reader.integer(1, "transition types"))));
  }
  std::vector<int32_t> type_offsets;
  for (int64_t index = 0; index < counts.type; ++index) {
    type_offsets.push_back(static_cast<int32_t>(TRY(reader.integer(4, "local time types"))));
    TRY(reader.take(2, "local time types"));  // is_dst, abbreviation index
  }
  for (const size_t type : type_of_transition) {
    if (type >= type_offsets.size()) {
      return make_error(ErrorCode::corrupt,
                        "time zone file {}: a transition uses local time type {} of {}", origin,
                        type, type_offsets.size());
    }
    zone.m_offsets.push_back(type_offsets[type]);
  }
  if (!std::ranges::is_sorted(zone.m_transitions)) {
    return make_error(ErrorCode::corrupt, "time zone file {}: transitions are not in order",
                      origin);
  }
  zone.m_initial_offset = type_offsets.front();
  TRY(reader.take(static_cast<size_t>(counts.chars + counts.leap * (time_width + 4) +
                                      counts.is_std + counts.is_ut),
                  "abbreviations and leap seconds"));
  if (counts.version >= '2') {
    const std::string_view rest = reader.rest();
    if (rest.size() < 2 || rest.front() != '\n') {
      return make_error(ErrorCode::corrupt, "time zone file {}: no footer at byte {}", origin,
                        reader.position());
    }
    const size_t end = rest.find('\n', 1);
    if (end == std::string_view::npos) {
      return make_error(ErrorCode::corrupt, "time zone file {}: unterminated footer at byte {}",
                        origin, reader.position());
    }
    const std::string_view footer = rest.substr(1, end - 1);
    if (!footer.empty()) {
      auto rule = PosixTzRule::parse(footer);
      if (!rule) return std::unexpected(rule.error().with_context(std::string(origin)));
      zone.m_footer = *rule;
    }
  }
  return zone;
}

Result<std::shared_ptr<const TimeZone>> TimeZone::load(std::string_view name,
                                                       const std::filesystem::path& root) {
  if (!valid_zone_name(name)) {
    return make_error(ErrorCode::config,
                      "time zone \"{}\" is not an IANA zone name such as Europe/Paris or UTC",
                      name);
  }
  const std::filesystem::path file = root / std::string(name);
  std::ifstream input(file, std::ios::binary);
  if (!input) {
    if (name == "UTC" || name == "Etc/UTC") return utc();
    return make_error(ErrorCode::config,
                      "unknown time zone \"{}\": {} does not exist (IANA names look like "
                      "Europe/Paris; is the tzdata package installed?)",
                      name, file.string());
  }
  const std::string bytes{std::istreambuf_iterator<char>(input), std::istreambuf_iterator<char>()};
  auto zone = TRY(from_tzif(bytes, std::string(name), file.string()));
  return std::make_shared<const TimeZone>(std::move(zone));
}

std::shared_ptr<const TimeZone> TimeZone::utc() {
  static const std::shared_ptr<const TimeZone> k_utc = [] {
    TimeZone zone;
    zone.m_name = "UTC";
    return std::make_shared<const TimeZone>(std::move(zone));
  }();
  return k_utc;
}

int32_t TimeZone::offset_at(std::chrono::sys_seconds instant) const {
  const int64_t seconds = instant.time_since_epoch().count();
  if (m_transitions.empty() || seconds < m_transitions.front()) {
    if (m_transitions.empty() && m_footer) return m_footer->offset_at(instant);
    return m_initial_offset;
  }
  if (seconds >= m_transitions.back() && m_footer) return m_footer->offset_at(instant);
  const auto after = std::ranges::upper_bound(m_transitions, seconds);
  return m_offsets[static_cast<size_t>(after - m_transitions.begin()) - 1];
}

std::chrono::local_seconds TimeZone::to_local(std::chrono::sys_seconds instant) const {
  return std::chrono::local_seconds(instant.time_since_epoch() +
                                    std::chrono::seconds(offset_at(instant)));
}

LocalResolution TimeZone::resolve(std::chrono::local_seconds local) const {
  using std::chrono::seconds;
  using std::chrono::sys_seconds;
  const sys_seconds as_utc(local.time_since_epoch());
  const std::set<int32_t> offsets = {offset_at(as_utc - k_neighbourhood), offset_at(as_utc),
                                     offset_at(as_utc + k_neighbourhood)};
  std::vector<sys_seconds> instants;
  for (const int32_t offset : offsets) {
    const sys_seconds candidate = as_utc - seconds(offset);
    if (offset_at(candidate) == offset) instants.push_back(candidate);
  }
  std::ranges::sort(instants);
  if (!instants.empty()) {
    return {.kind = instants.size() > 1 ? LocalResolution::Kind::ambiguous
                                        : LocalResolution::Kind::unique,
            .first = instants.front(),
            .second = instants.back()};
  }
  // In a gap: find the transition between the earliest and latest candidate instants.
  sys_seconds low = as_utc - seconds(*offsets.rbegin());
  sys_seconds high = as_utc - seconds(*offsets.begin());
  const int32_t offset_before = offset_at(low);
  while (high - low > seconds(1)) {
    const sys_seconds middle = low + (high - low) / 2;
    if (offset_at(middle) == offset_before) {
      low = middle;
    } else {
      high = middle;
    }
  }
  return {.kind = LocalResolution::Kind::gap, .first = high, .second = high};
}

}  // namespace reelhouse::scheduler
