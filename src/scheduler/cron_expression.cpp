// Parsing and day matching of cron expressions.
#include "scheduler/cron_expression.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <optional>
#include <span>
#include <vector>

namespace reelhouse::scheduler {

namespace {

struct FieldSpec {
  std::string_view name;
  int low;
  int high;
  std::span<const std::string_view> names;  // names[i] stands for low + i (may be empty)
};

constexpr std::array<std::string_view, 12> k_month_names = {
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
constexpr std::array<std::string_view, 7> k_weekday_names = {"SUN", "MON", "TUE", "WED",
                                                             "THU", "FRI", "SAT"};

constexpr std::array<std::pair<std::string_view, std::string_view>, 7> k_macros = {{
    {"@hourly", "0 * * * *"},
    {"@daily", "0 0 * * *"},
    {"@midnight", "0 0 * * *"},
    {"@weekly", "0 0 * * 0"},
    {"@monthly", "0 0 1 * *"},
    {"@yearly", "0 0 1 1 *"},
    {"@annually", "0 0 1 1 *"},
}};

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    const size_t end = text.find(separator, start);
    parts.push_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

std::vector<std::string_view> split_whitespace(std::string_view text) {
  std::vector<std::string_view> parts;
  size_t index = 0;
  while (index < text.size()) {
    while (index < text.size() && std::isspace(static_cast<unsigned char>(text[index]))) ++index;
    const size_t start = index;
    while (index < text.size() && !std::isspace(static_cast<unsigned char>(text[index]))) ++index;
    if (index > start) parts.push_back(text.substr(start, index - start));
  }
  return parts;
}

class FieldParser {
 public:
  FieldParser(std::string_view expression, const FieldSpec& spec)
      : m_expression(expression), m_spec(spec) {}

  // The set of values of `field`, as bits low..high.
  Result<std::vector<bool>> parse(std::string_view field) const {
    std::vector<bool> values(static_cast<size_t>(m_spec.high + 1), false);
    for (const std::string_view item : split(field, ',')) {
      if (item.empty()) return fail("an empty list item in \"{}\"", field);
      const auto slash = item.find('/');
      const std::string_view range = item.substr(0, slash);
      int step = 1;
      if (slash != std::string_view::npos) {
        step = TRY(number(item.substr(slash + 1), "step"));
        if (step <= 0) return fail("step {} in \"{}\" must be positive", step, item);
      }
      int first = m_spec.low;
      int last = m_spec.high;
      if (range != "*") {
        const auto dash = range.find('-');
        first = TRY(value(range.substr(0, dash)));
        if (dash != std::string_view::npos) {
          last = TRY(value(range.substr(dash + 1)));
        } else if (slash == std::string_view::npos) {
          last = first;  // "a" alone; "a/n" runs to the maximum
        }
        if (first > last) return fail("range \"{}\" runs backwards", range);
      }
      for (int current = first; current <= last; current += step) {
        values[static_cast<size_t>(current)] = true;
      }
    }
    return values;
  }

 private:
  template <typename... Args>
  std::unexpected<Error> fail(fmt::format_string<Args...> format, Args&&... args) const {
    return make_error(ErrorCode::invalid_argument, "cron \"{}\": {} field: {}", m_expression,
                      m_spec.name, fmt::format(format, std::forward<Args>(args)...));
  }

  Result<int> number(std::string_view text, std::string_view what) const {
    int parsed = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), parsed);
    if (text.empty() || error != std::errc{} || end != text.data() + text.size()) {
      return fail("\"{}\" is not a {}", text, what);
    }
    return parsed;
  }

  Result<int> value(std::string_view text) const {
    std::string upper(text);
    std::ranges::transform(upper, upper.begin(),
                           [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    for (size_t index = 0; index < m_spec.names.size(); ++index) {
      if (m_spec.names[index] == upper) return m_spec.low + static_cast<int>(index);
    }
    const int parsed = TRY(number(text, "number or name"));
    if (parsed < m_spec.low || parsed > m_spec.high) {
      return fail("{} is outside {}-{}", parsed, m_spec.low, m_spec.high);
    }
    return parsed;
  }

  std::string_view m_expression;
  const FieldSpec& m_spec;
};

template <size_t N>
void copy_bits(const std::vector<bool>& values, std::bitset<N>& bits) {
  for (size_t index = 0; index < N && index < values.size(); ++index) bits[index] = values[index];
}

}  // namespace

Result<CronExpression> CronExpression::parse(std::string_view text) {
  std::string_view fields_text = text;
  for (const auto& [macro, expansion] : k_macros) {
    if (text == macro) fields_text = expansion;
  }
  if (!fields_text.empty() && fields_text.front() == '@' && fields_text == text) {
    return make_error(ErrorCode::invalid_argument,
                      "cron \"{}\": unknown macro (expected @hourly, @daily, @midnight, @weekly, "
                      "@monthly, @yearly or @annually)",
                      text);
  }
  const auto fields = split_whitespace(fields_text);
  if (fields.size() != 5) {
    return make_error(ErrorCode::invalid_argument,
                      "cron \"{}\" has {} fields; expected 5: minute hour day-of-month month "
                      "day-of-week (e.g. \"0 3 * * *\" for 03:00 every day)",
                      text, fields.size());
  }
  const FieldSpec specs[] = {
      {"minute", 0, 59, {}},
      {"hour", 0, 23, {}},
      {"day-of-month", 1, 31, {}},
      {"month", 1, 12, k_month_names},
      {"day-of-week", 0, 7, k_weekday_names},
  };
  CronExpression cron;
  cron.m_text = std::string(text);
  std::vector<bool> values[5];
  for (size_t field_idx = 0; field_idx < 5; ++field_idx) {
    values[field_idx] = TRY(FieldParser(text, specs[field_idx]).parse(fields[field_idx]));
  }
  copy_bits(values[0], cron.m_minutes);
  copy_bits(values[1], cron.m_hours);
  copy_bits(values[2], cron.m_days_of_month);
  copy_bits(values[3], cron.m_months);
  copy_bits(values[4], cron.m_days_of_week);
  if (values[4][7]) cron.m_days_of_week.set(0);  // 7 is Sunday too
  cron.m_day_of_month_restricted = fields[2].front() != '*';
  cron.m_day_of_week_restricted = fields[4].front() != '*';
  return cron;
}

bool CronExpression::matches_day(std::chrono::year_month_day date) const {
  if (!m_months.test(static_cast<unsigned>(date.month()))) return false;
  const bool day_of_month = m_days_of_month.test(static_cast<unsigned>(date.day()));
  const bool day_of_week =
      m_days_of_week.test(std::chrono::weekday(std::chrono::sys_days(date)).c_encoding());
  if (m_day_of_month_restricted && m_day_of_week_restricted) return day_of_month || day_of_week;
  return day_of_month && day_of_week;
}

}  // namespace reelhouse::scheduler
