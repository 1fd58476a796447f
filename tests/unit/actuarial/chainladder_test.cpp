// Chain-ladder options on a small hand-computed triangle: simple and regression averages,
// exclusions, the latest-n-diagonals window, tail factor; and the method-level refusals.
#include <gtest/gtest.h>

#include "support.hpp"

namespace medrisk::actuarial {
namespace {

// 3×3: link ratios lag1→2: 150/100 = 1.5, 360/200 = 1.8; lag2→3: 165/150 = 1.1.
Triangle small() {
  auto t = triangle_from_records(std::vector<CellRecord>{
      {"2021", 1, 100}, {"2021", 2, 150}, {"2021", 3, 165}, {"2022", 1, 200}, {"2022", 2, 360}, {"2023", 1, 50}});
  EXPECT_TRUE(t.ok());
  return *t;
}

struct AverageCase {
  Average average;
  double f1;
};

class Averages : public ::testing::TestWithParam<AverageCase> {};

TEST_P(Averages, FirstFactor) {
  ChainLadderOptions o;
  o.average = GetParam().average;
  auto r = chain_ladder(small(), o);
  ASSERT_TRUE(r.ok());
  EXPECT_NEAR(r->ldf[0], GetParam().f1, 1e-12);
  EXPECT_NEAR(r->ldf[1], 1.1, 1e-12);
  EXPECT_NEAR(r->ultimate[2], 50 * GetParam().f1 * 1.1, 1e-9);
}

INSTANTIATE_TEST_SUITE_P(Actuarial, Averages,
                         ::testing::Values(AverageCase{Average::volume, 510.0 / 300.0},  // Σ C₂ / Σ C₁
                                           AverageCase{Average::simple, (1.5 + 1.8) / 2},
                                           AverageCase{Average::regression,  // Σ C₁C₂ / Σ C₁²
                                                       (100.0 * 150 + 200.0 * 360) / (100.0 * 100 + 200.0 * 200)}));

TEST(ChainLadderOptions, ExclusionAndWindow) {
  ChainLadderOptions o;
  o.exclusions = {{1, 0}};  // drop 2022's 1.8
  auto r = chain_ladder(small(), o);
  ASSERT_TRUE(r.ok());
  EXPECT_DOUBLE_EQ(r->ldf[0], 1.5);
  ChainLadderOptions w;
  w.n_periods = 1;  // latest diagonal only: 2022 lag 1→2 and 2021 lag 2→3
  r = chain_ladder(small(), w);
  ASSERT_TRUE(r.ok());
  EXPECT_DOUBLE_EQ(r->ldf[0], 1.8);
  EXPECT_DOUBLE_EQ(r->ldf[1], 1.1);
}

TEST(ChainLadderOptions, TailMultipliesEveryOrigin) {
  ChainLadderOptions o;
  o.tail = 1.05;
  auto r = chain_ladder(small(), o);
  ASSERT_TRUE(r.ok());
  EXPECT_NEAR(r->ultimate[0], 165 * 1.05, 1e-9);
  EXPECT_NEAR(r->ibnr[0], 165 * 0.05, 1e-9);
}

TEST(ChainLadderOptions, Refusals) {
  ChainLadderOptions bad_tail;
  bad_tail.tail = 0;
  EXPECT_EQ(chain_ladder(small(), bad_tail).error().code, errors::tail_factor_invalid);
  ChainLadderOptions bad_exclusion;
  bad_exclusion.exclusions = {{5, 0}};
  EXPECT_EQ(chain_ladder(small(), bad_exclusion).error().code, errors::exclusion_out_of_range);
  ChainLadderOptions all_out;
  all_out.exclusions = {{0, 1}};  // the only 2→3 link ratio; 2022 and 2023 need it
  EXPECT_EQ(chain_ladder(small(), all_out).error().code, errors::development_volume_zero);
  auto one = triangle_from_records(std::vector<CellRecord>{{"2021", 1, 100}, {"2021", 2, 120}});
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(chain_ladder(*one).error().code, errors::triangle_too_small);
  // Mack's rule needs two sigmas before the single-link-ratio period.
  EXPECT_EQ(mack(small()).error().code, errors::sigma_not_estimable);
  MackOptions tail_below_one;
  tail_below_one.chain_ladder.tail = 0.98;
  EXPECT_EQ(mack(testing::load_triangle("raa.csv"), tail_below_one).error().code, errors::tail_se_not_estimable);
  tail_below_one.tail_se = 0.01;
  tail_below_one.tail_sigma = 1.0;
  EXPECT_TRUE(mack(testing::load_triangle("raa.csv"), tail_below_one).ok());
}

// Schedule P: a line not written in the oldest year gives a row of zeros; 0 → 0 develops by 1.
TEST(ChainLadderOptions, ZeroStaysZeroPeriodDevelopsByOne) {
  auto t = triangle_from_records(std::vector<CellRecord>{{"2020", 1, 0}, {"2020", 2, 0}, {"2020", 3, 0},
                                                         {"2021", 1, 100}, {"2021", 2, 150}, {"2022", 1, 80}});
  ASSERT_TRUE(t.ok());
  auto r = chain_ladder(*t);
  ASSERT_TRUE(r.ok()) << r.error().code;
  EXPECT_DOUBLE_EQ(r->ldf[1], 1.0);
  EXPECT_DOUBLE_EQ(r->ultimate[1], 150.0);
  EXPECT_DOUBLE_EQ(r->ultimate[2], 120.0);
  // 0 → positive carries no ratio and cannot be projected.
  auto bad = triangle_from_records(std::vector<CellRecord>{{"2020", 1, 0}, {"2020", 2, 0}, {"2020", 3, 5},
                                                           {"2021", 1, 100}, {"2021", 2, 150}, {"2022", 1, 80}});
  ASSERT_TRUE(bad.ok());
  EXPECT_EQ(chain_ladder(*bad).error().code, errors::development_volume_zero);
}

TEST(ChainLadderOptions, BfAndCapeCodRefusals) {
  BornhuetterFergusonOptions bf;
  bf.exposure = {1, 2};
  bf.apriori = {0.7};
  EXPECT_EQ(bornhuetter_ferguson(small(), bf).error().code, errors::exposure_count_mismatch);
  bf.exposure = {0};
  EXPECT_EQ(bornhuetter_ferguson(small(), bf).error().code, errors::exposure_not_positive);
  bf.exposure = {100};
  bf.apriori = {-1};
  EXPECT_EQ(bornhuetter_ferguson(small(), bf).error().code, errors::apriori_loss_ratio_invalid);
  CapeCodOptions cc;
  cc.exposure = {100, -1, 3};
  EXPECT_EQ(cape_cod(small(), cc).error().code, errors::exposure_not_positive);
}

}  // namespace
}  // namespace medrisk::actuarial
