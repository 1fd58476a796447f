// Aggregate (compound) loss S = X_1 + … + X_N: Panjer (1981) recursion, FFT with padding and
// exponential tilting against wrap-around (Grübel & Hermesmeier 1999), Monte Carlo with a seed;
// CDF, VaR, TVaR at any level and stop-loss premiums. Feeds the pool's solvency figures
// (VaR/TVaR 99.5 %) and the rating engine's expected loss.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "kernel/result.hpp"
#include "modules/actuarial/distributions.hpp"

namespace medrisk::actuarial {

enum class AggregateMethod { panjer, fft, monte_carlo };

std::string_view to_string(AggregateMethod method);
bool parse_aggregate_method(std::string_view text, AggregateMethod& out);

// Either a probability vector on the grid 0, h, 2h, … (Panjer, FFT) or sorted draws (Monte Carlo).
struct AggregateDistribution {
  AggregateMethod method = AggregateMethod::panjer;
  double span = 0;
  std::vector<double> pmf;
  std::vector<double> samples;  // ascending
  double severity_mass_outside = 0;  // severity probability beyond the grid, lost by discretization
  std::size_t transform_points = 0;  // FFT length after padding

  double total_mass() const;  // Σ pmf (1 for Monte Carlo)
  double mean() const;
  double sd() const;
  double cdf(double x) const;
  double stop_loss(double retention) const;  // E[(S − d)+] on the represented mass
};

struct AggregateOptions {
  AggregateMethod method = AggregateMethod::panjer;
  Discretization discretization = Discretization::unbiased;
  double span = 0;           // grid step; 0 = chosen so the grid covers mean + 10 sd (see README)
  std::size_t points = 8192; // grid points of the result
  std::size_t draws = 100'000;
  std::uint64_t seed = 20240601;
};

// Grid step covering mean + 10 sd (or a high quantile for heavy tails) with `points` points.
double default_span(const Frequency& frequency, const Severity& severity, std::size_t points);

// Panjer recursion on a discretized severity (probabilities at 0, h, 2h, …).
// Errors: grid_points_invalid, grid_too_large, panjer_underflow.
Result<AggregateDistribution> panjer(const Frequency& frequency, const std::vector<double>& severity_pmf, double span,
                                     std::size_t points);
// FFT of the same. Errors: grid_points_invalid, grid_too_large.
Result<AggregateDistribution> fft_aggregate(const Frequency& frequency, const std::vector<double>& severity_pmf,
                                            double span, std::size_t points);
// Errors: draws_invalid.
Result<AggregateDistribution> monte_carlo(const Frequency& frequency, const Severity& severity, std::size_t draws,
                                          std::uint64_t seed);

// Discretizes (grid methods) and runs the chosen method.
Result<AggregateDistribution> aggregate(const Frequency& frequency, const Severity& severity, const AggregateOptions& options);

// Smallest x with F(x) ≥ level. Errors: level_invalid, level_beyond_grid.
Result<double> value_at_risk(const AggregateDistribution& distribution, double level);
// TVaR_p = VaR_p + E[(S − VaR_p)+] / (1 − p) (Acerbi & Tasche 2002; equals E[S | S > VaR] for
// continuous S). Errors: level_invalid, level_beyond_grid.
Result<double> tail_value_at_risk(const AggregateDistribution& distribution, double level);

}  // namespace medrisk::actuarial
