// Pure rules of PRC personal-injury damages (最高人民法院关于审理人身损害赔偿案件适用法律若干问题的解释,
// 2022 revision): the items and their formulas, then the causation share, then insurance. No I/O; the
// parameters (data/compensation/) are passed in, and the result records their version.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kernel/money.hpp"
#include "kernel/result.hpp"
#include "modules/compensation/model.hpp"

namespace medrisk::compensation {

// Named limits of one calculation (also enforced when a request is decoded).
inline constexpr std::size_t kMaxDisabilities = 20;
inline constexpr std::size_t kMaxDependants = 10;
inline constexpr std::size_t kMaxCoinsurers = 10;
inline constexpr std::int64_t kMaxDays = 36'500;                 // 100 years
inline constexpr std::int64_t kMaxAmountFen = 100'000'000'000;  // 1,000,000,000 CNY per input amount
inline constexpr std::int64_t kMaxCarers = 10;
inline constexpr int kMaxAge = 150;

// The province, area and standard year's figures with the rules: province_not_in_parameters,
// standard_year_not_in_parameters or area_not_in_parameters when the data has none.
Result<Parameters> select_parameters(const ParameterSet& set, const std::string& province, const std::string& area,
                                     int standard_year);

// Years of disability and death compensation by age (解释 arts 12, 15, 17): 20 below 60, one less per
// year of age from 60, 5 from 75 (rules-2022.json age_rule).
int years_by_age(int age, const Rules& rules);

// The disability coefficient in basis points of one or several disabilities (rules-2022.json
// disability_coefficients_bp and multiple_disabilities): the worst grade's coefficient plus the
// additional index of each further disability, additions capped, total capped at 100 %.
std::int64_t combined_disability_bp(const std::vector<int>& grades, const Rules& rules);

// The causation degree of no causal link (rules-2022.json causation_degrees): the provider owes nothing.
inline constexpr std::string_view kNoCausationDegree = "none";

// The share of the damages the provider bears: 0 without fault and 0 with no causal link (degree
// "none", whatever share within its band is stated); otherwise the explicit share, which must lie within
// the degree's range, or the degree's usual value (rules-2022.json causation_degrees).
Result<std::int64_t> causation_share_bp(const Causation& causation, const Rules& rules);

// Insurance on `base`: the deductible, the per-incident limit and the remaining aggregate, then the
// co-insurers' split (shares must add up to 10000 bp; Money::split_largest_remainder keeps it exact).
Result<InsuranceResult> apply_cover(const std::string& cover_kind, Money base, const Cover& cover,
                                    const std::vector<Coinsurer>& coinsurers);

// The whole calculation: every damages line, the gross, the causation share and what the provider
// owes, and — when insurance is given — the cover that applies: liability where there is fault,
// accident (no-fault) cover where there is none.
Result<Calculation> calculate(const CompensationInput& input, const Parameters& parameters);

// "75%", "72.5%", "0.05%".
std::string percent_text(std::int64_t basis_points);

}  // namespace medrisk::compensation
