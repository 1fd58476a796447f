// Aggregate loss distributions: Panjer against closed forms, FFT against Panjer, Monte Carlo
// against both within its sampling error, risk-measure properties and refusals.
#include <gtest/gtest.h>

#include <cmath>

#include "support.hpp"

namespace medrisk::actuarial {
namespace {

Frequency freq(std::string_view spec) {
  auto f = parse_frequency(spec);
  EXPECT_TRUE(f.ok()) << spec;
  return *f;
}
Severity sev(std::string_view spec) {
  auto s = parse_severity(spec);
  EXPECT_TRUE(s.ok()) << spec;
  return *s;
}

struct Moments {
  double m1 = 0, m2 = 0;
};
Moments moments(const std::vector<double>& f, double h) {
  Moments m;
  for (std::size_t j = 0; j < f.size(); ++j) {
    const double x = static_cast<double>(j) * h;
    m.m1 += x * f[j];
    m.m2 += x * x * f[j];
  }
  return m;
}

TEST(Panjer, PoissonTimesDegenerateSeverityIsPoisson) {
  // Every claim costs exactly 2 grid steps: S = 2h · N with N ~ Poisson(3).
  const double h = 10;
  auto f = discretize(sev("empirical:20"), h, 64, Discretization::rounding);
  ASSERT_TRUE(f.ok());
  for (auto method : {AggregateMethod::panjer, AggregateMethod::fft}) {
    auto d = method == AggregateMethod::panjer ? panjer(freq("poisson:3"), *f, h, 64) : fft_aggregate(freq("poisson:3"), *f, h, 64);
    ASSERT_TRUE(d.ok());
    double pk = std::exp(-3.0);
    for (int k = 0; k < 20; ++k) {
      EXPECT_NEAR(d->pmf[2 * k], pk, 1e-14) << to_string(method) << " k=" << k;
      EXPECT_NEAR(d->pmf[2 * k + 1], 0.0, 1e-14);
      pk *= 3.0 / (k + 1);
    }
  }
}

// Compound moments: E[S] = E[N] E[X], Var S = E[N] Var X + Var N E[X]² on the discretized severity.
struct CompoundCase {
  const char* frequency;
  const char* severity;
  double span;
};

class CompoundMoments : public ::testing::TestWithParam<CompoundCase> {};

TEST_P(CompoundMoments, PanjerAndFftMatchClosedFormAndEachOther) {
  const auto& c = GetParam();
  const Frequency n = freq(c.frequency);
  const std::size_t points = 8192;
  auto f = discretize(sev(c.severity), c.span, points, Discretization::unbiased);
  ASSERT_TRUE(f.ok());
  const Moments x = moments(*f, c.span);
  const double mean = n.mean() * x.m1;
  const double var = n.mean() * (x.m2 - x.m1 * x.m1) + n.variance() * x.m1 * x.m1;
  auto p = panjer(n, *f, c.span, points);
  auto q = fft_aggregate(n, *f, c.span, points);
  ASSERT_TRUE(p.ok() && q.ok());
  EXPECT_NEAR(p->total_mass(), 1.0, 1e-8);
  EXPECT_NEAR(p->mean(), mean, 1e-7 * mean);
  EXPECT_NEAR(p->sd() * p->sd(), var, 1e-6 * var);
  double max_diff = 0;
  for (std::size_t k = 0; k < points; ++k) max_diff = std::max(max_diff, std::fabs(p->pmf[k] - q->pmf[k]));
  EXPECT_LT(max_diff, 1e-10) << "FFT vs Panjer";
  // The unbiased discretization keeps the severity mean (within the mass beyond the grid).
  EXPECT_NEAR(x.m1, sev(c.severity).mean(), 1e-6 * x.m1);
}

INSTANTIATE_TEST_SUITE_P(Actuarial, CompoundMoments,
                         ::testing::Values(CompoundCase{"poisson:5", "gamma:2,100", 2.0},
                                           CompoundCase{"negbin:3,0.4", "lognormal:4,0.8", 1.5},
                                           CompoundCase{"binomial:20,0.3", "gamma:3,50", 1.0},
                                           CompoundCase{"poisson:20", "lognormal:3,0.5", 1.0}));

TEST(MonteCarlo, AgreesWithPanjerWithinSamplingError) {
  const Frequency n = freq("poisson:4");
  const Severity x = sev("lognormal:5,0.6");
  AggregateOptions grid;
  grid.points = 8192;
  auto exact = aggregate(n, x, grid);
  ASSERT_TRUE(exact.ok());
  auto mc = monte_carlo(n, x, 200000, 42);
  ASSERT_TRUE(mc.ok());
  const double se = exact->sd() / std::sqrt(200000.0);
  EXPECT_NEAR(mc->mean(), exact->mean(), 4 * se);
  EXPECT_NEAR(mc->sd(), exact->sd(), 0.01 * exact->sd());
  for (double level : {0.9, 0.99}) {
    EXPECT_NEAR(*value_at_risk(*mc, level), *value_at_risk(*exact, level), 0.02 * *value_at_risk(*exact, level)) << level;
    EXPECT_NEAR(*tail_value_at_risk(*mc, level), *tail_value_at_risk(*exact, level), 0.03 * *tail_value_at_risk(*exact, level)) << level;
  }
  // Same seed, same draws.
  auto again = monte_carlo(n, x, 1000, 7);
  auto again2 = monte_carlo(n, x, 1000, 7);
  EXPECT_EQ(again->samples, again2->samples);
}

TEST(MonteCarlo, EveryFrequencyAndSeverityDraws) {
  for (const char* fs : {"poisson:2", "negbin:2.5,0.5", "binomial:10,0.2"})
    for (const char* ss : {"lognormal:1,0.5", "gamma:2,3", "pareto:3,10", "empirical:1,2,3,4"}) {
      auto d = monte_carlo(freq(fs), sev(ss), 50000, 1);
      ASSERT_TRUE(d.ok());
      const double expected = freq(fs).mean() * sev(ss).mean();
      EXPECT_NEAR(d->mean(), expected, 0.05 * expected) << fs << " " << ss;
    }
}

TEST(RiskMeasures, MonotoneInLevelAndOrdered) {
  for (auto method : {AggregateMethod::panjer, AggregateMethod::fft, AggregateMethod::monte_carlo}) {
    AggregateOptions o;
    o.method = method;
    o.points = 4096;
    o.draws = 20000;
    auto d = aggregate(freq("negbin:2,0.3"), sev("pareto:3,1000"), o);
    ASSERT_TRUE(d.ok()) << d.error().code;
    double last_var = 0, last_tvar = 0;
    for (double level : {0.5, 0.75, 0.9, 0.95, 0.99, 0.995}) {
      auto var = value_at_risk(*d, level);
      auto tvar = tail_value_at_risk(*d, level);
      ASSERT_TRUE(var.ok() && tvar.ok()) << to_string(method) << " " << level;
      EXPECT_GE(*var, last_var);
      EXPECT_GE(*tvar, last_tvar);
      EXPECT_GE(*tvar, *var);
      EXPECT_GE(d->cdf(*var), level - 1e-9);
      last_var = *var;
      last_tvar = *tvar;
    }
    EXPECT_NEAR(d->stop_loss(0), d->mean(), 1e-9 * d->mean());
    EXPECT_GE(d->stop_loss(1000), d->stop_loss(5000));
  }
}

TEST(Distributions, LimitedMeansAndCdfs) {
  EXPECT_NEAR(regularized_gamma_p(1, 2), 1 - std::exp(-2.0), 1e-14);
  EXPECT_NEAR(1 - regularized_gamma_p(5, 30), std::exp(-30.0) * (1 + 30 + 450 + 4500 + 33750), 1e-15);  // Erlang tail
  EXPECT_NEAR(sev("gamma:2,100").limited_mean(1e7), 200, 1e-8);
  EXPECT_NEAR(sev("lognormal:4,0.8").limited_mean(1e9), std::exp(4 + 0.32), 1e-8);
  EXPECT_NEAR(sev("pareto:3,1000").limited_mean(1e12), 500, 1e-3);
  EXPECT_NEAR(sev("pareto:1,10").limited_mean(10), 10 * std::log(2.0), 1e-12);
  EXPECT_NEAR(sev("empirical:1,3").limited_mean(2), 1.5, 1e-15);
  EXPECT_NEAR(sev("pareto:2,10").cdf(10), 0.75, 1e-15);
  EXPECT_NEAR(sev("lognormal:0,1").quantile(0.5), 1.0, 1e-9);
  auto r = discretize(sev("gamma:2,100"), 5, 400, Discretization::rounding);
  ASSERT_TRUE(r.ok());
  double mass = 0;
  for (double v : *r) mass += v;
  EXPECT_NEAR(mass, sev("gamma:2,100").cdf(399.5 * 5), 1e-12);
}

TEST(Aggregate, Refusals) {
  EXPECT_EQ(parse_frequency("poisson").error().code, errors::frequency_spec_invalid);
  EXPECT_EQ(parse_frequency("geometric:0.5").error().code, errors::frequency_spec_invalid);
  EXPECT_EQ(parse_frequency("poisson:-1").error().code, errors::distribution_parameter_invalid);
  EXPECT_EQ(parse_frequency("binomial:2.5,0.5").error().code, errors::distribution_parameter_invalid);
  EXPECT_EQ(parse_severity("weibull:1,2").error().code, errors::severity_spec_invalid);
  EXPECT_EQ(parse_severity("lognormal:1,x").error().code, errors::severity_spec_invalid);
  EXPECT_EQ(parse_severity("gamma:0,1").error().code, errors::distribution_parameter_invalid);
  EXPECT_EQ(make_empirical({}).error().code, errors::empirical_severity_empty);
  auto f = discretize(sev("gamma:2,1"), 0.1, 100, Discretization::unbiased);
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(panjer(freq("poisson:2"), *f, 0.0, 100).error().code, errors::span_invalid);
  EXPECT_EQ(panjer(freq("poisson:2"), *f, 0.1, 1).error().code, errors::grid_points_invalid);
  EXPECT_EQ(discretize(sev("gamma:2,1"), 0.1, kMaxGridPoints + 1, Discretization::unbiased).error().code, errors::grid_too_large);
  EXPECT_EQ(monte_carlo(freq("poisson:2"), sev("gamma:2,1"), 1, 1).error().code, errors::draws_invalid);
  auto big = discretize(sev("empirical:1"), 1, 100, Discretization::rounding);
  EXPECT_EQ(panjer(freq("poisson:800"), *big, 1, 100).error().code, errors::panjer_underflow);
  auto d = panjer(freq("poisson:2"), *f, 0.1, 100);  // grid ends at 10: too short for the tail
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(value_at_risk(*d, 0.0).error().code, errors::level_invalid);
  EXPECT_EQ(value_at_risk(*d, 1.0).error().code, errors::level_invalid);
  EXPECT_EQ(value_at_risk(*d, 0.9999999).error().code, errors::level_beyond_grid);
}

}  // namespace
}  // namespace medrisk::actuarial
