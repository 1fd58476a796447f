// Mack chain ladder standard errors by the recursion of Mack (1999), which equals the closed form of
// Mack (1993) without a tail: process error σ²_k C^(2-α) and parameter error C² σ²_k / S_k carried
// forward by f_k. The tail step follows R ChainLadder (Gesmann et al.): the tail's position among
// the link ratios from log(f−1) ~ k, then log f.se and log σ extrapolated to that position.
#include "modules/actuarial/mack.hpp"

#include <algorithm>
#include <string>

#include "modules/actuarial/errors.hpp"

namespace medrisk::actuarial {
namespace {

Error fail(std::string_view code, std::string detail) { return Error::of(std::string(code), std::move(detail)); }

// Ordinary least squares y = a + b x.
struct Line {
  double a = 0, b = 0;
  double at(double x) const { return a + b * x; }
};

bool fit_line(const std::vector<double>& x, const std::vector<double>& y, Line& out) {
  const std::size_t n = x.size();
  if (n < 2) return false;
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < n; ++i) { mx += x[i]; my += y[i]; }
  mx /= static_cast<double>(n);
  my /= static_cast<double>(n);
  double sxx = 0, sxy = 0;
  for (std::size_t i = 0; i < n; ++i) { sxx += (x[i] - mx) * (x[i] - mx); sxy += (x[i] - mx) * (y[i] - my); }
  if (sxx == 0) return false;
  out.b = sxy / sxx;
  out.a = my - out.b * mx;
  return true;
}

// log(values[k]) ~ (k+1) over the positive values; extrapolated at `position` (1-based period).
bool log_linear_at(const std::vector<double>& values, double position, double& out) {
  std::vector<double> x, y;
  for (std::size_t k = 0; k < values.size(); ++k)
    if (values[k] > 0 && std::isfinite(values[k])) { x.push_back(static_cast<double>(k + 1)); y.push_back(std::log(values[k])); }
  Line line;
  if (!fit_line(x, y, line)) return false;
  out = std::exp(line.at(position));
  return true;
}

struct TailSe {
  double se = 0, sigma = 0;
};

Result<TailSe> tail_uncertainty(const std::vector<double>& ldf, const std::vector<double>& ldf_se,
                                const std::vector<double>& sigma2, const MackOptions& o) {
  TailSe out;
  const double tail = o.chain_ladder.tail;
  double position = 0;
  if (!o.tail_se || !o.tail_sigma) {
    std::vector<double> excess(ldf.size());
    for (std::size_t k = 0; k < ldf.size(); ++k) excess[k] = ldf[k] - 1.0;
    std::vector<double> x, y;
    for (std::size_t k = 0; k < excess.size(); ++k)
      if (excess[k] > 0) { x.push_back(static_cast<double>(k + 1)); y.push_back(std::log(excess[k])); }
    Line line;
    if (tail <= 1 || !fit_line(x, y, line) || line.b == 0)
      return fail(errors::tail_se_not_estimable,
                  "give tail_se and tail_sigma: the tail cannot be placed among the link ratios");
    position = (std::log(tail - 1.0) - line.a) / line.b;
  }
  if (o.tail_se) {
    out.se = *o.tail_se;
  } else if (!log_linear_at(ldf_se, position, out.se)) {
    return fail(errors::tail_se_not_estimable, "log-linear fit of the factor standard errors failed");
  }
  if (o.tail_sigma) {
    out.sigma = *o.tail_sigma;
  } else {
    std::vector<double> sigma(sigma2.size());
    for (std::size_t k = 0; k < sigma2.size(); ++k) sigma[k] = std::sqrt(sigma2[k]);
    if (!log_linear_at(sigma, position, out.sigma))
      return fail(errors::tail_se_not_estimable, "log-linear fit of sigma failed");
  }
  if (!(out.se >= 0) || !(out.sigma >= 0))
    return fail(errors::tail_se_not_estimable, "negative tail standard error or sigma");
  return out;
}

}  // namespace

std::string_view to_string(SigmaRule rule) { return rule == SigmaRule::mack ? "mack" : "loglinear"; }

bool parse_sigma_rule(std::string_view text, SigmaRule& out) {
  if (text == "mack") out = SigmaRule::mack;
  else if (text == "loglinear" || text == "log-linear" || text == "log_linear") out = SigmaRule::log_linear;
  else return false;
  return true;
}

Status extrapolate_sigma2(std::vector<double>& s2, const std::vector<std::size_t>& count, SigmaRule rule) {
  Line line;
  bool have_line = false;
  if (rule == SigmaRule::log_linear) {
    std::vector<double> x, y;
    for (std::size_t k = 0; k < s2.size(); ++k)
      if (!std::isnan(s2[k]) && s2[k] > 0) { x.push_back(static_cast<double>(k + 1)); y.push_back(0.5 * std::log(s2[k])); }
    have_line = fit_line(x, y, line);
  }
  for (std::size_t k = 0; k < s2.size(); ++k) {
    if (!std::isnan(s2[k])) continue;
    if (count[k] == 0) { s2[k] = 0; continue; }  // never used: no origin develops through it
    if (rule == SigmaRule::log_linear) {
      if (!have_line)
        return fail(errors::sigma_not_estimable, "log-linear sigma needs two periods with positive sigma");
      const double sigma = std::exp(line.at(static_cast<double>(k + 1)));
      s2[k] = sigma * sigma;
      continue;
    }
    if (k < 2 || std::isnan(s2[k - 1]) || std::isnan(s2[k - 2]))
      return fail(errors::sigma_not_estimable,
                  "Mack's rule for period " + std::to_string(k + 1) + " needs the two preceding sigmas");
    const double a = s2[k - 2], b = s2[k - 1];
    s2[k] = a > 0 ? std::min({b * b / a, a, b}) : std::min(a, b);
  }
  return {};
}

Result<MackResult> mack(const Triangle& t, const MackOptions& o) {
  MEDRISK_TRY(DevelopmentFit fit, fit_development(t, o.chain_ladder));
  MackResult r;
  r.chain_ladder = project(t, fit, o.chain_ladder);
  r.sigma_rule = o.sigma_rule;
  const std::size_t m = t.n_origins(), n = t.n_dev, links = n - 1;
  std::vector<double> s2 = fit.sigma2;
  MEDRISK_CHECK(extrapolate_sigma2(s2, fit.count, o.sigma_rule));
  std::vector<double> f = fit.ldf, fse(links), sigma2 = s2;
  for (std::size_t k = 0; k < links; ++k) fse[k] = fit.volume[k] > 0 ? std::sqrt(s2[k] / fit.volume[k]) : 0.0;
  const double tail = o.chain_ladder.tail;
  const bool tail_step = tail != 1.0;
  if (tail_step) {
    MEDRISK_TRY(TailSe ts, tail_uncertainty(f, fse, s2, o));
    f.push_back(tail);
    fse.push_back(ts.se);
    sigma2.push_back(ts.sigma * ts.sigma);
  }
  const std::size_t steps = f.size();  // links, plus one for the tail
  std::vector<double> column_sum(steps, 0.0);  // M_k: Σ of projected C_ik over origins still developing at k
  r.process_se.assign(m, 0.0);
  r.parameter_se.assign(m, 0.0);
  for (std::size_t i = 0; i < m; ++i) {
    const std::size_t last = r.chain_ladder.latest_period[i];
    double c = r.chain_ladder.latest[i], proc2 = 0, param2 = 0;
    for (std::size_t k = last; k < steps; ++k) {
      const double c_alpha = fit.alpha == 1.0 ? c : std::pow(c, fit.alpha);
      const double process_step = c_alpha > 0 ? c * c * sigma2[k] / c_alpha : 0.0;
      proc2 = process_step + proc2 * f[k] * f[k];
      param2 = c * c * fse[k] * fse[k] + param2 * f[k] * f[k];
      column_sum[k] += c;
      c *= f[k];
    }
    r.process_se[i] = std::sqrt(proc2);
    r.parameter_se[i] = std::sqrt(param2);
  }
  double total_proc2 = 0, total_param2 = 0;
  for (std::size_t i = 0; i < m; ++i) total_proc2 += r.process_se[i] * r.process_se[i];
  for (std::size_t k = 0; k < steps; ++k)
    total_param2 = column_sum[k] * column_sum[k] * fse[k] * fse[k] + total_param2 * f[k] * f[k];
  for (std::size_t i = 0; i < m; ++i) {
    const double se = std::hypot(r.process_se[i], r.parameter_se[i]);
    r.mack_se.push_back(se);
    r.cv.push_back(r.chain_ladder.ibnr[i] != 0 ? se / r.chain_ladder.ibnr[i] : 0.0);
  }
  r.sigma2 = sigma2;
  r.ldf_se = fse;
  r.total_process_se = std::sqrt(total_proc2);
  r.total_parameter_se = std::sqrt(total_param2);
  r.total_mack_se = std::sqrt(total_proc2 + total_param2);
  r.cv_total = r.chain_ladder.total_ibnr != 0 ? r.total_mack_se / r.chain_ladder.total_ibnr : 0.0;
  return r;
}

}  // namespace medrisk::actuarial
