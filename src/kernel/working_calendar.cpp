// WorkingCalendar: a per-day table over the covered years plus a prefix count, so that counting
// working days between two dates is O(1) and adding n working days is a binary search.
#include "kernel/working_calendar.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <set>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "kernel/errors.hpp"

namespace medrisk {
namespace {

// Sanity limits on the data file: a holiday longer than this, or this many years, is a typo.
constexpr std::int32_t kMaxOffRangeDays = 31;
constexpr std::size_t kMaxYears = 200;
// Search bound for add_working_days: pauses may push a deadline out, but not by a century.
constexpr std::int32_t kMaxSearchDays = 36'525;

Error invalid(std::string detail) {
  return Error::of(std::string(kernel_errors::calendar_file_invalid), std::move(detail));
}

// Monday–Friday days among day indices [0, k), k counted from Monday 1969-12-29 (epoch day -3).
// Defined for negative k too, so differences count any span.
std::int64_t weekdays_before(std::int64_t k) {
  std::int64_t weeks = k >= 0 ? k / 7 : -((-k + 6) / 7);
  std::int64_t rest = k - weeks * 7;
  return 5 * weeks + std::min<std::int64_t>(rest, 5);
}

// Working days in Monday–Friday terms in (epoch anchor, d]: see WorkingCalendar::cumulative.
std::int64_t weekdays_through(Date d) { return weekdays_before(std::int64_t(d.days_since_epoch()) + 4); }

std::vector<DateInterval> merge(std::span<const DateInterval> pauses) {
  std::vector<DateInterval> sorted;
  for (const auto& p : pauses) {
    if (p.from <= p.to) sorted.push_back(p);
  }
  std::sort(sorted.begin(), sorted.end());
  std::vector<DateInterval> merged;
  for (const auto& p : sorted) {
    if (!merged.empty() && p.from <= merged.back().to.add_days(1)) {
      merged.back().to = std::max(merged.back().to, p.to);
    } else {
      merged.push_back(p);
    }
  }
  return merged;
}

struct YearData {
  std::string source;
  std::vector<DateInterval> off;
  std::vector<Date> work;
};

Result<Date> date_near(const nlohmann::json& value, int year, const std::string& where) {
  if (!value.is_string()) return invalid(where + ": expected a date string");
  auto d = Date::parse(value.get<std::string>());
  if (!d) return invalid(where + ": " + d.error().detail);
  if (std::abs(d->year() - year) > 1) return invalid(where + ": date far outside its year");
  return d;
}

Result<DateInterval> parse_off_range(const nlohmann::json& value, int year, const std::string& where) {
  if (!value.is_array() || value.size() != 2) return invalid(where + ": expected [from, to]");
  MEDRISK_TRY(Date from, date_near(value[0], year, where));
  MEDRISK_TRY(Date to, date_near(value[1], year, where));
  if (to < from || to - from >= kMaxOffRangeDays) return invalid(where + ": range reversed or too long");
  return DateInterval{from, to};
}

Result<Date> parse_work_day(const nlohmann::json& value, int year, const std::string& where) {
  MEDRISK_TRY(Date d, date_near(value, year, where));
  if (!d.is_weekend()) return invalid(where + ": a make-up working day must be a Saturday or Sunday");
  return d;
}

Result<int> parse_year_key(const std::string& key) {
  if (key.size() != 4 || !std::all_of(key.begin(), key.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
      key == "0000" || key == "9999") {
    return invalid("year key '" + key + "' is not a four-digit year between 0001 and 9998");
  }
  return std::stoi(key);
}

Result<YearData> parse_year(const nlohmann::json& value, int year) {
  std::string where = "years." + std::to_string(year);
  if (!value.is_object()) return invalid(where + ": expected an object");
  YearData data;
  auto source = value.find("source");
  if (source == value.end() || !source->is_string() || source->get<std::string>().empty()) {
    return invalid(where + ".source: required");
  }
  data.source = source->get<std::string>();
  const auto off = value.value("off", nlohmann::json::array());
  const auto work = value.value("work", nlohmann::json::array());
  if (!off.is_array() || !work.is_array()) return invalid(where + ": off and work must be arrays");
  for (std::size_t i = 0; i < off.size(); ++i) {
    MEDRISK_TRY(auto range, parse_off_range(off[i], year, where + ".off[" + std::to_string(i) + "]"));
    data.off.push_back(range);
  }
  for (std::size_t i = 0; i < work.size(); ++i) {
    MEDRISK_TRY(auto day, parse_work_day(work[i], year, where + ".work[" + std::to_string(i) + "]"));
    data.work.push_back(day);
  }
  return data;
}

}  // namespace

// Builds the day table once the whole file has been read and checked.
class WorkingCalendarBuilder {
 public:
  static Result<WorkingCalendar> build(std::string version, std::map<int, YearData> years) {
    WorkingCalendar cal;
    cal.version_ = std::move(version);
    if (years.empty()) return cal;
    int first_year = years.begin()->first - 1;  // off ranges may begin in the year before
    int last_year = years.rbegin()->first + 1;   // or end in the year after
    Date first = *Date::from_ymd(std::max(first_year, 1), 1, 1);
    Date end = *Date::from_ymd(std::min(last_year, 9999), 12, 31);
    cal.first_day_ = first.days_since_epoch();
    cal.working_.resize(std::size_t(end - first + 1));
    for (std::size_t i = 0; i < cal.working_.size(); ++i) {
      cal.working_[i] = first.add_days(std::int32_t(i)).is_weekend() ? 0 : 1;
    }
    MEDRISK_CHECK(apply(cal, years));
    fill_adjustment(cal, first);
    return cal;
  }

 private:
  static Status apply(WorkingCalendar& cal, std::map<int, YearData>& years) {
    std::set<std::int32_t> off_days;
    for (auto& [year, data] : years) {
      for (const auto& range : data.off) {
        for (Date d = range.from; d <= range.to; d = d.add_days(1)) {
          off_days.insert(d.days_since_epoch());
          cal.working_[std::size_t(d.days_since_epoch() - cal.first_day_)] = 0;
        }
      }
      for (Date d : data.work) {
        if (off_days.count(d.days_since_epoch())) return invalid(d.to_string() + " is listed both off and work");
        cal.working_[std::size_t(d.days_since_epoch() - cal.first_day_)] = 1;
      }
      cal.sources_[year] = std::move(data.source);
    }
    return {};
  }

  static void fill_adjustment(WorkingCalendar& cal, Date first) {
    cal.adjustment_.assign(cal.working_.size() + 1, 0);
    for (std::size_t i = 0; i < cal.working_.size(); ++i) {
      int weekday = first.add_days(std::int32_t(i)).is_weekend() ? 0 : 1;
      cal.adjustment_[i + 1] = cal.adjustment_[i] + cal.working_[i] - weekday;
    }
  }
};

WorkingCalendar::WorkingCalendar() : adjustment_{0} {}

Result<WorkingCalendar> WorkingCalendar::load(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) {
    return Error::of(std::string(kernel_errors::calendar_file_unreadable), "cannot open " + path.string());
  }
  auto doc = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return invalid(path.string() + ": not valid JSON");
  return from_json(doc);
}

Result<WorkingCalendar> WorkingCalendar::from_json(const nlohmann::json& doc) {
  if (!doc.is_object() || !doc.contains("years") || !doc["years"].is_object()) {
    return invalid("expected an object with a 'years' object");
  }
  if (doc["years"].size() > kMaxYears) return invalid("too many years");
  std::map<int, YearData> years;
  for (const auto& [key, value] : doc["years"].items()) {
    MEDRISK_TRY(int year, parse_year_key(key));
    MEDRISK_TRY(auto data, parse_year(value, year));
    years.emplace(year, std::move(data));
  }
  std::string version;
  if (doc.contains("version") && doc["version"].is_string()) version = doc["version"].get<std::string>();
  return WorkingCalendarBuilder::build(std::move(version), std::move(years));
}

bool WorkingCalendar::is_working_day(Date d) const {
  std::int64_t i = std::int64_t(d.days_since_epoch()) - first_day_;
  if (i >= 0 && i < std::int64_t(working_.size())) return working_[std::size_t(i)] != 0;
  return !d.is_weekend();
}

std::vector<int> WorkingCalendar::uncovered_years(Date a, Date b) const {
  std::vector<int> out;
  for (int y = std::min(a, b).year(); y <= std::max(a, b).year(); ++y) {
    if (!covers(y)) out.push_back(y);
  }
  return out;
}

std::string WorkingCalendar::source(int year) const {
  auto it = sources_.find(year);
  return it == sources_.end() ? std::string() : it->second;
}

// Working days in (anchor, d] for a fixed anchor: a difference of two values counts any span.
std::int64_t WorkingCalendar::cumulative(Date d) const {
  std::int64_t i = std::int64_t(d.days_since_epoch()) - first_day_ + 1;
  i = std::clamp<std::int64_t>(i, 0, std::int64_t(working_.size()));
  return weekdays_through(d) + adjustment_[std::size_t(i)];
}

// Working days in (from, to] that fall inside the merged pauses.
std::int64_t WorkingCalendar::paused_count(Date from, Date to, std::span<const DateInterval> merged) const {
  std::int64_t total = 0;
  for (const auto& p : merged) {
    Date lo = std::max(from, p.from.add_days(-1));
    Date hi = std::min(to, p.to);
    if (lo < hi) total += cumulative(hi) - cumulative(lo);
  }
  return total;
}

std::int64_t WorkingCalendar::counted(Date from, Date to, std::span<const DateInterval> merged) const {
  return cumulative(to) - cumulative(from) - paused_count(from, to, merged);
}

Date WorkingCalendar::add_working_days(Date start, int n) const { return add_working_days(start, n, {}); }

Date WorkingCalendar::add_working_days(Date start, int n, std::span<const DateInterval> pauses) const {
  if (n < 0 || n > kMaxWorkingDays) throw std::invalid_argument("add_working_days: n out of range");
  if (n == 0) return start;
  auto merged = merge(pauses);
  std::int32_t span = n;  // never too far: n working days need at least n days
  while (counted(start, start.add_days(span), merged) < n) {
    if (span > kMaxSearchDays) throw std::invalid_argument("add_working_days: pauses push past a century");
    span *= 2;
  }
  std::int32_t lo = 0;  // counted(start + lo) < n <= counted(start + hi)
  std::int32_t hi = span;
  while (hi - lo > 1) {
    std::int32_t mid = lo + (hi - lo) / 2;
    (counted(start, start.add_days(mid), merged) < n ? lo : hi) = mid;
  }
  return start.add_days(hi);
}

int WorkingCalendar::working_days_between(Date from, Date to) const { return working_days_between(from, to, {}); }

int WorkingCalendar::working_days_between(Date from, Date to, std::span<const DateInterval> pauses) const {
  auto merged = merge(pauses);
  if (to < from) return -int(counted(to, from, merged));
  return int(counted(from, to, merged));
}

}  // namespace medrisk
