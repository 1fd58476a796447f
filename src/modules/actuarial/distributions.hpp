// Claim-count (frequency) and claim-size (severity) distributions for aggregate loss models, and the
// discretization of a severity on an arithmetic grid: rounding (mass point method) and the local
// moment-matching "unbiased" method (Gerber 1982; Klugman, Panjer & Willmot, Loss Models, §9.6.5).
#pragma once

#include <complex>
#include <random>
#include <string_view>
#include <vector>

#include "kernel/result.hpp"

namespace medrisk::actuarial {

enum class FrequencyKind { poisson, negative_binomial, binomial };

// Members of the (a, b, 0) class (Panjer 1981): p_k = (a + b/k) p_{k-1}.
struct Frequency {
  FrequencyKind kind = FrequencyKind::poisson;
  double lambda = 0;  // Poisson mean
  double r = 0;       // negative binomial size (R dnbinom size; may be fractional)
  double p = 0;       // negative binomial / binomial probability (R prob)
  double n = 0;       // binomial number of trials

  double a() const;
  double b() const;
  double mean() const;
  double variance() const;
  double pgf(double z) const;
  std::complex<double> pgf(std::complex<double> z) const;
};

enum class SeverityKind { lognormal, gamma, pareto, empirical };

struct Severity {
  SeverityKind kind = SeverityKind::lognormal;
  double p1 = 0;  // lognormal meanlog μ / gamma shape / Pareto α
  double p2 = 0;  // lognormal sdlog σ / gamma scale / Pareto θ (Lomax, F = 1 − (θ/(x+θ))^α)
  std::vector<double> values;   // empirical: sorted values
  std::vector<double> cum_mass;  // empirical: cumulative probability at each value
  std::vector<double> cum_first;  // empirical: Σ mass × value up to each value

  double cdf(double x) const;
  double limited_mean(double x) const;  // E[min(X, x)]
  double mean() const;                  // +inf when it does not exist
  double second_moment() const;         // +inf when it does not exist
  double quantile(double level) const;
};

// "poisson:3", "negbin:R,P", "binomial:N,P". Errors: frequency_spec_invalid, distribution_parameter_invalid.
Result<Frequency> parse_frequency(std::string_view spec);
// "lognormal:MU,SIGMA", "gamma:SHAPE,SCALE", "pareto:ALPHA,THETA", "empirical:X1,X2,…" (equal weights).
// Errors: severity_spec_invalid, distribution_parameter_invalid, empirical_severity_empty.
Result<Severity> parse_severity(std::string_view spec);
Result<Frequency> make_frequency(Frequency f);  // checks parameters
Result<Severity> make_empirical(std::vector<double> values, std::vector<double> weights = {});
Result<Severity> make_severity(SeverityKind kind, double p1, double p2);

enum class Discretization { rounding, unbiased };

// Probabilities at 0, h, 2h, … (points of them). Mass beyond the grid is not included.
// Errors: span_invalid, grid_points_invalid, grid_too_large.
Result<std::vector<double>> discretize(const Severity& severity, double span, std::size_t points, Discretization method);

double regularized_gamma_p(double a, double x);  // P(a, x), lower incomplete gamma ratio
double normal_cdf(double z);

}  // namespace medrisk::actuarial
