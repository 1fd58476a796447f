// Triangle construction from cell records and the shape rules every reserving method relies on.
#include "modules/actuarial/triangle.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <string>

#include "modules/actuarial/errors.hpp"

namespace medrisk::actuarial {
namespace {

bool parse_integer(const std::string& text, long long& out) {
  const char* begin = text.data();
  const char* end = begin + text.size();
  auto [ptr, ec] = std::from_chars(begin, end, out);
  return ec == std::errc{} && ptr == end && !text.empty();
}

// Numeric order when every label is an integer (1981 < 1990, 9 < 10), lexicographic otherwise.
std::vector<std::string> ordered_origins(std::vector<std::string> labels) {
  std::sort(labels.begin(), labels.end());
  labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
  bool numeric = true;
  for (const auto& l : labels) {
    long long v = 0;
    if (!parse_integer(l, v)) { numeric = false; break; }
  }
  if (numeric) {
    std::stable_sort(labels.begin(), labels.end(), [](const std::string& a, const std::string& b) {
      return std::stoll(a) < std::stoll(b);
    });
  }
  return labels;
}

std::string cell_name(const Triangle& t, std::size_t i, std::size_t k) {
  return "origin " + t.origins[i] + ", development " + std::to_string(k + 1);
}

}  // namespace

Status validate_triangle(const Triangle& t, bool allow_negative) {
  using namespace std::string_literals;
  if (t.n_origins() == 0 || t.n_dev == 0)
    return Error::of(std::string(errors::triangle_too_small), "the triangle has no cells");
  if (t.n_origins() > kMaxOrigins || t.n_dev > kMaxDevelopmentPeriods)
    return Error::of(std::string(errors::triangle_too_large),
                     std::to_string(t.n_origins()) + " origins × " + std::to_string(t.n_dev) + " periods");
  std::size_t previous_last = t.n_dev;
  for (std::size_t i = 0; i < t.n_origins(); ++i) {
    std::size_t first = t.n_dev;
    std::size_t last = t.n_dev;
    for (std::size_t k = 0; k < t.n_dev; ++k) {
      const double v = t.at(i, k);
      if (std::isnan(v)) {
        if (first != t.n_dev && last == t.n_dev) last = k;  // the run has ended; a later cell is a gap
        continue;
      }
      if (!std::isfinite(v))
        return Error::of(std::string(errors::triangle_value_not_finite), cell_name(t, i, k));
      if (v < 0 && t.cumulative && !allow_negative)
        return Error::of(std::string(errors::triangle_value_negative), cell_name(t, i, k) + " = " + std::to_string(v));
      if (first == t.n_dev) first = k;
      if (last != t.n_dev)
        return Error::of(std::string(errors::triangle_cell_missing), cell_name(t, i, last) + " is missing before a later cell");
    }
    if (first == t.n_dev)
      return Error::of(std::string(errors::triangle_cell_missing), "origin " + t.origins[i] + " has no observed cell");
    const std::size_t row_last = t.last_observed(i);
    if (i > 0 && row_last > previous_last)
      return Error::of(std::string(errors::triangle_ragged),
                       "origin " + t.origins[i] + " is developed further (" + std::to_string(row_last + 1) +
                           ") than the older origin " + t.origins[i - 1] + " (" + std::to_string(previous_last + 1) + ")");
    previous_last = row_last;
  }
  return {};
}

Result<Triangle> triangle_from_records(std::span<const CellRecord> records, const BuildOptions& options) {
  if (records.empty()) return Error::of(std::string(errors::triangle_too_small), "no cell records");
  std::vector<std::string> labels;
  labels.reserve(records.size());
  int max_lag = 0;
  for (const auto& r : records) {
    if (r.lag < 1 || static_cast<std::size_t>(r.lag) > kMaxDevelopmentPeriods)
      return Error::of(std::string(errors::development_lag_invalid),
                       "origin " + r.origin + " lag " + std::to_string(r.lag));
    if (!std::isfinite(r.value))
      return Error::of(std::string(errors::triangle_value_not_finite), "origin " + r.origin);
    max_lag = std::max(max_lag, r.lag);
    labels.push_back(r.origin);
  }
  Triangle t;
  t.origins = ordered_origins(std::move(labels));
  if (t.origins.size() > kMaxOrigins)
    return Error::of(std::string(errors::triangle_too_large), std::to_string(t.origins.size()) + " origins");
  t.n_dev = static_cast<std::size_t>(max_lag);
  t.cells.assign(t.origins.size() * t.n_dev, kNotObserved);
  t.cumulative = !options.incremental_input;
  std::map<std::string, std::size_t, std::less<>> row_of;
  for (std::size_t i = 0; i < t.origins.size(); ++i) row_of.emplace(t.origins[i], i);
  for (const auto& r : records) {
    double& cell = t.at(row_of.at(r.origin), static_cast<std::size_t>(r.lag - 1));
    if (std::isnan(cell)) {
      cell = r.value;
    } else if (options.sum_duplicates) {
      cell += r.value;
    } else {
      return Error::of(std::string(errors::triangle_cell_duplicate),
                       "origin " + r.origin + ", development " + std::to_string(r.lag) + " appears twice");
    }
  }
  if (options.incremental_input) {
    // Increments cumulate over the observed run; a gap inside it is still a missing cell.
    MEDRISK_CHECK(validate_triangle(t, true));
    t = to_cumulative(t);
  }
  MEDRISK_CHECK(validate_triangle(t, options.allow_negative));
  return t;
}

Triangle to_incremental(const Triangle& c) {
  Triangle t = c;
  t.cumulative = false;
  for (std::size_t i = 0; i < t.n_origins(); ++i) {
    double previous = kNotObserved;
    for (std::size_t k = 0; k < t.n_dev; ++k) {
      const double v = c.at(i, k);
      if (!std::isnan(v) && !std::isnan(previous)) t.at(i, k) = v - previous;
      previous = v;
    }
  }
  return t;
}

Triangle to_cumulative(const Triangle& inc) {
  Triangle t = inc;
  t.cumulative = true;
  for (std::size_t i = 0; i < t.n_origins(); ++i) {
    double running = kNotObserved;
    for (std::size_t k = 0; k < t.n_dev; ++k) {
      const double v = inc.at(i, k);
      if (std::isnan(v)) continue;
      running = std::isnan(running) ? v : running + v;
      t.at(i, k) = running;
    }
  }
  return t;
}

}  // namespace medrisk::actuarial
