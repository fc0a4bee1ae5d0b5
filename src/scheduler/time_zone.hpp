// IANA time zones for schedules ("Europe/Paris", "America/New_York", "UTC"), read from the
// system's TZif files (RFC 8536; /usr/share/zoneinfo on Debian) since GCC 12's library has no
// std::chrono::tzdb. A zone is its list of transitions plus the POSIX rule of the file's
// footer, which says what happens after the last listed transition (Debian's files list
// transitions up to 2037; "slim" files list fewer and rely on the rule sooner).
//
// Converting a wall-clock time to an instant has three outcomes: one instant; none (the time
// falls in a gap when clocks jump forward — 02:30 on the day DST starts); or two (the time
// happens twice when clocks fall back). resolve() reports which.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "scheduler/posix_tz_rule.hpp"

namespace reelhouse::scheduler {

// What a wall-clock time is in a zone.
struct LocalResolution {
  enum class Kind { unique, gap, ambiguous };
  Kind kind = Kind::unique;
  // unique: the instant; ambiguous: the earlier of the two; gap: the instant the clocks
  // jumped (the first existing wall-clock time after the gap).
  std::chrono::sys_seconds first{};
  // ambiguous: the later instant; otherwise equal to `first`.
  std::chrono::sys_seconds second{};
};

class TimeZone {
 public:
  // The zone `name` from `root` (default /usr/share/zoneinfo). "UTC" works without files.
  // Errors: config for a malformed name or a zone that does not exist (naming the file);
  // corrupt for a file that is not valid TZif (naming the file and the byte offset).
  static Result<std::shared_ptr<const TimeZone>> load(
      std::string_view name, const std::filesystem::path& root = "/usr/share/zoneinfo");

  // Parses TZif `bytes` (versions 1-4). `origin` names the file in errors.
  static Result<TimeZone> from_tzif(std::string_view bytes, std::string name,
                                    std::string_view origin);

  static std::shared_ptr<const TimeZone> utc();

  const std::string& name() const { return m_name; }

  // Seconds east of UTC in effect at `instant`.
  int32_t offset_at(std::chrono::sys_seconds instant) const;

  std::chrono::local_seconds to_local(std::chrono::sys_seconds instant) const;

  LocalResolution resolve(std::chrono::local_seconds local) const;

 private:
  TimeZone() = default;

  std::string m_name;
  std::vector<int64_t> m_transitions;  // UTC seconds, ascending
  std::vector<int32_t> m_offsets;      // offset after each transition
  int32_t m_initial_offset = 0;        // before the first transition
  std::optional<PosixTzRule> m_footer;
};

}  // namespace reelhouse::scheduler
