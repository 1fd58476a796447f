// Chain-ladder factors and projection (Mack 1993 §3; Friedland, Estimating Unpaid Claims Using Basic
// Techniques, ch. 7). Link ratios from a non-positive C[i,k] carry no information on the ratio and
// get weight 0.
#include "modules/actuarial/chainladder.hpp"

#include <algorithm>
#include <string>

#include "modules/actuarial/errors.hpp"
#include "modules/actuarial/triangle.hpp"

namespace medrisk::actuarial {
namespace {
double pow_alpha(double c, double alpha) { return alpha == 1.0 ? c : std::pow(c, alpha); }
}  // namespace

double alpha_of(Average average) {
  switch (average) {
    case Average::volume: return 1.0;
    case Average::simple: return 0.0;
    case Average::regression: return 2.0;
  }
  return 1.0;
}

std::string_view to_string(Average average) {
  switch (average) {
    case Average::volume: return "volume";
    case Average::simple: return "simple";
    case Average::regression: return "regression";
  }
  return "volume";
}

bool parse_average(std::string_view text, Average& out) {
  if (text == "volume") out = Average::volume;
  else if (text == "simple") out = Average::simple;
  else if (text == "regression") out = Average::regression;
  else return false;
  return true;
}

Result<DevelopmentFit> fit_development(const Triangle& t, const ChainLadderOptions& o) {
  const std::size_t m = t.n_origins(), n = t.n_dev;
  if (m < 2 || n < 2)
    return Error::of(std::string(errors::triangle_too_small),
                     std::to_string(m) + " origins × " + std::to_string(n) + " periods; need at least 2 × 2");
  MEDRISK_CHECK(validate_triangle(t, true));
  if (!(o.tail > 0) || !std::isfinite(o.tail))
    return Error::of(std::string(errors::tail_factor_invalid), "tail factor " + std::to_string(o.tail));
  DevelopmentFit fit;
  fit.alpha = alpha_of(o.average);
  const std::size_t links = n - 1;
  fit.weight.assign(m * links, 0.0);
  std::size_t latest_diagonal = 0;
  for (std::size_t i = 0; i < m; ++i) latest_diagonal = std::max(latest_diagonal, i + t.last_observed(i));
  for (std::size_t i = 0; i < m; ++i)
    for (std::size_t k = 0; k < links; ++k) {
      const bool in_window = o.n_periods == 0 || i + k + 1 + o.n_periods > latest_diagonal;
      if (t.observed(i, k) && t.observed(i, k + 1) && t.at(i, k) > 0 && in_window) fit.weight[i * links + k] = 1.0;
    }
  for (const auto& [i, k] : o.exclusions) {
    if (i >= m || k >= links)
      return Error::of(std::string(errors::exclusion_out_of_range),
                       "exclusion (" + std::to_string(i) + ", " + std::to_string(k) + ") outside the triangle");
    fit.weight[i * links + k] = 0.0;
  }
  fit.ldf.assign(links, 1.0);
  fit.volume.assign(links, 0.0);
  fit.count.assign(links, 0);
  fit.sigma2.assign(links, kNotObserved);
  for (std::size_t k = 0; k < links; ++k) {
    double num = 0, den = 0;
    for (std::size_t i = 0; i < m; ++i) {
      const double w = fit.weight[i * links + k];
      if (w == 0) continue;
      const double c = t.at(i, k), wc = w * pow_alpha(c, fit.alpha);
      num += wc * (t.at(i, k + 1) / c);
      den += wc;
      ++fit.count[k];
    }
    fit.volume[k] = den;
    if (den > 0) fit.ldf[k] = num / den;
  }
  // A period without a usable link ratio: when every observed pair is 0 → 0 (a line not written in
  // those years, common in Schedule P) nothing develops: f = 1 with no variance. Otherwise it is an
  // error, but only when some origin must develop through that period.
  std::vector<bool> zero_stays_zero(links, false);
  for (std::size_t k = 0; k < links; ++k) {
    if (fit.count[k] > 0) continue;
    bool any_pair = false, all_zero = true;
    for (std::size_t i = 0; i < m; ++i) {
      if (!t.observed(i, k) || !t.observed(i, k + 1)) continue;
      any_pair = true;
      all_zero = all_zero && t.at(i, k) == 0 && t.at(i, k + 1) == 0;
    }
    zero_stays_zero[k] = any_pair && all_zero;
    if (zero_stays_zero[k]) fit.sigma2[k] = 0.0;
  }
  for (std::size_t i = 0; i < m; ++i)
    for (std::size_t k = t.last_observed(i); k < links; ++k)
      if (fit.count[k] == 0 && !zero_stays_zero[k])
        return Error::of(std::string(errors::development_volume_zero),
                         "no usable link ratio from development " + std::to_string(k + 1) + " to " + std::to_string(k + 2));
  for (std::size_t k = 0; k < links; ++k) {
    if (fit.count[k] < 2) continue;
    double ss = 0;
    for (std::size_t i = 0; i < m; ++i) {
      const double w = fit.weight[i * links + k];
      if (w == 0) continue;
      const double c = t.at(i, k), r = t.at(i, k + 1) / c - fit.ldf[k];
      ss += w * pow_alpha(c, fit.alpha) * r * r;
    }
    fit.sigma2[k] = ss / static_cast<double>(fit.count[k] - 1);
  }
  return fit;
}

ChainLadderResult project(const Triangle& t, const DevelopmentFit& fit, const ChainLadderOptions& o) {
  ChainLadderResult r;
  const std::size_t m = t.n_origins(), n = t.n_dev;
  r.origins = t.origins;
  r.average = o.average;
  r.ldf = fit.ldf;
  r.tail = o.tail;
  r.cdf_by_period.assign(n, o.tail);
  for (std::size_t k = n - 1; k-- > 0;) r.cdf_by_period[k] = r.cdf_by_period[k + 1] * fit.ldf[k];
  for (std::size_t i = 0; i < m; ++i) {
    const std::size_t last = t.last_observed(i);
    const double latest = t.at(i, last), cdf = r.cdf_by_period[last];
    r.latest_period.push_back(last);
    r.latest.push_back(latest);
    r.cdf.push_back(cdf);
    r.ultimate.push_back(latest * cdf);
    r.ibnr.push_back(latest * cdf - latest);
    r.total_latest += latest;
    r.total_ultimate += latest * cdf;
  }
  r.total_ibnr = r.total_ultimate - r.total_latest;
  return r;
}

Result<ChainLadderResult> chain_ladder(const Triangle& t, const ChainLadderOptions& o) {
  MEDRISK_TRY(DevelopmentFit fit, fit_development(t, o));
  return project(t, fit, o);
}

}  // namespace medrisk::actuarial
