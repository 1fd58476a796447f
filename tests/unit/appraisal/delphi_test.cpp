// Delphi statistics against tables computed by hand (the arithmetic is written beside each row):
// quantiles of Hyndman & Fan definition 7, CV with the n − 1 divisor, Kendall's W and its chi-square.
#include <gtest/gtest.h>

#include <cmath>

#include "modules/appraisal/delphi.hpp"
#include "modules/appraisal/parameters.hpp"

namespace medrisk::appraisal {
namespace {

DelphiParameters params() {
  return load_parameters("data/appraisal").delphi;
}

const std::vector<std::string> kCausation = {"none", "minor", "secondary", "equal", "main", "full"};

TEST(Quantiles, DefinitionSevenByHand) {
  struct Row {
    std::vector<double> x;
    double q1, median, q3;
  };
  std::vector<Row> table = {
      // n = 5: h = 4p → x[1] = 2, x[2] = 3, x[3] = 4
      {{5, 1, 4, 2, 3}, 2, 3, 4},
      // 2 4 4 5: h(.25) = .75 → 2 + .75·2 = 3.5; h(.5) = 1.5 → 4; h(.75) = 2.25 → 4 + .25·1 = 4.25
      {{4, 2, 5, 4}, 3.5, 4, 4.25},
      // 4 5 5: h(.25) = .5 → 4 + .5·1 = 4.5; median 5; h(.75) = 1.5 → 5
      {{5, 4, 5}, 4.5, 5, 5},
      // one value: every quantile is that value
      {{3}, 3, 3, 3},
  };
  for (const auto& r : table) {
    EXPECT_DOUBLE_EQ(quantile(r.x, 0.25), r.q1);
    EXPECT_DOUBLE_EQ(median(r.x), r.median);
    EXPECT_DOUBLE_EQ(quantile(r.x, 0.75), r.q3);
  }
}

TEST(CoefficientOfVariation, SampleDeviationOverMean) {
  // 4 5 5: mean 14/3; Σd² = (−2/3)² + 2·(1/3)² = 2/3; s² = 1/3; s = .57735; CV = .57735 / 4.6667 = .123718
  EXPECT_NEAR(*coefficient_of_variation({4, 5, 5}), 0.123718, 1e-6);
  // 1 4 6: mean 11/3; Σd² = 64/9 + 1/9 + 49/9 = 114/9; s² = 57/9; s = 2.516611; CV = .686348
  EXPECT_NEAR(*coefficient_of_variation({1, 4, 6}), 0.686348, 1e-6);
  EXPECT_DOUBLE_EQ(*coefficient_of_variation({2, 2, 2}), 0.0);
  EXPECT_FALSE(coefficient_of_variation({0, 0}).has_value()) << "undefined when the mean is 0";
}

TEST(ChiSquare, UpperTailMatchesTables) {
  struct Row {
    double x;
    int df;
    double p;
  };
  std::vector<Row> table = {
      {3.841459, 1, 0.05},          // the 5 % critical value with 1 df
      {11.070498, 5, 0.05},         // 5 % with 5 df
      {124.342113, 100, 0.05},      // 5 % with 100 df (continued fraction branch)
      {0.5, 2, std::exp(-0.25)},    // df 2: p = e^{−x/2} = .778801
      {16, 4, 9 * std::exp(-8.0)},  // df 4: p = e^{−x/2}(1 + x/2) = 9e^{−8} = .0030192
      {7, 3, 0.0718978},            // df 3: erfc(√3.5) + √(14/π)e^{−3.5} = .0081510 + .0637468
      {0, 3, 1.0},
  };
  for (const auto& r : table) EXPECT_NEAR(chi_square_p_value(r.x, r.df), r.p, 1e-6) << r.x << " df " << r.df;
  EXPECT_NEAR(regularized_gamma_p(1, 2), 1 - std::exp(-2.0), 1e-12);  // P(1, x) = 1 − e^{−x}
}

TEST(KendallW, ByHand) {
  // Raters A 1 2 3 4, B 2 1 3 4, C 1 3 2 4: R = 4 6 8 12, mean m(n+1)/2 = 7.5,
  // S = 12.25 + 2.25 + .25 + 20.25 = 35; W = 12·35 / (3²·(4³ − 4)) = 420/540 = .777778;
  // χ² = m(n − 1)W = 3·3·.777778 = 7; df = n − 1 = 3; p = erfc(√3.5) + √(14/π)e^{−3.5} = .0718978 (not significant at 5
  // %).
  auto k = kendall_w({{1, 2, 3, 4}, {2, 1, 3, 4}, {1, 3, 2, 4}});
  EXPECT_NEAR(k.w, 7.0 / 9.0, 1e-12);
  EXPECT_NEAR(k.chi_square, 7.0, 1e-12);
  EXPECT_EQ(k.degrees_of_freedom, 3);
  EXPECT_NEAR(k.p_value, 0.0718978, 1e-6);

  // Four raters in full agreement on five objects: W = 1, χ² = 4·4 = 16, df 4, p = 9e^{−8} = .0030192.
  std::vector<double> same = {1, 2, 3, 4, 5};
  auto full = kendall_w({same, same, same, same});
  EXPECT_NEAR(full.w, 1.0, 1e-12);
  EXPECT_NEAR(full.p_value, 9 * std::exp(-8.0), 1e-9);

  // With a tie: A 1 2 3, B 1 2.5 2.5, C 1 2 3: R = 3 6.5 8.5, mean 6, S = 9 + .25 + 6.25 = 15.5;
  // T(B) = 2³ − 2 = 6; W = 12·15.5 / (9·24 − 3·6) = 186/198 = .939394; χ² = 3·2·W = 5.636364;
  // df 2: p = e^{−χ²/2} = .059716.
  auto tied = kendall_w({{1, 2, 3}, {1, 2.5, 2.5}, {1, 2, 3}});
  EXPECT_NEAR(tied.w, 186.0 / 198.0, 1e-12);
  EXPECT_NEAR(tied.chi_square, 6 * 186.0 / 198.0, 1e-12);
  EXPECT_NEAR(tied.p_value, std::exp(-3 * 186.0 / 198.0), 1e-9);
}

TEST(RatingConsensus, IqrWithinOneClassAndCvAtMostAQuarter) {
  struct Row {
    std::string what;
    std::vector<int> scores;
    double iqr;
    double cv;
    std::string median_class;
    bool consensus;
  };
  std::vector<Row> table = {
      // main main equal = 5 5 4: q1 4.5, q3 5, IQR .5; CV .123718 → consensus on "main"
      {"two main, one equal", {5, 5, 4}, 0.5, 0.123718, "main", true},
      // none equal full = 1 4 6: q1 2.5, q3 5, IQR 2.5; CV .686348 → no consensus
      {"spread over the scale", {1, 4, 6}, 2.5, 0.686348, "equal", false},
      // 5 5 5 5 4: q1 = q3 = 5, IQR 0; mean 4.8, Σd² = .64 + 4·.04 = .8, s = √.2 = .447214, CV .093169
      {"five experts, one dissent", {5, 5, 5, 5, 4}, 0.0, 0.093169, "main", true},
      // 2 3 4 = minor secondary equal: q1 2.5, q3 3.5, IQR 1 (within one class); mean 3, s = 1, CV .333 → no
      {"IQR one class but CV too high", {2, 3, 4}, 1.0, 1.0 / 3.0, "secondary", false},
  };
  for (const auto& r : table) {
    auto s = rating_statistics(r.scores, kCausation, params());
    EXPECT_NEAR(s.iqr, r.iqr, 1e-9) << r.what;
    EXPECT_NEAR(*s.cv, r.cv, 1e-6) << r.what;
    EXPECT_EQ(s.median_class, r.median_class) << r.what;
    EXPECT_EQ(s.consensus, r.consensus) << r.what;
  }
  // Fault yes yes no = 2 2 1: IQR .5 but mean 5/3, s = .57735, CV .34641 > .25 → the CV rule bites.
  auto fault = rating_statistics({2, 2, 1}, {"no", "yes"}, params());
  EXPECT_NEAR(*fault.cv, 0.34641, 1e-5);
  EXPECT_FALSE(fault.consensus);
  EXPECT_EQ(fault.median_class, "yes");
  EXPECT_EQ(fault.distribution, (std::vector<int>{1, 2}));
  // Two identical answers: IQR 0 and CV 0, but fewer than min_responses (3) → no consensus.
  EXPECT_EQ(params().min_responses, 3);
  EXPECT_FALSE(rating_statistics({5, 5}, kCausation, params()).consensus);
}

TEST(RankingConsensus, KendallSignificanceDecides) {
  std::vector<std::string> factors = {"grade", "beds", "claims_history", "specialty_mix"};
  auto p = params();
  // The three rankings of KendallW.ByHand as option lists: W .778, p .0719 → no consensus yet.
  auto weak = ranking_statistics({{"grade", "beds", "claims_history", "specialty_mix"},
                                  {"beds", "grade", "claims_history", "specialty_mix"},
                                  {"grade", "claims_history", "beds", "specialty_mix"}},
                                 factors, p);
  EXPECT_NEAR(weak.kendall.w, 7.0 / 9.0, 1e-12);
  EXPECT_FALSE(weak.consensus);
  EXPECT_EQ(weak.order, (std::vector<std::string>{"grade", "beds", "claims_history", "specialty_mix"}));
  // Five raters in full agreement: W 1, χ² = 5·3 = 15, df 3, p = .0018 → consensus.
  std::vector<std::string> same = {"claims_history", "grade", "beds", "specialty_mix"};
  auto strong = ranking_statistics({same, same, same, same, same}, factors, p);
  EXPECT_NEAR(strong.kendall.chi_square, 15.0, 1e-12);
  EXPECT_TRUE(strong.consensus);
  EXPECT_EQ(strong.order.front(), "claims_history");
}

TEST(Answers, RatingsNameAClassAndRankingsListEveryOption) {
  DelphiItem rating{"causation_degree", "rating", "原因力", "Causation degree", kCausation};
  DelphiItem ranking{"factors", "ranking", "因素", "Factors", {"a", "b", "c"}};
  EXPECT_TRUE(check_answer(rating, {"causation_degree", "main", {}, "r"}).ok());
  EXPECT_FALSE(check_answer(rating, {"causation_degree", "most", {}, "r"}).ok());
  EXPECT_FALSE(check_answer(rating, {"causation_degree", std::nullopt, {}, "r"}).ok());
  EXPECT_TRUE(check_answer(ranking, {"factors", std::nullopt, {"c", "a", "b"}, ""}).ok());
  EXPECT_FALSE(check_answer(ranking, {"factors", std::nullopt, {"c", "a"}, ""}).ok());
  EXPECT_FALSE(check_answer(ranking, {"factors", std::nullopt, {"c", "a", "a"}, ""}).ok());
  EXPECT_EQ(check_items({}).error().code, "delphi_items_invalid");
  EXPECT_EQ(check_items({rating, rating}).error().code, "delphi_items_invalid");
  EXPECT_TRUE(check_items(params().panel_items).ok());
}

}  // namespace
}  // namespace medrisk::appraisal
