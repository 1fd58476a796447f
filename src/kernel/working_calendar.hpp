// Working days on the mainland-China calendar (statutory holidays and make-up working days, 调休),
// for deadlines "counted in working days" such as 30 working days to mediate, with pauses (e.g.
// appraisal time) not counted. Holiday data: data/calendar/cn-holidays.json, one source per year.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "kernel/date.hpp"
#include "kernel/result.hpp"

namespace medrisk {

class WorkingCalendar {
 public:
  // Longest deadline, in working days, that may be asked for (about 40 years): anything larger
  // is a bug in the caller.
  static constexpr int kMaxWorkingDays = 10'000;

  // No holiday data at all: Monday–Friday are working days.
  WorkingCalendar();

  // Errors: calendar_file_unreadable, calendar_file_invalid (the detail names the year and entry).
  static Result<WorkingCalendar> load(const std::filesystem::path& path);
  static Result<WorkingCalendar> from_json(const nlohmann::json& doc);

  // A date in an "off" range is a rest day, a date in "work" a working day; otherwise Saturday and
  // Sunday rest and Monday–Friday work. That default is all we know for a year not covered.
  bool is_working_day(Date d) const;
  bool covers(int year) const { return sources_.count(year) != 0; }
  // Every clock's warning (case, claim and complaint deadlines alike): the due day lies in a year the
  // calendar does not hold yet, so it was counted on weekdays only and moves when that year's
  // State Council holiday notice is added.
  bool uncovered(Date due) const { return !covers(due.year()); }
  // Years in [min(a, b), max(a, b)] that have no holiday data, so callers can warn.
  std::vector<int> uncovered_years(Date a, Date b) const;
  // The government notice a covered year's data comes from, or "" when the year is not covered.
  std::string source(int year) const;
  const std::string& version() const { return version_; }

  // The n-th working day strictly after `start`; n == 0 gives `start` itself. n outside
  // [0, kMaxWorkingDays], or pauses pushing the answer out by a century, is a caller bug:
  // std::invalid_argument.
  Date add_working_days(Date start, int n) const;
  // The same, not counting working days inside any pause [from, to] (inclusive; may overlap).
  Date add_working_days(Date start, int n, std::span<const DateInterval> pauses) const;

  // Number of working days d with from < d <= to (so a deadline day counts, the start day does
  // not); if to < from, minus the number with to < d <= from. Zero when from == to.
  int working_days_between(Date from, Date to) const;
  int working_days_between(Date from, Date to, std::span<const DateInterval> pauses) const;

 private:
  std::int64_t cumulative(Date d) const;
  std::int64_t paused_count(Date from, Date to, std::span<const DateInterval> merged) const;
  std::int64_t counted(Date from, Date to, std::span<const DateInterval> merged) const;

  std::string version_;
  std::map<int, std::string> sources_;  // covered year -> its source notice
  std::int32_t first_day_ = 0;          // days since epoch of the first day in the table
  std::vector<std::uint8_t> working_;   // per day of the table: 1 working, 0 rest
  // adjustment_[i]: over the first i table days, working days minus Monday–Friday days.
  std::vector<std::int32_t> adjustment_;

  friend class WorkingCalendarBuilder;
};

}  // namespace medrisk
