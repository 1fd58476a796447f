// Reserving against the published figures in ../shared/data/actuarial (expected_public.json and its
// README): RAA (Mack 1994), GenIns / Taylor–Ashe (Mack 1993), BF and Cape Cod, read from the CSV
// files as they are.
#include <gtest/gtest.h>

#include "support.hpp"

namespace medrisk::actuarial {
namespace {

using testing::expected;
using testing::load_triangle;
using testing::near_rel;

void expect_vector(const std::vector<double>& got, const nlohmann::json& want, const std::string& what,
                   double rel = 1e-9, double abs = 2e-6) {
  ASSERT_EQ(got.size(), want.size()) << what;
  for (std::size_t i = 0; i < got.size(); ++i) EXPECT_TRUE(near_rel(got[i], want[i].get<double>(), rel, abs)) << what << "[" << i << "]";
}

// One row per published data set.
struct Case {
  const char* key;   // expected_public.json
  const char* file;  // shared CSV
};
const Case kCases[] = {{"raa", "raa.csv"}, {"genins", "genins.csv"}};

class Published : public ::testing::TestWithParam<Case> {};

TEST_P(Published, TriangleReadAsPublished) {
  const auto& e = expected()[GetParam().key];
  const Triangle t = load_triangle(GetParam().file);
  ASSERT_EQ(t.n_origins(), e["origins"].size());
  ASSERT_EQ(t.n_dev, e["development_lags"].size());
  for (std::size_t i = 0; i < t.n_origins(); ++i) {
    EXPECT_EQ(t.origins[i], std::to_string(e["origins"][i].get<int>()));
    for (std::size_t k = 0; k < t.n_dev; ++k) {
      const auto& cell = e["triangle_cumulative"][i][k];
      if (cell.is_null()) EXPECT_FALSE(t.observed(i, k)) << i << "," << k;
      else EXPECT_EQ(t.at(i, k), cell.get<double>()) << i << "," << k;
    }
  }
}

TEST_P(Published, ChainLadder) {
  const auto& e = expected()[GetParam().key]["chain_ladder"];
  auto r = chain_ladder(load_triangle(GetParam().file));
  ASSERT_TRUE(r.ok()) << r.error().code;
  expect_vector(r->ldf, e["ldf"], "ldf", 1e-9, 1e-10);
  expect_vector(r->cdf_by_period, e["cdf_to_ultimate"], "cdf", 1e-9, 1e-10);
  expect_vector(r->latest, e["latest"], "latest");
  expect_vector(r->ultimate, e["ultimate"], "ultimate");
  expect_vector(r->ibnr, e["ibnr"], "ibnr");
  EXPECT_TRUE(near_rel(r->total_latest, e["total_latest"]));
  EXPECT_TRUE(near_rel(r->total_ultimate, e["total_ultimate"]));
  EXPECT_TRUE(near_rel(r->total_ibnr, e["total_ibnr"]));
}

TEST_P(Published, MackBothSigmaRules) {
  for (const auto& [rule, block] : {std::pair{SigmaRule::mack, "mack_sigma_mack"}, std::pair{SigmaRule::log_linear, "mack_sigma_log_linear"}}) {
    SCOPED_TRACE(block);
    const auto& e = expected()[GetParam().key][block];
    MackOptions o;
    o.sigma_rule = rule;
    auto r = mack(load_triangle(GetParam().file), o);
    ASSERT_TRUE(r.ok()) << r.error().code;
    expect_vector(r->sigma2, e["sigma2"], "sigma2", 1e-9, 1e-8);
    expect_vector(r->ldf_se, e["ldf_se"], "ldf_se", 1e-9, 1e-10);
    expect_vector(r->mack_se, e["mack_se"], "mack_se");
    expect_vector(r->process_se, e["process_se"], "process_se");
    expect_vector(r->parameter_se, e["parameter_se"], "parameter_se");
    EXPECT_TRUE(near_rel(r->total_mack_se, e["total_mack_se"]));
    EXPECT_TRUE(near_rel(r->cv_total, e["cv_total"], 1e-7, 1e-8));
    EXPECT_TRUE(near_rel(r->total_process_se * r->total_process_se + r->total_parameter_se * r->total_parameter_se,
                         r->total_mack_se * r->total_mack_se, 1e-12, 0));
  }
}

TEST_P(Published, BornhuetterFerguson) {
  const auto& d = expected()[GetParam().key];
  const auto& e = d["bornhuetter_ferguson"];
  BornhuetterFergusonOptions o;
  o.exposure = d["exposure"].get<std::vector<double>>();
  o.apriori = {e["apriori_elr"].get<double>()};
  auto r = bornhuetter_ferguson(load_triangle(GetParam().file), o);
  ASSERT_TRUE(r.ok()) << r.error().code;
  expect_vector(r->pct_unreported, e["pct_unreported"], "pct_unreported", 1e-9, 1e-10);
  expect_vector(r->ultimate, e["ultimate"], "ultimate");
  expect_vector(r->ibnr, e["ibnr"], "ibnr");
  EXPECT_TRUE(near_rel(r->total_ibnr, e["total_ibnr"]));
}

TEST_P(Published, CapeCod) {
  const auto& d = expected()[GetParam().key];
  const auto& e = d["cape_cod"];
  CapeCodOptions o;
  o.exposure = d["exposure"].get<std::vector<double>>();
  auto r = cape_cod(load_triangle(GetParam().file), o);
  ASSERT_TRUE(r.ok()) << r.error().code;
  EXPECT_TRUE(near_rel(r->elr, e["elr"], 1e-9, 1e-10));
  expect_vector(r->bf.ultimate, e["ultimate"], "ultimate");
  expect_vector(r->bf.ibnr, e["ibnr"], "ibnr");
  EXPECT_TRUE(near_rel(r->bf.total_ibnr, e["total_ibnr"]));
}

INSTANTIATE_TEST_SUITE_P(Actuarial, Published, ::testing::ValuesIn(kCases),
                         [](const auto& info) { return std::string(info.param.key); });

// Mack (1994) CAS Forum p. 130, as rounded in the paper.
TEST(RaaMack1994, RoundedFiguresAsPublished) {
  const auto& p = expected()["raa"]["published"];
  auto r = mack(load_triangle("raa.csv"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(std::lround(r->chain_ladder.total_ibnr), 52135);
  EXPECT_EQ(std::lround(r->total_mack_se), 26909);
  for (std::size_t i = 1; i < 10; ++i)
    EXPECT_EQ(std::lround(r->mack_se[i]), p["mack_se_origin_1982_1990_rounded"][i - 1].get<long>()) << "origin " << 1981 + i;
  const auto& s2 = p["sigma2_rounded"];
  for (std::size_t k = 0; k < s2.size(); ++k)
    EXPECT_NEAR(r->sigma2[k], s2[k].get<double>(), 0.005 * s2[k].get<double>()) << "sigma2[" << k << "]";
}

TEST(RaaMack1994, LogLinearSigmaIsRChainLadderDefault) {
  MackOptions o;
  o.sigma_rule = SigmaRule::log_linear;
  auto r = mack(load_triangle("raa.csv"), o);
  ASSERT_TRUE(r.ok());
  EXPECT_NEAR(r->total_mack_se, 26880.74, 0.005);
}

// R ChainLadder runit.MackChainLadder.R::test.MackRAA_tail_equals_1.05.
TEST(RaaMack1994, TailFactor105WithMackRule) {
  const auto& peer = expected()["raa"]["published"]["r_unit_test_with_tail"];
  MackOptions o;
  o.chain_ladder.tail = 1.05;
  auto r = mack(load_triangle("raa.csv"), o);
  ASSERT_TRUE(r.ok()) << r.error().code << " " << r.error().detail;
  EXPECT_NEAR(r->total_mack_se, peer["total_mack_se"].get<double>(), 0.005);
  EXPECT_NEAR(r->chain_ladder.total_ibnr, peer["peer_details_R_0.2.21"]["total_ibnr"].get<double>(), 0.005);
  EXPECT_NEAR(r->ldf_se.back(), peer["peer_details_R_0.2.21"]["tail_se"].get<double>(), 5e-6);
  EXPECT_NEAR(std::sqrt(r->sigma2.back()), peer["peer_details_R_0.2.21"]["tail_sigma"].get<double>(), 0.005);
  // The fully developed 1981 origin now carries tail uncertainty.
  EXPECT_GT(r->mack_se[0], 0);
}

// Mack (1993) ASTIN Bulletin 23(2): Taylor & Ashe data.
TEST(GenInsMack1993, RoundedFiguresAsPublished) {
  const auto& p = expected()["genins"]["published"];
  auto r = mack(load_triangle("genins.csv"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(std::llround(r->chain_ladder.total_ibnr), p["total_reserve"].get<long long>());
  EXPECT_EQ(std::llround(r->total_mack_se), p["total_mack_se"].get<long long>());
  EXPECT_NEAR(r->cv_total, p["cv_total"].get<double>(), 0.0005);
  EXPECT_EQ(std::llround(r->chain_ladder.total_latest), 34358090);
  EXPECT_EQ(std::llround(r->chain_ladder.total_ultimate), 53038946);
  MackOptions o;
  o.sigma_rule = SigmaRule::log_linear;
  auto ll = mack(load_triangle("genins.csv"), o);
  ASSERT_TRUE(ll.ok());
  EXPECT_NEAR(ll->total_mack_se, 2441364.13, 0.005);
}

// chainladder-python BornhuetterFerguson docstring: premium 40,000, a-priori 0.70.
TEST(RaaBornhuetterFerguson, PublishedIbnrByOrigin) {
  const auto& want = expected()["raa"]["published"]["bf_chainladder_python_docstring"]["ibnr_1981_1990"];
  BornhuetterFergusonOptions o;
  o.exposure = {40000.0};
  o.apriori = {0.70};
  auto r = bornhuetter_ferguson(load_triangle("raa.csv"), o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->ibnr[0], 0.0);
  for (std::size_t i = 1; i < 10; ++i) EXPECT_NEAR(r->ibnr[i], want[i].get<double>(), 5e-6) << "origin " << 1981 + i;
}

// Friedland's XYZ: Cape Cod on paid losses with the Premium column as exposure.
TEST(XyzCapeCod, ExpectedLossRatio) {
  CsvTriangleOptions csv;
  csv.value_column = "Paid";
  csv.exposure_column = "Premium";
  auto t = triangle_from_csv_text(testing::read_data("xyz.csv"), csv);
  ASSERT_TRUE(t.ok()) << t.error().code << " " << t.error().detail;
  EXPECT_EQ(t->triangle.n_origins(), 11u);
  EXPECT_EQ(t->triangle.origins.front(), "1998");
  EXPECT_FALSE(t->triangle.observed(0, 0));  // XYZ starts in calendar 2000: AY 1998 lags 1–2 unknown
  CapeCodOptions o;
  o.exposure = t->exposure;
  auto r = cape_cod(t->triangle, o);
  ASSERT_TRUE(r.ok()) << r.error().code << " " << r.error().detail;
  EXPECT_NEAR(r->elr, 0.763919, 5e-7);
}

}  // namespace
}  // namespace medrisk::actuarial
