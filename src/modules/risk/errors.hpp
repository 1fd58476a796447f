// Stable error codes of the risk module; kinds and zh-CN/en-US messages in data/errors/risk.json.
#pragma once

#include <string_view>

namespace medrisk::risk::errors {

inline constexpr std::string_view risk_parameters_invalid = "risk_parameters_invalid";
inline constexpr std::string_view exposure_import_refused = "exposure_import_refused";
inline constexpr std::string_view exposure_file_empty = "exposure_file_empty";
inline constexpr std::string_view exposure_file_too_large = "exposure_file_too_large";
inline constexpr std::string_view exposure_column_missing = "exposure_column_missing";
inline constexpr std::string_view exposure_column_unknown = "exposure_column_unknown";
inline constexpr std::string_view exposure_column_duplicated = "exposure_column_duplicated";
inline constexpr std::string_view exposure_row_width = "exposure_row_width";
inline constexpr std::string_view exposure_organization_invalid = "exposure_organization_invalid";
inline constexpr std::string_view exposure_organization_not_institution = "exposure_organization_not_institution";
inline constexpr std::string_view exposure_organization_not_partner = "exposure_organization_not_partner";
inline constexpr std::string_view exposure_department_invalid = "exposure_department_invalid";
inline constexpr std::string_view exposure_month_invalid = "exposure_month_invalid";
inline constexpr std::string_view exposure_count_invalid = "exposure_count_invalid";
inline constexpr std::string_view exposure_row_duplicated = "exposure_row_duplicated";
inline constexpr std::string_view risk_period_invalid = "risk_period_invalid";
inline constexpr std::string_view risk_level_invalid = "risk_level_invalid";

}  // namespace medrisk::risk::errors
