// Date and Timestamp: strict parsing of what clients send, stable formatting, and the conversion to
// China's civil date that every deadline is counted from.
#include <gtest/gtest.h>

#include <chrono>

#include "kernel/date.hpp"
#include "kernel/errors.hpp"
#include "unit/kernel/kernel_test_support.hpp"

namespace medrisk {
namespace {

using test::D;
using test::T;
using namespace std::chrono_literals;

TEST(DateParse, AcceptsRealDatesOnly) {
  EXPECT_EQ(D("2024-02-29").to_string(), "2024-02-29");  // leap year
  EXPECT_EQ(D("0001-01-01").year(), 1);
  EXPECT_EQ(D("9999-12-31").day(), 31);
  const char* invalid[] = {"2025-02-29", "2025-04-31", "2025-13-01", "2025-00-10", "2025-01-00", "0000-01-01",
                           "2025-1-01",  "2025-01-1",  "20250101",   "2025/01/01", " 2025-01-01", "2025-01-01 ",
                           "2025-01-01T00:00:00Z",     "",           "abcd-ef-gh", "+025-01-01",  "2025-01-0a"};
  for (const char* text : invalid) {
    auto d = Date::parse(text);
    ASSERT_FALSE(d.ok()) << text;
    EXPECT_EQ(d.error().code, kernel_errors::invalid_date) << text;
  }
}

TEST(DateParse, FromYmdValidates) {
  EXPECT_TRUE(Date::from_ymd(2025, 10, 1).ok());
  EXPECT_FALSE(Date::from_ymd(0, 1, 1).ok());
  EXPECT_FALSE(Date::from_ymd(10'000, 1, 1).ok());
  EXPECT_FALSE(Date::from_ymd(2025, 2, 29).ok());
  EXPECT_FALSE(Date::from_ymd(2025, 12, 32).ok());
  EXPECT_FALSE(Date::from_ymd(2025, -1, 1).ok());
}

TEST(DateCalendar, FieldsWeekdaysAndArithmetic) {
  Date d = D("2025-09-26");
  EXPECT_EQ(d.year(), 2025);
  EXPECT_EQ(d.month(), 9);
  EXPECT_EQ(d.day(), 26);
  EXPECT_EQ(d.weekday(), 5);                   // Friday
  EXPECT_EQ(D("2025-09-28").weekday(), 7);     // Sunday
  EXPECT_EQ(D("2025-09-29").weekday(), 1);     // Monday
  EXPECT_EQ(D("1970-01-01").weekday(), 4);     // Thursday
  EXPECT_EQ(D("2024-02-29").weekday(), 4);
  EXPECT_TRUE(D("2025-09-27").is_weekend());
  EXPECT_EQ(D("1970-01-01").days_since_epoch(), 0);
  EXPECT_EQ(D("2000-01-01").days_since_epoch(), 10'957);
  EXPECT_EQ(D("1969-12-31").days_since_epoch(), -1);
  EXPECT_EQ(D("2024-02-28").add_days(2), D("2024-03-01"));
  EXPECT_EQ(D("2025-02-28").add_days(1), D("2025-03-01"));
  EXPECT_EQ(D("2025-12-31").add_days(1), D("2026-01-01"));
  EXPECT_EQ(D("2026-01-01").add_days(-1), D("2025-12-31"));
  EXPECT_EQ(D("2025-10-08") - D("2025-10-01"), 7);
  EXPECT_EQ(D("2025-10-01") - D("2025-10-08"), -7);
  EXPECT_LT(D("2025-10-01"), D("2025-10-02"));
  EXPECT_EQ(Date(), D("1970-01-01"));
}

TEST(TimestampParse, Rfc3339InUtcOrWithOffset) {
  Timestamp utc = T("2026-03-02T08:30:00Z");
  EXPECT_EQ(utc.to_iso_utc(), "2026-03-02T08:30:00.000000Z");
  EXPECT_EQ(T("2026-03-02T16:30:00+08:00"), utc);
  EXPECT_EQ(T("2026-03-02t08:30:00z"), utc);
  EXPECT_EQ(T("2026-03-01T20:00:00-05:00").to_iso_utc(), "2026-03-02T01:00:00.000000Z");
  EXPECT_EQ(T("1970-01-01T00:00:00Z").micros(), 0);
  EXPECT_EQ(T("1970-01-01T08:00:00+08:00").micros(), 0);
  EXPECT_EQ(T("1969-12-31T23:59:59.999999Z").micros(), -1);
  EXPECT_EQ(Timestamp::from_micros(-1).to_iso_utc(), "1969-12-31T23:59:59.999999Z");
}

TEST(TimestampParse, FractionsKeptToTheMicrosecond) {
  EXPECT_EQ(T("2026-03-02T08:30:00.123456Z").to_iso_utc(), "2026-03-02T08:30:00.123456Z");
  EXPECT_EQ(T("2026-03-02T08:30:00.5Z").to_iso_utc(), "2026-03-02T08:30:00.500000Z");
  EXPECT_EQ(T("2026-03-02T08:30:00.123456789Z").to_iso_utc(), "2026-03-02T08:30:00.123456Z");
  EXPECT_EQ(T("2026-03-02T08:30:00.000001Z") - T("2026-03-02T08:30:00Z"), 1us);
}

TEST(TimestampParse, RejectsAnythingElse) {
  const char* invalid[] = {"2026-03-02T08:30:00",         "2026-03-02 08:30:00Z",       "2026-03-02T24:00:00Z",
                           "2026-03-02T08:60:00Z",        "2026-03-02T08:30:60Z",       "2026-02-30T08:30:00Z",
                           "2026-03-02T08:30:00+8:00",    "2026-03-02T08:30:00+24:00",  "2026-03-02T08:30:00+08:60",
                           "2026-03-02T08:30:00+0800",    "2026-03-02T08:30:00.Z",      "2026-03-02T08:30:00.1234567890Z",
                           "2026-03-02T08:30:00Zjunk",    "2026-03-02T8:30:00Z",        "2026-03-02",
                           "",                            "0000-01-01T00:00:00Z",       "2026-03-02T08:30Z"};
  for (const char* text : invalid) {
    auto t = Timestamp::parse(text);
    ASSERT_FALSE(t.ok()) << text;
    EXPECT_EQ(t.error().code, kernel_errors::invalid_timestamp) << text;
  }
}

TEST(TimestampShanghai, DisplayAndCivilDateAreUtcPlusEight) {
  struct Case {
    const char* utc;
    const char* shanghai;
    const char* date;
  };
  const Case cases[] = {
      {"2026-03-02T08:30:00Z", "2026-03-02 16:30:00", "2026-03-02"},
      {"2026-03-02T15:59:59.999999Z", "2026-03-02 23:59:59", "2026-03-02"},
      {"2026-03-02T16:00:00Z", "2026-03-03 00:00:00", "2026-03-03"},  // after midnight in China
      {"2025-12-31T16:00:00Z", "2026-01-01 00:00:00", "2026-01-01"},
      {"1970-01-01T00:00:00Z", "1970-01-01 08:00:00", "1970-01-01"},
  };
  for (const auto& c : cases) {
    Timestamp t = T(c.utc);
    EXPECT_EQ(t.to_shanghai(), c.shanghai) << c.utc;
    EXPECT_EQ(t.shanghai_date(), D(c.date)) << c.utc;
    EXPECT_EQ(Date::from_timestamp_shanghai(t), D(c.date)) << c.utc;
  }
}

TEST(TimestampShanghai, StartOfChinaDayAndDurations) {
  EXPECT_EQ(Timestamp::start_of_shanghai_day(D("2026-03-02")).to_iso_utc(), "2026-03-01T16:00:00.000000Z");
  Timestamp t = T("2026-03-02T08:30:00Z");
  EXPECT_EQ((t + 24h).shanghai_date(), D("2026-03-03"));
  EXPECT_EQ((t + 90min) - t, 90min);
  EXPECT_EQ((t - 9h).to_shanghai(), "2026-03-02 07:30:00");
  Timestamp u = t;
  u += 1s;
  EXPECT_GT(u, t);
}

}  // namespace
}  // namespace medrisk
