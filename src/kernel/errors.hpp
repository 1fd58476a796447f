// Stable error codes the kernel itself produces. Each name is the JSON `code` and the i18n key; its
// kind and zh-CN/en-US messages live in data/errors/kernel.json (a project test compares the two).
#pragma once

#include <string_view>

namespace medrisk::kernel_errors {

// Money
inline constexpr std::string_view invalid_money_format = "invalid_money_format";
inline constexpr std::string_view money_out_of_range = "money_out_of_range";
inline constexpr std::string_view money_ratio_invalid = "money_ratio_invalid";
inline constexpr std::string_view split_weights_invalid = "split_weights_invalid";

// Dates and times
inline constexpr std::string_view invalid_date = "invalid_date";
inline constexpr std::string_view invalid_timestamp = "invalid_timestamp";

// Working calendar data file
inline constexpr std::string_view calendar_file_unreadable = "calendar_file_unreadable";
inline constexpr std::string_view calendar_file_invalid = "calendar_file_invalid";

// Request decoding (JsonReader): the request code and the per-field violation codes
inline constexpr std::string_view request_invalid = "request_invalid";
inline constexpr std::string_view field_required = "field_required";
inline constexpr std::string_view field_wrong_type = "field_wrong_type";
inline constexpr std::string_view field_too_long = "field_too_long";
inline constexpr std::string_view field_out_of_range = "field_out_of_range";
inline constexpr std::string_view field_unknown = "field_unknown";
inline constexpr std::string_view field_invalid_utf8 = "field_invalid_utf8";
inline constexpr std::string_view field_value_not_allowed = "field_value_not_allowed";

}  // namespace medrisk::kernel_errors
