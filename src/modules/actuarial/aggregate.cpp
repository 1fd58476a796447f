// Compound distributions: Panjer (1981) ASTIN Bulletin 12(1) recursion for the (a, b, 0) class;
// FFT (Robertson 1992) with exponential tilting (Grübel & Hermesmeier 1999, ASTIN Bull. 29(2));
// Monte Carlo on std::mt19937_64.
#include "modules/actuarial/aggregate.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <string>

#include "modules/actuarial/errors.hpp"
#include "modules/actuarial/fft.hpp"
#include "modules/actuarial/model.hpp"

namespace medrisk::actuarial {
namespace {

Error fail(std::string_view code, std::string detail) { return Error::of(std::string(code), std::move(detail)); }

Status check_grid(double span, std::size_t points) {
  if (!(span > 0) || !std::isfinite(span)) return fail(errors::span_invalid, "span must be > 0");
  if (points < 2) return fail(errors::grid_points_invalid, "at least 2 grid points");
  if (points > kMaxGridPoints)
    return fail(errors::grid_too_large, std::to_string(points) + " points; limit " + std::to_string(kMaxGridPoints));
  return {};
}

double mass_of(const std::vector<double>& f) {
  double total = 0;
  for (double v : f) total += v;
  return total;
}

// Σ_{j=1}^{top} x_j y_j, forward, with independent accumulators: the dependency chain of one
// running sum, not the multiplications, bounds a plain loop, and forward access lets the compiler
// pair the lanes into SIMD registers.
double dot_from_one(const double* x, const double* y, std::size_t top) {
  double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
  std::size_t j = 1;
  for (; j + 7 <= top; j += 8) {
    s0 += x[j] * y[j];
    s1 += x[j + 1] * y[j + 1];
    s2 += x[j + 2] * y[j + 2];
    s3 += x[j + 3] * y[j + 3];
    s4 += x[j + 4] * y[j + 4];
    s5 += x[j + 5] * y[j + 5];
    s6 += x[j + 6] * y[j + 6];
    s7 += x[j + 7] * y[j + 7];
  }
  for (; j <= top; ++j) s0 += x[j] * y[j];
  return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
}

}  // namespace

std::string_view to_string(AggregateMethod method) {
  switch (method) {
    case AggregateMethod::panjer: return "panjer";
    case AggregateMethod::fft: return "fft";
    case AggregateMethod::monte_carlo: return "mc";
  }
  return "panjer";
}

bool parse_aggregate_method(std::string_view text, AggregateMethod& out) {
  if (text == "panjer") out = AggregateMethod::panjer;
  else if (text == "fft") out = AggregateMethod::fft;
  else if (text == "mc" || text == "simulation" || text == "monte_carlo") out = AggregateMethod::monte_carlo;
  else return false;
  return true;
}

double AggregateDistribution::total_mass() const { return samples.empty() ? mass_of(pmf) : 1.0; }

double AggregateDistribution::mean() const {
  double m = 0;
  if (!samples.empty()) {
    for (double s : samples) m += s;
    return m / static_cast<double>(samples.size());
  }
  for (std::size_t k = 0; k < pmf.size(); ++k) m += static_cast<double>(k) * span * pmf[k];
  return m;
}

double AggregateDistribution::sd() const {
  const double mu = mean();
  double v = 0;
  if (!samples.empty()) {
    for (double s : samples) v += (s - mu) * (s - mu);
    return samples.size() > 1 ? std::sqrt(v / static_cast<double>(samples.size() - 1)) : 0.0;
  }
  for (std::size_t k = 0; k < pmf.size(); ++k) {
    const double d = static_cast<double>(k) * span - mu;
    v += d * d * pmf[k];
  }
  return std::sqrt(v);
}

double AggregateDistribution::cdf(double x) const {
  if (!samples.empty()) {
    const auto it = std::upper_bound(samples.begin(), samples.end(), x);
    return static_cast<double>(it - samples.begin()) / static_cast<double>(samples.size());
  }
  if (x < 0) return 0.0;
  const auto top = std::min(pmf.size(), static_cast<std::size_t>(std::floor(x / span + 1e-9)) + 1);
  double c = 0;
  for (std::size_t k = 0; k < top; ++k) c += pmf[k];
  return c;
}

double AggregateDistribution::stop_loss(double d) const {
  double e = 0;
  if (!samples.empty()) {
    for (double s : samples) e += std::max(0.0, s - d);
    return e / static_cast<double>(samples.size());
  }
  for (std::size_t k = 0; k < pmf.size(); ++k) e += std::max(0.0, static_cast<double>(k) * span - d) * pmf[k];
  return e;
}

double default_span(const Frequency& f, const Severity& s, std::size_t points) {
  const double m1 = s.mean(), m2 = s.second_moment();
  double upper;
  if (std::isfinite(m2)) {
    const double mean = f.mean() * m1;
    const double var = f.mean() * (m2 - m1 * m1) + f.variance() * m1 * m1;
    upper = mean + 10.0 * std::sqrt(var);
  } else {  // heavy tail: enough claims at a far severity quantile
    upper = (f.mean() + 6.0 * std::sqrt(f.variance()) + 1.0) * s.quantile(0.9999);
  }
  return upper / static_cast<double>(points > 1 ? points - 1 : 1);
}

Result<AggregateDistribution> panjer(const Frequency& freq, const std::vector<double>& f, double span, std::size_t points) {
  MEDRISK_CHECK(check_grid(span, points));
  AggregateDistribution out;
  out.method = AggregateMethod::panjer;
  out.span = span;
  out.severity_mass_outside = std::max(0.0, 1.0 - mass_of(f));
  const double a = freq.a(), b = freq.b(), f0 = f.empty() ? 0.0 : f[0];
  // g is kept reversed (g_k at rev[points−1−k]) so that g_{k−j}, j = 1…, is read forward.
  std::vector<double> rev(points, 0.0);
  const double g0 = freq.pgf(f0);
  rev[points - 1] = g0;
  if (!(g0 > 1e-290))
    return fail(errors::panjer_underflow, "P(S = 0) underflows (expected claim count too large); use the fft method");
  // Severity support may end before the grid does.
  std::size_t top = std::min(f.size(), points);
  while (top > 1 && f[top - 1] == 0) --top;
  std::vector<double> jf(top, 0.0);
  for (std::size_t j = 0; j < top; ++j) jf[j] = static_cast<double>(j) * f[j];
  const double scale = 1.0 / (1.0 - a * f0);
  for (std::size_t k = 1; k < points; ++k) {
    const std::size_t upto = std::min(k, top - 1);
    const double* g_back = rev.data() + (points - 1 - k);  // g_back[j] = g_{k−j}
    double value = (b / static_cast<double>(k)) * dot_from_one(jf.data(), g_back, upto);
    if (a != 0) value += a * dot_from_one(f.data(), g_back, upto);
    rev[points - 1 - k] = value * scale;
  }
  out.pmf.assign(rev.rbegin(), rev.rend());
  return out;
}

Result<AggregateDistribution> fft_aggregate(const Frequency& freq, const std::vector<double>& f, double span,
                                            std::size_t points) {
  MEDRISK_CHECK(check_grid(span, points));
  AggregateDistribution out;
  out.method = AggregateMethod::fft;
  out.span = span;
  out.severity_mass_outside = std::max(0.0, 1.0 - mass_of(f));
  // Padding: twice the grid and enough for mean + 12 sd of the discretized compound distribution.
  double m1 = 0, m2 = 0;
  for (std::size_t j = 0; j < f.size(); ++j) {
    const double x = static_cast<double>(j);
    m1 += x * f[j];
    m2 += x * x * f[j];
  }
  const double mean_points = freq.mean() * m1;
  const double var_points = freq.mean() * (m2 - m1 * m1) + freq.variance() * m1 * m1;
  const double needed = std::max(2.0 * static_cast<double>(points), mean_points + 12.0 * std::sqrt(std::max(0.0, var_points)));
  if (needed > static_cast<double>(kMaxFftPoints))
    return fail(errors::grid_too_large, "FFT would need " + std::to_string(static_cast<long long>(needed)) + " points");
  const std::size_t n = next_power_of_two(static_cast<std::size_t>(needed));
  out.transform_points = n;
  // Exponential tilting by e^{-θ j}: wrapped-around mass is damped by e^{-θ n} = e^{-20}.
  const double theta = 20.0 / static_cast<double>(n);
  std::vector<std::complex<double>> phi(n);
  for (std::size_t j = 0; j < std::min(f.size(), n); ++j) phi[j] = f[j] * std::exp(-theta * static_cast<double>(j));
  fft(phi, false);
  for (auto& z : phi) z = freq.pgf(z);
  fft(phi, true);
  out.pmf.resize(points);
  for (std::size_t k = 0; k < points; ++k)
    out.pmf[k] = std::max(0.0, phi[k].real() / static_cast<double>(n) * std::exp(theta * static_cast<double>(k)));
  return out;
}

// Draws on one mt19937_64 stream: uniforms from the top 53 bits, normals by Marsaglia's polar
// method (pairs), Poisson by inversion below λ = 30 (one uniform), the library's PTRS above.
class Sampler {
 public:
  explicit Sampler(std::uint64_t seed) : rng_(seed) {}
  double uniform() { return static_cast<double>(rng_() >> 11) * 0x1.0p-53; }
  double normal() {
    if (has_spare_) { has_spare_ = false; return spare_; }
    double u, v, q;
    do {
      u = 2 * uniform() - 1;
      v = 2 * uniform() - 1;
      q = u * u + v * v;
    } while (q >= 1 || q == 0);
    const double r = std::sqrt(-2 * std::log(q) / q);
    spare_ = v * r;
    has_spare_ = true;
    return u * r;
  }
  long long poisson(double lambda) {
    if (lambda >= 30) return std::poisson_distribution<long long>(lambda)(rng_);
    double p = std::exp(-lambda), cdf = p;
    const double u = uniform();
    long long k = 0;
    while (u > cdf && k < 1000) {
      ++k;
      p *= lambda / static_cast<double>(k);
      cdf += p;
    }
    return k;
  }
  std::mt19937_64& engine() { return rng_; }

 private:
  std::mt19937_64 rng_;
  double spare_ = 0;
  bool has_spare_ = false;
};

Result<AggregateDistribution> monte_carlo(const Frequency& freq, const Severity& sev, std::size_t draws, std::uint64_t seed) {
  if (draws < 2 || draws > kMaxDraws)
    return fail(errors::draws_invalid, std::to_string(draws) + " draws; between 2 and " + std::to_string(kMaxDraws));
  Sampler rng(seed);
  AggregateDistribution out;
  out.method = AggregateMethod::monte_carlo;
  out.samples.resize(draws);
  std::gamma_distribution<double> gamma(sev.kind == SeverityKind::gamma ? sev.p1 : 1.0,
                                        sev.kind == SeverityKind::gamma ? sev.p2 : 1.0);
  std::gamma_distribution<double> mixing(freq.kind == FrequencyKind::negative_binomial ? freq.r : 1.0,
                                         freq.kind == FrequencyKind::negative_binomial ? (1 - freq.p) / freq.p : 1.0);
  std::binomial_distribution<long long> binomial(freq.kind == FrequencyKind::binomial ? static_cast<long long>(freq.n) : 1,
                                                 freq.kind == FrequencyKind::binomial ? freq.p : 0.5);
  auto claim_count = [&]() -> long long {
    switch (freq.kind) {
      case FrequencyKind::poisson: return rng.poisson(freq.lambda);
      case FrequencyKind::negative_binomial: {  // gamma–Poisson mixture allows a fractional size r
        const double lambda = mixing(rng.engine());
        return lambda > 0 ? rng.poisson(lambda) : 0;
      }
      case FrequencyKind::binomial: return binomial(rng.engine());
    }
    return 0;
  };
  auto claim_size = [&]() -> double {
    switch (sev.kind) {
      case SeverityKind::lognormal: return std::exp(sev.p1 + sev.p2 * rng.normal());
      case SeverityKind::gamma: return gamma(rng.engine());
      case SeverityKind::pareto: return sev.p2 * (std::pow(1.0 - rng.uniform(), -1.0 / sev.p1) - 1.0);
      case SeverityKind::empirical: {
        const auto it = std::upper_bound(sev.cum_mass.begin(), sev.cum_mass.end(), rng.uniform());
        return sev.values[std::min(sev.values.size() - 1, static_cast<std::size_t>(it - sev.cum_mass.begin()))];
      }
    }
    return 0.0;
  };
  for (std::size_t d = 0; d < draws; ++d) {
    double s = 0;
    for (long long c = claim_count(); c > 0; --c) s += claim_size();
    out.samples[d] = s;
  }
  std::sort(out.samples.begin(), out.samples.end());
  return out;
}

Result<AggregateDistribution> aggregate(const Frequency& freq, const Severity& sev, const AggregateOptions& o) {
  if (o.method == AggregateMethod::monte_carlo) return monte_carlo(freq, sev, o.draws, o.seed);
  const double span = o.span > 0 ? o.span : default_span(freq, sev, o.points);
  MEDRISK_TRY(std::vector<double> f, discretize(sev, span, o.points, o.discretization));
  return o.method == AggregateMethod::panjer ? panjer(freq, f, span, o.points) : fft_aggregate(freq, f, span, o.points);
}

Result<double> value_at_risk(const AggregateDistribution& d, double level) {
  if (!(level > 0 && level < 1)) return fail(errors::level_invalid, "level must be in (0, 1)");
  if (!d.samples.empty()) {
    const auto n = d.samples.size();
    auto idx = static_cast<std::size_t>(std::ceil(level * static_cast<double>(n) - 1e-9));
    idx = std::clamp<std::size_t>(idx, 1, n);
    return d.samples[idx - 1];
  }
  double c = 0;
  for (std::size_t k = 0; k < d.pmf.size(); ++k) {
    c += d.pmf[k];
    if (c >= level - 1e-12) return static_cast<double>(k) * d.span;
  }
  return fail(errors::level_beyond_grid,
              "the grid holds probability " + std::to_string(c) + " < level; widen the span or add points");
}

Result<double> tail_value_at_risk(const AggregateDistribution& d, double level) {
  MEDRISK_TRY(double var, value_at_risk(d, level));
  return var + d.stop_loss(var) / (1.0 - level);
}

}  // namespace medrisk::actuarial
