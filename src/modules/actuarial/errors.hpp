// Stable error codes of the actuarial module: each is the JSON `code`, the i18n key and the key of
// data/errors/actuarial.json. A code never changes meaning; add a new one instead.
#pragma once

#include <string_view>

namespace medrisk::actuarial::errors {
// Reading CSV files (long layout: one row per origin × development cell).
inline constexpr std::string_view csv_empty = "csv_empty";
inline constexpr std::string_view csv_too_large = "csv_too_large";
inline constexpr std::string_view csv_quote_unterminated = "csv_quote_unterminated";
inline constexpr std::string_view csv_row_ragged = "csv_row_ragged";
inline constexpr std::string_view csv_column_missing = "csv_column_missing";
inline constexpr std::string_view csv_value_not_numeric = "csv_value_not_numeric";
inline constexpr std::string_view csv_filter_malformed = "csv_filter_malformed";
inline constexpr std::string_view csv_filter_matched_no_rows = "csv_filter_matched_no_rows";
inline constexpr std::string_view csv_file_unreadable = "csv_file_unreadable";
inline constexpr std::string_view origin_not_integer = "origin_not_integer";
inline constexpr std::string_view development_not_recognized = "development_not_recognized";
inline constexpr std::string_view development_before_origin = "development_before_origin";
// Triangle shape and values.
inline constexpr std::string_view triangle_cell_missing = "triangle_cell_missing";
inline constexpr std::string_view triangle_cell_duplicate = "triangle_cell_duplicate";
inline constexpr std::string_view triangle_ragged = "triangle_ragged";
inline constexpr std::string_view triangle_too_small = "triangle_too_small";
inline constexpr std::string_view triangle_too_large = "triangle_too_large";
inline constexpr std::string_view triangle_value_negative = "triangle_value_negative";
inline constexpr std::string_view triangle_value_not_finite = "triangle_value_not_finite";
inline constexpr std::string_view development_lag_invalid = "development_lag_invalid";
// Reserving methods.
inline constexpr std::string_view development_volume_zero = "development_volume_zero";
inline constexpr std::string_view exclusion_out_of_range = "exclusion_out_of_range";
inline constexpr std::string_view tail_factor_invalid = "tail_factor_invalid";
inline constexpr std::string_view tail_se_not_estimable = "tail_se_not_estimable";
inline constexpr std::string_view sigma_not_estimable = "sigma_not_estimable";
inline constexpr std::string_view sigma_rule_unknown = "sigma_rule_unknown";
inline constexpr std::string_view average_unknown = "average_unknown";
inline constexpr std::string_view exposure_count_mismatch = "exposure_count_mismatch";
inline constexpr std::string_view exposure_not_positive = "exposure_not_positive";
inline constexpr std::string_view apriori_loss_ratio_invalid = "apriori_loss_ratio_invalid";
// Aggregate loss distributions.
inline constexpr std::string_view frequency_spec_invalid = "frequency_spec_invalid";
inline constexpr std::string_view severity_spec_invalid = "severity_spec_invalid";
inline constexpr std::string_view distribution_parameter_invalid = "distribution_parameter_invalid";
inline constexpr std::string_view empirical_severity_empty = "empirical_severity_empty";
inline constexpr std::string_view span_invalid = "span_invalid";
inline constexpr std::string_view grid_points_invalid = "grid_points_invalid";
inline constexpr std::string_view grid_too_large = "grid_too_large";
inline constexpr std::string_view draws_invalid = "draws_invalid";
inline constexpr std::string_view level_invalid = "level_invalid";
inline constexpr std::string_view level_beyond_grid = "level_beyond_grid";
inline constexpr std::string_view panjer_underflow = "panjer_underflow";
inline constexpr std::string_view method_unknown = "method_unknown";
// HTTP API (api.hpp named limits; the engine's own limits are in model.hpp).
inline constexpr std::string_view dataset_not_found = "dataset_not_found";
inline constexpr std::string_view grid_points_above_api_limit = "grid_points_above_api_limit";
inline constexpr std::string_view fft_length_above_api_limit = "fft_length_above_api_limit";
inline constexpr std::string_view draws_above_api_limit = "draws_above_api_limit";
inline constexpr std::string_view simulated_claims_above_api_limit = "simulated_claims_above_api_limit";
// Reserving on the platform triangle while it is empty (no claims history yet).
inline constexpr std::string_view platform_triangle_empty = "platform_triangle_empty";
// Not a refusal: the note of an empty platform triangle while there is no claims data.
inline constexpr std::string_view platform_claims_not_available = "platform_claims_not_available";
}  // namespace medrisk::actuarial::errors
