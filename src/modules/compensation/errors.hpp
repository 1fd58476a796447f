// Stable error codes of the compensation module; kinds and zh-CN/en-US messages in
// data/errors/compensation.json.
#pragma once

#include <string_view>

namespace medrisk::compensation::errors {

inline constexpr std::string_view province_not_in_parameters = "province_not_in_parameters";
inline constexpr std::string_view standard_year_not_in_parameters = "standard_year_not_in_parameters";
inline constexpr std::string_view area_not_in_parameters = "area_not_in_parameters";
inline constexpr std::string_view regional_figure_not_available = "regional_figure_not_available";
inline constexpr std::string_view disability_grades_required_for_disability = "disability_grades_required_for_disability";
inline constexpr std::string_view disability_grades_only_for_disability = "disability_grades_only_for_disability";
inline constexpr std::string_view minor_dependant_not_under_age_limit = "minor_dependant_not_under_age_limit";
inline constexpr std::string_view nursing_days_above_maximum = "nursing_days_above_maximum";
// Shared with the appraisal module (same meaning); its catalogue entry is in data/errors/appraisal.json.
inline constexpr std::string_view causation_degree_unknown = "causation_degree_unknown";
inline constexpr std::string_view causation_share_outside_degree_range = "causation_share_outside_degree_range";
inline constexpr std::string_view mental_distress_outside_guidance = "mental_distress_outside_guidance";
inline constexpr std::string_view coinsurer_shares_must_sum_to_10000 = "coinsurer_shares_must_sum_to_10000";
inline constexpr std::string_view compensation_parameters_invalid = "compensation_parameters_invalid";

}  // namespace medrisk::compensation::errors
