// Civil dates and UTC instants. Business deadlines are counted in China's civil dates, so every
// conversion to a date or display text goes through Asia/Shanghai (UTC+8, see date.cpp).
#pragma once

#include <chrono>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "kernel/result.hpp"

namespace medrisk {

class Date;

// An instant: microseconds since 1970-01-01T00:00:00Z, ignoring leap seconds (as Unix time does).
class Timestamp {
 public:
  using Duration = std::chrono::microseconds;
  using SysTime = std::chrono::sys_time<Duration>;

  constexpr Timestamp() = default;
  static constexpr Timestamp from_micros(std::int64_t micros) { return Timestamp(micros); }
  static constexpr Timestamp from_sys_time(SysTime t) { return Timestamp(t.time_since_epoch().count()); }
  // Midnight at the start of `date` in China.
  static Timestamp start_of_shanghai_day(Date date);

  // RFC 3339: "2026-03-02T08:30:00Z", "2026-03-02T16:30:00.5+08:00". Up to nine fraction digits,
  // kept to the microsecond (truncated). Years 0001–9999; no leap second.
  static Result<Timestamp> parse(std::string_view text);

  constexpr std::int64_t micros() const { return micros_; }
  constexpr SysTime sys_time() const { return SysTime(Duration(micros_)); }

  // Always UTC with six fraction digits, so the text sorts like the instant:
  // "2026-03-02T08:30:00.123456Z".
  std::string to_iso_utc() const;
  // Display text in China time, to the second: "2026-03-02 16:30:00".
  std::string to_shanghai() const;
  Date shanghai_date() const;

  constexpr Timestamp operator+(Duration d) const { return Timestamp(micros_ + d.count()); }
  constexpr Timestamp operator-(Duration d) const { return Timestamp(micros_ - d.count()); }
  constexpr Duration operator-(Timestamp other) const { return Duration(micros_ - other.micros_); }
  constexpr Timestamp& operator+=(Duration d) { micros_ += d.count(); return *this; }
  constexpr auto operator<=>(const Timestamp&) const = default;

 private:
  constexpr explicit Timestamp(std::int64_t micros) : micros_(micros) {}
  std::int64_t micros_ = 0;
};

// A civil (proleptic Gregorian) date without time zone. Default: 1970-01-01.
class Date {
 public:
  constexpr Date() = default;
  // Years 1–9999 only; anything else, or a day the month does not have, is invalid_date.
  static Result<Date> from_ymd(int year, int month, int day);
  // Exactly "YYYY-MM-DD", nothing before or after.
  static Result<Date> parse(std::string_view text);
  static constexpr Date from_days_since_epoch(std::int32_t days) { return Date(days); }
  static Date from_sys_days(std::chrono::sys_days days);
  static Date from_timestamp_shanghai(Timestamp t);

  std::string to_string() const;  // "2025-10-01"
  int year() const;
  int month() const;  // 1–12
  int day() const;    // 1–31
  int weekday() const;  // ISO 8601: 1 = Monday … 7 = Sunday
  bool is_weekend() const { return weekday() >= 6; }

  constexpr std::int32_t days_since_epoch() const { return days_; }
  std::chrono::sys_days sys_days() const;
  constexpr Date add_days(std::int32_t n) const { return Date(days_ + n); }
  // Signed number of days from `other` to this date: 2025-10-08 - 2025-10-01 == 7.
  constexpr std::int32_t operator-(Date other) const { return days_ - other.days_; }
  constexpr auto operator<=>(const Date&) const = default;

 private:
  constexpr explicit Date(std::int32_t days) : days_(days) {}
  std::int32_t days_ = 0;
};

// An inclusive range of dates, e.g. a period during which a deadline clock is paused.
struct DateInterval {
  Date from;
  Date to;  // inclusive
  bool contains(Date d) const { return from <= d && d <= to; }
  constexpr auto operator<=>(const DateInterval&) const = default;
};

}  // namespace medrisk
