// Working-day deadlines on the mainland-China calendar. Every expected date below was worked out by
// hand from data/calendar/cn-holidays.json and a wall calendar, not by running the code.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <vector>

#include "kernel/errors.hpp"
#include "kernel/working_calendar.hpp"
#include "unit/kernel/kernel_test_support.hpp"

namespace medrisk {
namespace {

using test::D;

const WorkingCalendar& china() {
  static const WorkingCalendar calendar = [] {
    auto loaded = WorkingCalendar::load(test::source_dir() / "data/calendar/cn-holidays.json");
    if (!loaded) throw std::runtime_error("cn-holidays.json: " + loaded.error().detail);
    return std::move(loaded).value();
  }();
  return calendar;
}

struct DayCase {
  const char* date;
  bool working;
  const char* why;
};

TEST(WorkingCalendar, HolidaysAndMakeUpDays) {
  const DayCase cases[] = {
      {"2025-01-24", true, "Friday before Spring Festival"},
      {"2025-01-25", false, "ordinary Saturday"},
      {"2025-01-26", true, "Sunday worked in exchange (调休)"},
      {"2025-01-28", false, "Spring Festival eve, first day off"},
      {"2025-01-31", false, "Friday inside the holiday"},
      {"2025-02-04", false, "last day off"},
      {"2025-02-05", true, "back to work"},
      {"2025-02-08", true, "Saturday worked in exchange"},
      {"2025-02-09", false, "ordinary Sunday"},
      {"2025-09-28", true, "Sunday before National Day, worked"},
      {"2025-10-01", false, "National Day"},
      {"2025-10-08", false, "last day of the 2025 Golden Week"},
      {"2025-10-09", true, "Thursday after the holiday"},
      {"2025-10-11", true, "Saturday worked in exchange"},
      {"2025-10-12", false, "ordinary Sunday"},
      {"2026-02-14", true, "Saturday worked before Spring Festival 2026"},
      {"2026-02-23", false, "Monday, last day off"},
      {"2026-02-28", true, "Saturday worked after Spring Festival 2026"},
      {"2026-09-25", false, "Mid-Autumn Festival 2026"},
      {"2026-10-10", true, "Saturday worked after National Day 2026"},
      {"2024-01-01", false, "New Year's Day 2024"},
  };
  for (const auto& c : cases) EXPECT_EQ(china().is_working_day(D(c.date)), c.working) << c.date << ": " << c.why;
}

struct AddCase {
  const char* scenario;
  const char* start;
  int working_days;
  const char* deadline;
};

TEST(WorkingCalendar, DeadlinesAcrossHolidays) {
  const AddCase cases[] = {
      {"complaint received Friday before National Day 2025", "2025-09-26", 5, "2025-10-10"},
      {"… one more day lands on the make-up Saturday", "2025-09-26", 6, "2025-10-11"},
      {"… and then the next Monday", "2025-09-26", 7, "2025-10-13"},
      {"first working day after a Friday is the make-up Sunday", "2025-09-26", 1, "2025-09-28"},
      {"Spring Festival 2025: the make-up Sunday counts", "2025-01-24", 1, "2025-01-26"},
      {"Spring Festival 2025: the week off does not", "2025-01-24", 3, "2025-02-05"},
      {"Spring Festival 2025: the make-up Saturday counts", "2025-01-24", 6, "2025-02-08"},
      {"Spring Festival 2025: then Monday", "2025-01-24", 7, "2025-02-10"},
      {"Mid-Autumn and National Day 2026 back to back", "2026-09-24", 5, "2026-10-09"},
      {"… the make-up Saturday", "2026-09-24", 6, "2026-10-10"},
      {"Spring Festival 2026", "2026-02-12", 3, "2026-02-24"},
      {"Spring Festival 2026, make-up Saturday after", "2026-02-12", 7, "2026-02-28"},
      {"zero working days is the start itself, even on a holiday", "2025-10-01", 0, "2025-10-01"},
      {"starting on a holiday counts from the next working day", "2025-10-01", 1, "2025-10-09"},
      {"New Year 2024 from the last Friday of 2023", "2023-12-29", 1, "2024-01-02"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(china().add_working_days(D(c.start), c.working_days), D(c.deadline)) << c.scenario;
  }
}

TEST(WorkingCalendar, WorkingDaysBetweenCountsTheEndNotTheStart) {
  EXPECT_EQ(china().working_days_between(D("2025-01-24"), D("2025-02-10")), 7);
  EXPECT_EQ(china().working_days_between(D("2025-02-10"), D("2025-01-24")), -7);
  EXPECT_EQ(china().working_days_between(D("2025-09-26"), D("2025-10-10")), 5);
  EXPECT_EQ(china().working_days_between(D("2025-10-01"), D("2025-10-01")), 0);
  EXPECT_EQ(china().working_days_between(D("2025-10-08"), D("2025-10-09")), 1);
  EXPECT_EQ(china().working_days_between(D("2023-12-29"), D("2024-01-03")), 2);
}

TEST(WorkingCalendar, WorkingDaysPerYearMatchThePublishedTotals) {
  // Mon–Fri days minus weekday holidays plus make-up days: 262-19+8, 261-18+5, 261-19+6.
  EXPECT_EQ(china().working_days_between(D("2023-12-31"), D("2024-12-31")), 251);
  EXPECT_EQ(china().working_days_between(D("2024-12-31"), D("2025-12-31")), 248);
  EXPECT_EQ(china().working_days_between(D("2025-12-31"), D("2026-12-31")), 248);
}

TEST(WorkingCalendar, PausedDaysAreNotCounted) {
  // Mediation started Monday 2025-03-03; 10 working days; appraisal from 03-05 to 03-11.
  const std::vector<DateInterval> appraisal{{D("2025-03-05"), D("2025-03-11")}};
  EXPECT_EQ(china().add_working_days(D("2025-03-03"), 10), D("2025-03-17"));
  EXPECT_EQ(china().add_working_days(D("2025-03-03"), 10, appraisal), D("2025-03-24"));
  EXPECT_EQ(china().working_days_between(D("2025-03-03"), D("2025-03-24")), 15);
  EXPECT_EQ(china().working_days_between(D("2025-03-03"), D("2025-03-24"), appraisal), 10);

  const std::vector<DateInterval> overlapping{{D("2025-03-06"), D("2025-03-11")}, {D("2025-03-05"), D("2025-03-07")}};
  EXPECT_EQ(china().add_working_days(D("2025-03-03"), 10, overlapping), D("2025-03-24"));
  EXPECT_EQ(china().working_days_between(D("2025-03-03"), D("2025-03-24"), overlapping), 10);

  const std::vector<DateInterval> began_before{{D("2025-03-01"), D("2025-03-05")}};
  EXPECT_EQ(china().add_working_days(D("2025-03-03"), 10, began_before), D("2025-03-19"));

  const std::vector<DateInterval> long_ago{{D("2025-01-01"), D("2025-02-01")}};
  EXPECT_EQ(china().add_working_days(D("2025-03-03"), 10, long_ago), D("2025-03-17"));

  // A pause over National Day 2025: 09-28 counts, 09-29/09-30/10-09 are paused.
  const std::vector<DateInterval> over_holiday{{D("2025-09-29"), D("2025-10-09")}};
  EXPECT_EQ(china().add_working_days(D("2025-09-26"), 5, over_holiday), D("2025-10-14"));
  EXPECT_EQ(china().working_days_between(D("2025-10-14"), D("2025-09-26"), over_holiday), -5);
}

TEST(WorkingCalendar, UncoveredYearFallsBackToWeekdays) {
  EXPECT_TRUE(china().covers(2025));
  EXPECT_FALSE(china().covers(2027));
  EXPECT_FALSE(china().covers(2023));
  EXPECT_EQ(china().uncovered_years(D("2027-02-01"), D("2026-12-01")), std::vector<int>{2027});
  EXPECT_EQ(china().uncovered_years(D("2022-06-01"), D("2028-01-01")), (std::vector<int>{2022, 2023, 2027, 2028}));
  EXPECT_TRUE(china().uncovered_years(D("2024-01-01"), D("2026-12-31")).empty());
  // 2027-01-01 is a Friday; its holiday is not published here, so it counts as a working day.
  EXPECT_TRUE(china().is_working_day(D("2027-01-01")));
  EXPECT_EQ(china().add_working_days(D("2026-12-31"), 1), D("2027-01-01"));
  EXPECT_EQ(china().add_working_days(D("2026-12-31"), 2), D("2027-01-04"));
  EXPECT_EQ(china().add_working_days(D("2022-12-30"), 1), D("2023-01-02"));
  EXPECT_EQ(china().working_days_between(D("2030-01-04"), D("2030-01-11")), 5);
  EXPECT_NE(china().source(2025).find("国办发明电〔2024〕12号"), std::string::npos);
  EXPECT_EQ(china().source(2027), "");
  EXPECT_FALSE(china().version().empty());
}

TEST(WorkingCalendar, CountingAndAddingAgreeDayByDay) {
  // Cross-check the prefix-count arithmetic against a plain day-by-day walk, 2022 to 2028.
  for (Date start = D("2022-12-01"); start < D("2028-02-01"); start = start.add_days(11)) {
    Date walk = start;
    for (int n = 1; n <= 40; ++n) {
      do walk = walk.add_days(1); while (!china().is_working_day(walk));
      ASSERT_EQ(china().add_working_days(start, n), walk) << start.to_string() << " + " << n;
      ASSERT_EQ(china().working_days_between(start, walk), n);
    }
  }
}

TEST(WorkingCalendar, EmptyCalendarIsMondayToFriday) {
  WorkingCalendar weekdays;
  EXPECT_FALSE(weekdays.covers(2025));
  EXPECT_TRUE(weekdays.is_working_day(D("2025-10-01")));
  EXPECT_EQ(weekdays.add_working_days(D("2025-09-26"), 5), D("2025-10-03"));
  EXPECT_EQ(weekdays.working_days_between(D("1969-12-26"), D("1970-01-02")), 5);
}

TEST(WorkingCalendar, CallerBugsThrow) {
  EXPECT_THROW((void)china().add_working_days(D("2025-01-01"), -1), std::invalid_argument);
  EXPECT_THROW((void)china().add_working_days(D("2025-01-01"), WorkingCalendar::kMaxWorkingDays + 1),
               std::invalid_argument);
  const std::vector<DateInterval> forever{{D("2025-01-01"), D("2400-01-01")}};
  EXPECT_THROW((void)china().add_working_days(D("2025-01-01"), 1, forever), std::invalid_argument);
}

TEST(WorkingCalendarFile, RejectsMalformedData) {
  using nlohmann::json;
  auto year = [](json off_ranges, json work_days) {
    return json{{"years", {{"2025", {{"source", "test"}, {"off", off_ranges}, {"work", work_days}}}}}};
  };
  auto off = [](const char* from, const char* to) { return json::array({json::array({from, to})}); };
  auto work = [](const char* day) { return json::array({day}); };
  const json none = json::array();
  const json cases[] = {
      json::array(),
      json{{"years", json::array()}},
      json{{"years", {{"25", {{"source", "x"}}}}}},
      json{{"years", {{"2025", {{"off", none}}}}}},               // no source
      year(json::object(), none),                                 // off is not a list
      year(off("2025-10-08", "2025-10-01"), none),                // reversed
      year(off("2025-10-01", "2025-12-01"), none),                // two months off: a typo
      year(json::array({json::array({"2025-10-01"})}), none),      // one end only
      year(off("2025-10-01", "2025-10-32"), none),                // no such day
      year(none, work("2025-10-09")),                              // a Thursday is not a make-up day
      year(off("2025-10-04", "2025-10-05"), work("2025-10-04")),  // both off and work
      year(off("2030-10-01", "2030-10-02"), none),                // far outside its year
  };
  for (const auto& doc : cases) {
    auto cal = WorkingCalendar::from_json(doc);
    ASSERT_FALSE(cal.ok()) << doc.dump();
    EXPECT_EQ(cal.error().code, kernel_errors::calendar_file_invalid) << doc.dump();
  }
  auto missing = WorkingCalendar::load("/nonexistent/cn-holidays.json");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, kernel_errors::calendar_file_unreadable);
}

}  // namespace
}  // namespace medrisk
