// Date and Timestamp conversions on top of <chrono>'s calendar types (g++ 12 has no tzdb).
// China time is a fixed UTC+8: Asia/Shanghai has had no daylight saving time since 1991, and every
// date this platform handles is later than that, so no time-zone database is needed.
#include "kernel/date.hpp"

#include <cstdio>

#include "kernel/errors.hpp"

namespace medrisk {
namespace {

using namespace std::chrono;

constexpr auto kShanghaiOffset = hours(8);
constexpr int kMinYear = 1;
constexpr int kMaxYear = 9999;

Error date_error(std::string detail) { return Error::of(std::string(kernel_errors::invalid_date), std::move(detail)); }
Error timestamp_error(std::string detail) {
  return Error::of(std::string(kernel_errors::invalid_timestamp), std::move(detail));
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Reads exactly `count` digits at `pos`; false if any is not a digit or the text is too short.
bool read_digits(std::string_view text, std::size_t pos, std::size_t count, int& out) {
  if (pos + count > text.size()) return false;
  out = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (!is_digit(text[i])) return false;
    out = out * 10 + (text[i] - '0');
  }
  return true;
}

bool read_date(std::string_view text, int& y, int& m, int& d) {
  return text.size() >= 10 && text[4] == '-' && text[7] == '-' && read_digits(text, 0, 4, y) &&
         read_digits(text, 5, 2, m) && read_digits(text, 8, 2, d);
}

// "YYYY-MM-DD HH:MM:SS" plus, when `fraction` is set, ".ffffff".
std::string format_sys_time(sys_time<microseconds> t, char separator, bool fraction) {
  auto day = floor<days>(t);
  year_month_day ymd(day);
  hh_mm_ss<microseconds> hms(t - day);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u%c%02d:%02d:%02d", int(ymd.year()), unsigned(ymd.month()),
                unsigned(ymd.day()), separator, int(hms.hours().count()), int(hms.minutes().count()),
                int(hms.seconds().count()));
  std::string out = buf;
  if (fraction) {
    std::snprintf(buf, sizeof buf, ".%06lld", static_cast<long long>(hms.subseconds().count()));
    out += buf;
  }
  return out;
}

// Fraction after the seconds: ".f" to ".fffffffff"; advances `pos`, adds microseconds.
bool read_fraction(std::string_view text, std::size_t& pos, std::int64_t& micros) {
  if (pos >= text.size() || text[pos] != '.') return true;
  std::size_t start = ++pos;
  std::int64_t scale = 100'000;
  while (pos < text.size() && is_digit(text[pos])) {
    micros += (text[pos] - '0') * scale;
    scale /= 10;
    ++pos;
  }
  return pos > start && pos - start <= 9;
}

// "Z" or "+HH:MM"/"-HH:MM" ending the text; the offset is what local time is ahead of UTC.
bool read_offset(std::string_view rest, minutes& offset) {
  if (rest == "Z" || rest == "z") return true;
  int h = 0;
  int m = 0;
  if (rest.size() != 6 || (rest[0] != '+' && rest[0] != '-') || rest[3] != ':' || !read_digits(rest, 1, 2, h) ||
      !read_digits(rest, 4, 2, m) || h > 23 || m > 59) {
    return false;
  }
  offset = minutes(h * 60 + m) * (rest[0] == '-' ? -1 : 1);
  return true;
}

bool read_time_of_day(std::string_view text, microseconds& out) {
  int h = 0;
  int m = 0;
  int s = 0;
  if (text.size() < 19 || (text[10] != 'T' && text[10] != 't') || text[13] != ':' || text[16] != ':' ||
      !read_digits(text, 11, 2, h) || !read_digits(text, 14, 2, m) || !read_digits(text, 17, 2, s)) {
    return false;
  }
  if (h > 23 || m > 59 || s > 59) return false;
  out = hours(h) + minutes(m) + seconds(s);
  return true;
}

}  // namespace

Result<Date> Date::from_ymd(int y, int m, int d) {
  if (y < kMinYear || y > kMaxYear) return date_error("year outside 0001-9999");
  if (m < 1 || m > 12 || d < 1 || d > 31) return date_error("month or day out of range");
  std::chrono::year_month_day ymd{std::chrono::year(y), std::chrono::month(unsigned(m)),
                                  std::chrono::day(unsigned(d))};
  if (!ymd.ok()) return date_error("the month has no such day");
  return from_sys_days(std::chrono::sys_days(ymd));
}

Result<Date> Date::parse(std::string_view text) {
  int y = 0;
  int m = 0;
  int d = 0;
  if (text.size() != 10 || !read_date(text, y, m, d)) return date_error("expected YYYY-MM-DD");
  return from_ymd(y, m, d);
}

Date Date::from_sys_days(std::chrono::sys_days d) { return Date(std::int32_t(d.time_since_epoch().count())); }

Date Date::from_timestamp_shanghai(Timestamp t) {
  return from_sys_days(floor<days>(t.sys_time() + kShanghaiOffset));
}

std::chrono::sys_days Date::sys_days() const { return std::chrono::sys_days(days(days_)); }

std::string Date::to_string() const {
  year_month_day ymd(sys_days());
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", int(ymd.year()), unsigned(ymd.month()), unsigned(ymd.day()));
  return buf;
}

int Date::year() const { return int(year_month_day(sys_days()).year()); }
int Date::month() const { return int(unsigned(year_month_day(sys_days()).month())); }
int Date::day() const { return int(unsigned(year_month_day(sys_days()).day())); }
int Date::weekday() const { return int(std::chrono::weekday(sys_days()).iso_encoding()); }

Timestamp Timestamp::start_of_shanghai_day(Date date) {
  return from_sys_time(SysTime(date.sys_days()) - kShanghaiOffset);
}

Result<Timestamp> Timestamp::parse(std::string_view text) {
  int y = 0;
  int m = 0;
  int d = 0;
  microseconds time_of_day{};
  if (!read_date(text, y, m, d) || !read_time_of_day(text, time_of_day)) {
    return timestamp_error("expected RFC 3339 YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM)");
  }
  auto date = Date::from_ymd(y, m, d);
  if (!date) return timestamp_error(date.error().detail);
  std::size_t pos = 19;
  std::int64_t fraction_micros = 0;
  minutes offset{};
  if (!read_fraction(text, pos, fraction_micros) || !read_offset(text.substr(pos), offset)) {
    return timestamp_error("bad fraction or UTC offset");
  }
  SysTime local = SysTime(date->sys_days()) + time_of_day + microseconds(fraction_micros);
  return from_sys_time(local - offset);
}

std::string Timestamp::to_iso_utc() const { return format_sys_time(sys_time(), 'T', true) + "Z"; }

std::string Timestamp::to_shanghai() const { return format_sys_time(sys_time() + kShanghaiOffset, ' ', false); }

Date Timestamp::shanghai_date() const { return Date::from_timestamp_shanghai(*this); }

}  // namespace medrisk
