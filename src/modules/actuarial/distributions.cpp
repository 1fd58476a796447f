// Frequency and severity distributions, their limited expected values and grid discretization.
// Incomplete gamma by series / continued fraction (Abramowitz & Stegun 6.5.29, 6.5.31).
#include "modules/actuarial/distributions.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <string>

#include "modules/actuarial/errors.hpp"
#include "modules/actuarial/model.hpp"

namespace medrisk::actuarial {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

Error fail(std::string_view code, std::string detail) { return Error::of(std::string(code), std::move(detail)); }

bool parse_numbers(std::string_view text, std::vector<double>& out) {
  out.clear();
  while (true) {
    const auto comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    double v = 0;
    auto [ptr, ec] = std::from_chars(item.data(), item.data() + item.size(), v);
    if (item.empty() || ec != std::errc{} || ptr != item.data() + item.size() || !std::isfinite(v)) return false;
    out.push_back(v);
    if (comma == std::string_view::npos) return true;
    text.remove_prefix(comma + 1);
  }
}

}  // namespace

double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

double regularized_gamma_p(double a, double x) {
  if (x <= 0) return 0.0;
  const double log_prefix = -x + a * std::log(x) - std::lgamma(a);
  if (x < a + 1) {  // series
    double term = 1.0 / a, sum = term;
    for (int n = 1; n < 100000; ++n) {
      term *= x / (a + n);
      sum += term;
      if (std::fabs(term) < std::fabs(sum) * 1e-16) break;
    }
    return std::min(1.0, sum * std::exp(log_prefix));
  }
  // Continued fraction for Q(a, x), modified Lentz.
  const double tiny = 1e-300;
  double b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d;
  for (int i = 1; i < 100000; ++i) {
    const double an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (std::fabs(d) < tiny) d = tiny;
    c = b + an / c;
    if (std::fabs(c) < tiny) c = tiny;
    d = 1 / d;
    const double delta = d * c;
    h *= delta;
    if (std::fabs(delta - 1) < 1e-16) break;
  }
  return std::max(0.0, 1.0 - std::exp(log_prefix) * h);
}

double Frequency::a() const {
  switch (kind) {
    case FrequencyKind::poisson: return 0.0;
    case FrequencyKind::negative_binomial: return 1.0 - p;
    case FrequencyKind::binomial: return -p / (1.0 - p);
  }
  return 0.0;
}

double Frequency::b() const {
  switch (kind) {
    case FrequencyKind::poisson: return lambda;
    case FrequencyKind::negative_binomial: return (r - 1.0) * (1.0 - p);
    case FrequencyKind::binomial: return (n + 1.0) * p / (1.0 - p);
  }
  return 0.0;
}

double Frequency::mean() const {
  switch (kind) {
    case FrequencyKind::poisson: return lambda;
    case FrequencyKind::negative_binomial: return r * (1.0 - p) / p;
    case FrequencyKind::binomial: return n * p;
  }
  return 0.0;
}

double Frequency::variance() const {
  switch (kind) {
    case FrequencyKind::poisson: return lambda;
    case FrequencyKind::negative_binomial: return r * (1.0 - p) / (p * p);
    case FrequencyKind::binomial: return n * p * (1.0 - p);
  }
  return 0.0;
}

double Frequency::pgf(double z) const {
  switch (kind) {
    case FrequencyKind::poisson: return std::exp(lambda * (z - 1.0));
    case FrequencyKind::negative_binomial: return std::pow(p / (1.0 - (1.0 - p) * z), r);
    case FrequencyKind::binomial: return std::pow(1.0 + p * (z - 1.0), n);
  }
  return 0.0;
}

std::complex<double> Frequency::pgf(std::complex<double> z) const {
  switch (kind) {
    case FrequencyKind::poisson: return std::exp(lambda * (z - 1.0));
    case FrequencyKind::negative_binomial: return std::pow(p / (1.0 - (1.0 - p) * z), r);
    case FrequencyKind::binomial: return std::pow(1.0 + p * (z - 1.0), n);
  }
  return 0.0;
}

double Severity::cdf(double x) const {
  if (x < 0) return 0.0;
  switch (kind) {
    case SeverityKind::lognormal: return x == 0 ? 0.0 : normal_cdf((std::log(x) - p1) / p2);
    case SeverityKind::gamma: return regularized_gamma_p(p1, x / p2);
    case SeverityKind::pareto: return 1.0 - std::pow(p2 / (x + p2), p1);
    case SeverityKind::empirical: {
      const auto it = std::upper_bound(values.begin(), values.end(), x);
      return it == values.begin() ? 0.0 : cum_mass[static_cast<std::size_t>(it - values.begin()) - 1];
    }
  }
  return 0.0;
}

double Severity::limited_mean(double x) const {
  if (x <= 0) return 0.0;
  switch (kind) {
    case SeverityKind::lognormal: {
      const double z = (std::log(x) - p1) / p2;
      return std::exp(p1 + p2 * p2 / 2) * normal_cdf(z - p2) + x * (1.0 - normal_cdf(z));
    }
    case SeverityKind::gamma:
      return p1 * p2 * regularized_gamma_p(p1 + 1, x / p2) + x * (1.0 - regularized_gamma_p(p1, x / p2));
    case SeverityKind::pareto:
      if (p1 == 1.0) return p2 * std::log((x + p2) / p2);
      return p2 / (p1 - 1.0) * (1.0 - std::pow(p2 / (x + p2), p1 - 1.0));
    case SeverityKind::empirical: {
      const auto it = std::upper_bound(values.begin(), values.end(), x);
      const std::size_t j = static_cast<std::size_t>(it - values.begin());
      const double below_mass = j == 0 ? 0.0 : cum_mass[j - 1];
      const double below_first = j == 0 ? 0.0 : cum_first[j - 1];
      return below_first + x * (1.0 - below_mass);
    }
  }
  return 0.0;
}

double Severity::mean() const {
  switch (kind) {
    case SeverityKind::lognormal: return std::exp(p1 + p2 * p2 / 2);
    case SeverityKind::gamma: return p1 * p2;
    case SeverityKind::pareto: return p1 > 1 ? p2 / (p1 - 1) : kInf;
    case SeverityKind::empirical: return cum_first.back();
  }
  return 0.0;
}

double Severity::second_moment() const {
  switch (kind) {
    case SeverityKind::lognormal: return std::exp(2 * p1 + 2 * p2 * p2);
    case SeverityKind::gamma: return p1 * (p1 + 1) * p2 * p2;
    case SeverityKind::pareto: return p1 > 2 ? 2 * p2 * p2 / ((p1 - 1) * (p1 - 2)) : kInf;
    case SeverityKind::empirical: {
      double m2 = 0, previous = 0;
      for (std::size_t i = 0; i < values.size(); ++i) {
        m2 += (cum_mass[i] - previous) * values[i] * values[i];
        previous = cum_mass[i];
      }
      return m2;
    }
  }
  return 0.0;
}

double Severity::quantile(double level) const {
  switch (kind) {
    case SeverityKind::pareto: return p2 * (std::pow(1.0 - level, -1.0 / p1) - 1.0);
    case SeverityKind::empirical: {
      const auto it = std::lower_bound(cum_mass.begin(), cum_mass.end(), level - 1e-15);
      return it == cum_mass.end() ? values.back() : values[static_cast<std::size_t>(it - cum_mass.begin())];
    }
    default: break;
  }
  double lo = 0, hi = std::max(1.0, mean());
  while (cdf(hi) < level && hi < 1e300) hi *= 2;
  for (int i = 0; i < 200 && hi - lo > 1e-12 * hi; ++i) {
    const double mid = 0.5 * (lo + hi);
    (cdf(mid) < level ? lo : hi) = mid;
  }
  return hi;
}

Result<Frequency> make_frequency(Frequency f) {
  const auto bad = [](const std::string& what) { return fail(errors::distribution_parameter_invalid, what); };
  switch (f.kind) {
    case FrequencyKind::poisson:
      if (!(f.lambda > 0) || !std::isfinite(f.lambda)) return bad("poisson lambda must be > 0");
      break;
    case FrequencyKind::negative_binomial:
      if (!(f.r > 0) || !std::isfinite(f.r) || !(f.p > 0) || !(f.p <= 1)) return bad("negbin needs r > 0 and 0 < p <= 1");
      break;
    case FrequencyKind::binomial:
      if (!(f.n >= 1) || f.n != std::floor(f.n) || f.n > 1e9 || !(f.p > 0) || !(f.p < 1))
        return bad("binomial needs an integer n >= 1 and 0 < p < 1");
      break;
  }
  return f;
}

Result<Severity> make_severity(SeverityKind kind, double p1, double p2) {
  const bool finite = std::isfinite(p1) && std::isfinite(p2);
  if (kind == SeverityKind::lognormal && (!finite || !(p2 > 0)))
    return fail(errors::distribution_parameter_invalid, "lognormal needs sdlog > 0");
  if ((kind == SeverityKind::gamma || kind == SeverityKind::pareto) && (!finite || !(p1 > 0) || !(p2 > 0)))
    return fail(errors::distribution_parameter_invalid, "gamma and pareto need two positive parameters");
  if (kind == SeverityKind::empirical) return fail(errors::empirical_severity_empty, "use make_empirical");
  Severity s;
  s.kind = kind;
  s.p1 = p1;
  s.p2 = p2;
  return s;
}

Result<Severity> make_empirical(std::vector<double> values, std::vector<double> weights) {
  if (values.empty()) return fail(errors::empirical_severity_empty, "no values");
  if (weights.empty()) weights.assign(values.size(), 1.0);
  if (weights.size() != values.size())
    return fail(errors::distribution_parameter_invalid, "one weight per value");
  std::vector<std::pair<double, double>> pairs;
  double total = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!(values[i] >= 0) || !std::isfinite(values[i]) || !(weights[i] >= 0) || !std::isfinite(weights[i]))
      return fail(errors::distribution_parameter_invalid, "empirical values and weights must be finite and >= 0");
    pairs.emplace_back(values[i], weights[i]);
    total += weights[i];
  }
  if (!(total > 0)) return fail(errors::empirical_severity_empty, "weights sum to zero");
  std::sort(pairs.begin(), pairs.end());
  Severity s;
  s.kind = SeverityKind::empirical;
  double mass = 0, first = 0;
  for (const auto& [v, w] : pairs) {
    mass += w / total;
    first += v * w / total;
    if (!s.values.empty() && s.values.back() == v) {
      s.cum_mass.back() = mass;
      s.cum_first.back() = first;
      continue;
    }
    s.values.push_back(v);
    s.cum_mass.push_back(mass);
    s.cum_first.push_back(first);
  }
  s.cum_mass.back() = 1.0;
  return s;
}

Result<Frequency> parse_frequency(std::string_view spec) {
  const auto colon = spec.find(':');
  std::vector<double> p;
  if (colon == std::string_view::npos || !parse_numbers(spec.substr(colon + 1), p))
    return fail(errors::frequency_spec_invalid, "expected poisson:LAMBDA, negbin:R,P or binomial:N,P; got \"" + std::string(spec) + "\"");
  const auto name = spec.substr(0, colon);
  Frequency f;
  if (name == "poisson" && p.size() == 1) {
    f.kind = FrequencyKind::poisson;
    f.lambda = p[0];
  } else if ((name == "negbin" || name == "nbinom") && p.size() == 2) {
    f.kind = FrequencyKind::negative_binomial;
    f.r = p[0];
    f.p = p[1];
  } else if ((name == "binomial" || name == "binom") && p.size() == 2) {
    f.kind = FrequencyKind::binomial;
    f.n = p[0];
    f.p = p[1];
  } else {
    return fail(errors::frequency_spec_invalid, "unknown frequency or wrong parameter count: \"" + std::string(spec) + "\"");
  }
  return make_frequency(f);
}

Result<Severity> parse_severity(std::string_view spec) {
  const auto colon = spec.find(':');
  std::vector<double> p;
  if (colon == std::string_view::npos || !parse_numbers(spec.substr(colon + 1), p))
    return fail(errors::severity_spec_invalid,
                "expected lognormal:MU,SIGMA, gamma:SHAPE,SCALE, pareto:ALPHA,THETA or empirical:X1,X2,…; got \"" +
                    std::string(spec) + "\"");
  const auto name = spec.substr(0, colon);
  if (name == "empirical") return make_empirical(std::move(p));
  if (p.size() != 2) return fail(errors::severity_spec_invalid, "two parameters expected: \"" + std::string(spec) + "\"");
  if (name == "lognormal" || name == "lnorm") return make_severity(SeverityKind::lognormal, p[0], p[1]);
  if (name == "gamma") return make_severity(SeverityKind::gamma, p[0], p[1]);
  if (name == "pareto") return make_severity(SeverityKind::pareto, p[0], p[1]);
  return fail(errors::severity_spec_invalid, "unknown severity \"" + std::string(name) + "\"");
}

Result<std::vector<double>> discretize(const Severity& s, double h, std::size_t points, Discretization method) {
  if (!(h > 0) || !std::isfinite(h)) return fail(errors::span_invalid, "span must be > 0");
  if (points < 2) return fail(errors::grid_points_invalid, "at least 2 grid points");
  if (points > kMaxGridPoints)
    return fail(errors::grid_too_large, std::to_string(points) + " points; limit " + std::to_string(kMaxGridPoints));
  std::vector<double> f(points);
  if (method == Discretization::rounding) {
    double previous = s.cdf(h / 2);
    f[0] = previous;
    for (std::size_t j = 1; j < points; ++j) {
      const double next = s.cdf((static_cast<double>(j) + 0.5) * h);
      f[j] = std::max(0.0, next - previous);
      previous = next;
    }
    return f;
  }
  // Local moment matching of first order: preserves the mean on each [jh, (j+1)h].
  double lev_prev = 0, lev = s.limited_mean(h);
  f[0] = 1.0 - lev / h;
  for (std::size_t j = 1; j < points; ++j) {
    const double lev_next = s.limited_mean((static_cast<double>(j) + 1.0) * h);
    f[j] = std::max(0.0, (2 * lev - lev_prev - lev_next) / h);
    lev_prev = lev;
    lev = lev_next;
  }
  return f;
}

}  // namespace medrisk::actuarial
