// Parsing and evaluating POSIX TZ rules (POSIX.1-2017 section 8.3, with the RFC 8536
// extension that lets rule times be negative or exceed 24 hours).
#include "scheduler/posix_tz_rule.hpp"

#include <cctype>

namespace reelhouse::scheduler {

namespace {

class RuleParser {
 public:
  explicit RuleParser(std::string_view text) : m_text(text) {}

  bool at_end() const { return m_position >= m_text.size(); }
  char peek() const { return at_end() ? '\0' : m_text[m_position]; }
  bool accept(char expected) {
    if (peek() != expected) return false;
    ++m_position;
    return true;
  }

  template <typename... Args>
  std::unexpected<Error> fail(fmt::format_string<Args...> format, Args&&... args) const {
    return make_error(ErrorCode::parse, "time zone rule \"{}\" at character {}: {}", m_text,
                      m_position + 1, fmt::format(format, std::forward<Args>(args)...));
  }

  // A zone abbreviation: three or more letters, or anything quoted in <…>.
  Result<> abbreviation() {
    if (accept('<')) {
      const size_t close = m_text.find('>', m_position);
      if (close == std::string_view::npos) return fail("an unclosed '<'");
      m_position = close + 1;
      return {};
    }
    const size_t start = m_position;
    while (std::isalpha(static_cast<unsigned char>(peek()))) ++m_position;
    if (m_position - start < 3) return fail("a zone abbreviation of at least 3 letters expected");
    return {};
  }

  Result<int> number(int max) {
    const size_t start = m_position;
    int value = 0;
    while (std::isdigit(static_cast<unsigned char>(peek()))) {
      value = value * 10 + (peek() - '0');
      ++m_position;
      if (value > max) return fail("number above {}", max);
    }
    if (m_position == start) return fail("a number expected");
    return value;
  }

  // [+-]hh[:mm[:ss]] in seconds, hours up to `max_hours`.
  Result<int32_t> duration(int max_hours) {
    int sign = 1;
    if (accept('-')) {
      sign = -1;
    } else {
      accept('+');
    }
    int32_t seconds = TRY(number(max_hours)) * 3600;
    if (accept(':')) {
      seconds += TRY(number(59)) * 60;
      if (accept(':')) seconds += TRY(number(59));
    }
    return sign * seconds;
  }

  Result<PosixRuleDate> rule_date() {
    PosixRuleDate date;
    if (accept('J')) {
      date.kind = PosixRuleDate::Kind::julian_no_leap;
      date.day = TRY(number(365));
      if (date.day < 1) return fail("Jn days count from 1");
    } else if (accept('M')) {
      date.kind = PosixRuleDate::Kind::month_week_day;
      date.month = TRY(number(12));
      if (!accept('.')) return fail("'.' expected in Mm.w.d");
      date.week = TRY(number(5));
      if (!accept('.')) return fail("'.' expected in Mm.w.d");
      date.day = TRY(number(6));
      if (date.month < 1 || date.week < 1) return fail("Mm.w.d counts months and weeks from 1");
    } else {
      date.kind = PosixRuleDate::Kind::zero_based;
      date.day = TRY(number(365));
    }
    if (accept('/')) date.time = TRY(duration(167));
    return date;
  }

 private:
  std::string_view m_text;
  size_t m_position = 0;
};

}  // namespace

std::chrono::sys_days PosixRuleDate::in_year(std::chrono::year year) const {
  using namespace std::chrono;
  const sys_days january_first = sys_days(year / January / 1);
  switch (kind) {
    case Kind::julian_no_leap: {
      // Day 60 is March 1st in every year: February 29th is never counted.
      const int leap_shift = (year.is_leap() && day >= 60) ? 1 : 0;
      return january_first + days(day - 1 + leap_shift);
    }
    case Kind::zero_based:
      return january_first + days(day);
    case Kind::month_week_day: {
      const sys_days first = sys_days(year / month / 1);
      const unsigned first_weekday = weekday(first).c_encoding();
      sys_days result =
          first + days((day - static_cast<int>(first_weekday) + 7) % 7) + days(7 * (week - 1));
      const sys_days next_month = sys_days((year / month / 1) + months(1));
      while (result >= next_month) result -= days(7);  // week 5 = the last such weekday
      return result;
    }
  }
  return january_first;
}

Result<PosixTzRule> PosixTzRule::parse(std::string_view text) {
  RuleParser parser(text);
  PosixTzRule rule;
  TRY(parser.abbreviation());
  rule.standard_offset = -TRY(parser.duration(24));
  if (parser.at_end()) return rule;
  TRY(parser.abbreviation());
  DaylightSaving daylight{.offset = rule.standard_offset + 3600};
  if (!parser.at_end() && parser.peek() != ',') daylight.offset = -TRY(parser.duration(24));
  if (!parser.accept(',')) {
    // POSIX leaves the default rule to the implementation; TZif footers always give one.
    return parser.fail("daylight saving time without its start and end rule");
  }
  daylight.start = TRY(parser.rule_date());
  if (!parser.accept(',')) return parser.fail("',' and the end rule expected");
  daylight.end = TRY(parser.rule_date());
  if (!parser.at_end()) return parser.fail("unexpected text after the end rule");
  rule.daylight = daylight;
  return rule;
}

int32_t PosixTzRule::offset_at(std::chrono::sys_seconds instant) const {
  using namespace std::chrono;
  if (!daylight) return standard_offset;
  const year_month_day local_date{floor<days>(instant + seconds(standard_offset))};
  const auto transition = [&](const PosixRuleDate& date, int32_t offset_before) {
    return sys_seconds(date.in_year(local_date.year())) + seconds(date.time - offset_before);
  };
  const sys_seconds start = transition(daylight->start, standard_offset);
  const sys_seconds end = transition(daylight->end, daylight->offset);
  const bool in_daylight =
      start < end ? (start <= instant && instant < end) : !(end <= instant && instant < start);
  return in_daylight ? daylight->offset : standard_offset;
}

}  // namespace reelhouse::scheduler
