// Delphi statistics as pure functions (data/appraisal/delphi.json): median, quartiles (Hyndman & Fan
// 1996 definition 7), interquartile range in classes, coefficient of variation, the distribution,
// Kendall's W with its chi-square test, the consensus rule and the panel opinion (the median class).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "kernel/result.hpp"
#include "modules/appraisal/model.hpp"

namespace medrisk::appraisal {

struct DelphiParameters {
  std::string version;
  double max_iqr_classes = 1.0;
  double max_cv = 0.25;
  double kendall_alpha = 0.05;
  int max_rounds = 3;
  int min_responses = 3;  // fewer answers never make a consensus
  std::vector<DelphiItem> panel_items;
};

// Sample quantile of definition 7 of Hyndman & Fan (1996) — the default of R and NumPy: with the
// values sorted x[0] ≤ … ≤ x[n−1] and h = (n − 1)·p, Q(p) = x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]).
double quantile(std::vector<double> values, double p);
double median(const std::vector<double>& values);
// Sample standard deviation (divisor n − 1) over the mean; 0 for fewer than two values, and
// nullopt when the mean is 0 (undefined — rating classes are therefore scored 1, 2, …).
std::optional<double> coefficient_of_variation(const std::vector<double>& values);

// Regularized lower incomplete gamma P(a, x) (series for x < a + 1, Lentz continued fraction for the
// complement otherwise — Numerical Recipes 3rd ed. §6.2) and the chi-square upper tail 1 − F(x; df).
double regularized_gamma_p(double a, double x);
double chi_square_p_value(double statistic, int degrees_of_freedom);

struct KendallW {
  double w = 0;
  double chi_square = 0;       // m (n − 1) W
  int degrees_of_freedom = 0;  // n − 1, n = the number of objects ranked
  double p_value = 1;
};
// rankings[j][i]: the rank rater j gives object i (1 = first; tied objects share their mean rank).
// W = 12 S / (m² (n³ − n) − m Σ T), S = Σ (R_i − m (n + 1) / 2)², T = Σ (t³ − t) over tie groups
// (Kendall & Babington Smith 1939; Siegel & Castellan 1988 §9.4).
KendallW kendall_w(const std::vector<std::vector<double>>& rankings);

struct RatingStatistics {
  int responses = 0;
  double median = 0, q1 = 0, q3 = 0, iqr = 0;  // in class scores (1 = the lowest class)
  std::optional<double> cv;
  std::vector<int> distribution;  // responses per class, in class order
  std::string median_class;       // the panel opinion: the class of the lower median
  bool consensus = false;
};
// scores: 1-based class positions of the answers; classes: the item's scale.
RatingStatistics rating_statistics(const std::vector<int>& scores, const std::vector<std::string>& classes,
                                   const DelphiParameters& p);

struct RankingStatistics {
  int responses = 0;
  std::vector<double> mean_ranks;  // per option, in option order
  std::vector<std::string> order;  // options by mean rank, best first (the group ranking)
  KendallW kendall;
  bool consensus = false;  // W significant at kendall_alpha
};
RankingStatistics ranking_statistics(const std::vector<std::vector<std::string>>& rankings,
                                     const std::vector<std::string>& options, const DelphiParameters& p);

// Checks one answer against its item: a rating names one class; a ranking lists every option once.
Status check_answer(const DelphiItem& item, const DelphiAnswer& answer);
Status check_items(const std::vector<DelphiItem>& items);

}  // namespace medrisk::appraisal
