// Delphi statistics (see delphi.hpp). Floating point is right here: these are statistics, not money.
#include "modules/appraisal/delphi.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <set>

#include "modules/appraisal/errors.hpp"

namespace medrisk::appraisal {
namespace {

constexpr int kMaxGammaIterations = 500;
constexpr double kGammaEpsilon = 1e-15;

// Series P(a, x) = e^{−x} x^a / Γ(a) Σ x^n / (a (a+1) … (a+n)), for x < a + 1.
double gamma_series(double a, double x) {
  double term = 1.0 / a, sum = term, ap = a;
  for (int n = 0; n < kMaxGammaIterations; ++n) {
    ap += 1;
    term *= x / ap;
    sum += term;
    if (std::fabs(term) < std::fabs(sum) * kGammaEpsilon) break;
  }
  return sum * std::exp(-x + a * std::log(x) - std::lgamma(a));
}

// Continued fraction for Q(a, x) = 1 − P(a, x) by the modified Lentz method, for x ≥ a + 1.
double gamma_continued_fraction(double a, double x) {
  const double tiny = std::numeric_limits<double>::min() / kGammaEpsilon;
  double b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d;
  for (int i = 1; i < kMaxGammaIterations; ++i) {
    double an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (std::fabs(d) < tiny) d = tiny;
    c = b + an / c;
    if (std::fabs(c) < tiny) c = tiny;
    d = 1 / d;
    double delta = d * c;
    h *= delta;
    if (std::fabs(delta - 1) < kGammaEpsilon) break;
  }
  return std::exp(-x + a * std::log(x) - std::lgamma(a)) * h;
}

// Ranks with ties sharing their mean rank; fills the tie correction Σ (t³ − t).
std::vector<double> ranks_of(const std::vector<double>& values, double& tie_sum) {
  std::vector<std::size_t> idx(values.size());
  std::iota(idx.begin(), idx.end(), 0);
  std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  std::vector<double> ranks(values.size());
  for (std::size_t i = 0; i < idx.size();) {
    std::size_t j = i;
    while (j + 1 < idx.size() && values[idx[j + 1]] == values[idx[i]]) ++j;
    double t = static_cast<double>(j - i + 1);
    tie_sum += t * t * t - t;
    for (std::size_t k = i; k <= j; ++k) ranks[idx[k]] = (static_cast<double>(i + j) / 2.0) + 1.0;
    i = j + 1;
  }
  return ranks;
}

Error answer_error(const std::string& detail) {
  return Error::of(std::string(errors::delphi_answer_invalid), detail);
}

}  // namespace

double quantile(std::vector<double> values, double p) {
  assert(!values.empty() && p >= 0 && p <= 1);
  std::sort(values.begin(), values.end());
  double h = static_cast<double>(values.size() - 1) * p;
  auto lo = static_cast<std::size_t>(std::floor(h));
  if (lo + 1 >= values.size()) return values.back();
  return values[lo] + (h - static_cast<double>(lo)) * (values[lo + 1] - values[lo]);
}

double median(const std::vector<double>& values) {
  return quantile(values, 0.5);
}

std::optional<double> coefficient_of_variation(const std::vector<double>& values) {
  if (values.size() < 2) return 0.0;
  double n = static_cast<double>(values.size());
  double mean = std::accumulate(values.begin(), values.end(), 0.0) / n;
  if (mean == 0) return std::nullopt;
  double ss = 0;
  for (double v : values) ss += (v - mean) * (v - mean);
  return std::sqrt(ss / (n - 1)) / std::fabs(mean);
}

double regularized_gamma_p(double a, double x) {
  assert(a > 0);
  if (x <= 0) return 0;
  if (x < a + 1) return gamma_series(a, x);
  return 1 - gamma_continued_fraction(a, x);
}

double chi_square_p_value(double statistic, int df) {
  assert(df > 0);
  if (statistic <= 0) return 1;
  double a = df / 2.0, x = statistic / 2.0;
  if (x < a + 1) return 1 - gamma_series(a, x);
  return gamma_continued_fraction(a, x);
}

KendallW kendall_w(const std::vector<std::vector<double>>& rankings) {
  KendallW out;
  if (rankings.size() < 2 || rankings.front().size() < 2) return out;
  auto m = static_cast<double>(rankings.size());
  std::size_t n_objects = rankings.front().size();
  auto n = static_cast<double>(n_objects);
  std::vector<double> totals(n_objects, 0.0);
  double ties = 0;
  for (const auto& row : rankings) {
    assert(row.size() == n_objects);
    std::vector<double> r = ranks_of(row, ties);  // re-ranking normalizes ranks and counts ties
    for (std::size_t i = 0; i < n_objects; ++i) totals[i] += r[i];
  }
  double mean_total = m * (n + 1) / 2, s = 0;
  for (double t : totals) s += (t - mean_total) * (t - mean_total);
  double denominator = m * m * (n * n * n - n) - m * ties;
  out.w = denominator > 0 ? 12 * s / denominator : 1.0;
  out.degrees_of_freedom = static_cast<int>(n_objects) - 1;
  out.chi_square = m * (n - 1) * out.w;
  out.p_value = chi_square_p_value(out.chi_square, out.degrees_of_freedom);
  return out;
}

RatingStatistics rating_statistics(const std::vector<int>& scores, const std::vector<std::string>& classes,
                                   const DelphiParameters& p) {
  RatingStatistics s;
  s.responses = static_cast<int>(scores.size());
  s.distribution.assign(classes.size(), 0);
  if (scores.empty()) return s;
  std::vector<double> v;
  for (int x : scores) {
    assert(x >= 1 && x <= static_cast<int>(classes.size()));
    v.push_back(x);
    ++s.distribution[static_cast<std::size_t>(x - 1)];
  }
  s.median = median(v);
  s.q1 = quantile(v, 0.25);
  s.q3 = quantile(v, 0.75);
  s.iqr = s.q3 - s.q1;
  s.cv = coefficient_of_variation(v);
  std::vector<int> sorted = scores;
  std::sort(sorted.begin(), sorted.end());
  s.median_class = classes[static_cast<std::size_t>(sorted[(sorted.size() - 1) / 2] - 1)];
  s.consensus =
      s.responses >= p.min_responses && s.iqr <= p.max_iqr_classes + 1e-12 && s.cv && *s.cv <= p.max_cv + 1e-12;
  return s;
}

RankingStatistics ranking_statistics(const std::vector<std::vector<std::string>>& rankings,
                                     const std::vector<std::string>& options, const DelphiParameters& p) {
  RankingStatistics s;
  s.responses = static_cast<int>(rankings.size());
  s.mean_ranks.assign(options.size(), 0.0);
  std::vector<std::vector<double>> matrix;
  for (const auto& ranking : rankings) {
    std::vector<double> row(options.size(), 0.0);
    for (std::size_t pos = 0; pos < ranking.size(); ++pos) {
      auto it = std::find(options.begin(), options.end(), ranking[pos]);
      assert(it != options.end());
      row[static_cast<std::size_t>(it - options.begin())] = static_cast<double>(pos + 1);
    }
    for (std::size_t i = 0; i < row.size(); ++i) s.mean_ranks[i] += row[i] / static_cast<double>(rankings.size());
    matrix.push_back(std::move(row));
  }
  std::vector<std::size_t> idx(options.size());
  std::iota(idx.begin(), idx.end(), 0);
  std::stable_sort(idx.begin(), idx.end(),
                   [&](std::size_t a, std::size_t b) { return s.mean_ranks[a] < s.mean_ranks[b]; });
  for (auto i : idx) s.order.push_back(options[i]);
  s.kendall = kendall_w(matrix);
  s.consensus = s.responses >= std::max(2, p.min_responses) && s.kendall.p_value < p.kendall_alpha;
  return s;
}

Status check_answer(const DelphiItem& item, const DelphiAnswer& a) {
  if (item.kind == "rating") {
    if (!a.value || std::find(item.classes.begin(), item.classes.end(), *a.value) == item.classes.end())
      return answer_error(item.key + ": value must be one of the item's classes");
    if (!a.ranking.empty()) return answer_error(item.key + ": a rating has no ranking");
    return {};
  }
  std::set<std::string> seen(a.ranking.begin(), a.ranking.end());
  std::set<std::string> options(item.classes.begin(), item.classes.end());
  if (a.value || seen != options || a.ranking.size() != item.classes.size())
    return answer_error(item.key + ": a ranking lists every option exactly once");
  return {};
}

Status check_items(const std::vector<DelphiItem>& items) {
  std::set<std::string> keys;
  for (const auto& i : items) {
    std::set<std::string> distinct(i.classes.begin(), i.classes.end());
    bool ok = !i.key.empty() && (i.kind == "rating" || i.kind == "ranking") && i.classes.size() >= 2 &&
              distinct.size() == i.classes.size() && keys.insert(i.key).second;
    if (!ok) return Error::of(std::string(errors::delphi_items_invalid), i.key);
  }
  if (items.empty()) return Error::of(std::string(errors::delphi_items_invalid), "no items");
  return {};
}

}  // namespace medrisk::appraisal
