// The rating engine: pure, explainable pricing of liability cover over a versioned rating table
// (data/rating/*.json, every figure with its source or "assumption"). "No loss, no profit"
// (保本微利, 国卫医发〔2014〕42号): target premium = expected loss ÷ (1 − expense ratio), no profit load.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "kernel/money.hpp"
#include "kernel/result.hpp"
#include "modules/insurance/model.hpp"

namespace medrisk::insurance {

inline constexpr std::int64_t kOne = 10000;         // factors and shares in basis points: 10000 = 1.0 = 100 %
inline constexpr std::size_t kMaxClinicians = 500;  // named clinicians per quote or policy

struct Band {
  std::int64_t min = 0;
  std::int64_t max = 0;  // inclusive
  std::int64_t factor_bp = kOne;
};

struct LimitFactor {
  Money per_incident_limit_fen;
  std::int64_t factor_bp = kOne;
};

struct DeductibleCredit {
  Money deductible_fen;
  std::int64_t credit_bp = 0;
};

struct RatingTable {
  std::string version;
  std::map<std::string, Money, std::less<>> per_bed_base_fen;        // by institution category
  std::map<std::string, std::int64_t, std::less<>> grade_factor_bp;  // by institution grade
  std::vector<Band> bed_bands;
  std::map<std::string, Money, std::less<>> clinician_base_fen;  // by department risk class I–IV
  std::map<std::string, std::int64_t, std::less<>> title_factor_bp;
  std::vector<Band> years_bands;
  std::int64_t credibility_k_years = 5;  // Bühlmann k
  std::int64_t experience_mod_min_bp = 7000, experience_mod_max_bp = 15000;
  std::vector<LimitFactor> increased_limit_factors;
  std::vector<DeductibleCredit> deductible_credits;
  std::int64_t expense_ratio_bp = 2000;
  std::int64_t regulator_cap_bp = 13000;  // the premium may not exceed this multiple of the filed base premium
  std::int64_t quote_validity_days = 30;
  std::int64_t backdating_grace_days = 0;  // backdating_grace: how far before quoting/binding cover may start
  std::map<std::string, std::string, std::less<>> sources;  // factor group → source
};

// Reads one rating table file (throws std::runtime_error naming the defect).
RatingTable rating_table_from_json(const nlohmann::json& j);

// Bühlmann credibility Z = n / (n + k), in basis points, rounded half up.
std::int64_t credibility_bp(std::int64_t years, std::int64_t k_years);
// Experience modification: 1 + Z × (actual / expected − 1), bounded to the table's range.
std::int64_t experience_mod_bp(Money manual_per_year, const Experience& e, const RatingTable& t);

// Prices `in` for `product`. Refuses unknown table keys and limits or deductibles the table does not
// offer with their error codes.
Result<RatingResult> rate(const Product& product, const RatingInput& in, const RatingTable& t);

// The canonical JSON of rating inputs and results (stored with quotes and returned by the API).
nlohmann::json to_json(const RatingInput& in);
RatingInput rating_input_from_json(const nlohmann::json& j);  // of to_json's output; throws if malformed
nlohmann::json to_json(const RatingResult& r);
RatingResult rating_result_from_json(const nlohmann::json& j);

}  // namespace medrisk::insurance
