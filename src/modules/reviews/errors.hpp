// Stable error codes of the reviews module; kinds and zh-CN/en-US messages in data/errors/reviews.json
// (resource_not_found and permission_denied are the accounts module's, catalogued there).
#pragma once

#include <string_view>

namespace medrisk::reviews::errors {

inline constexpr std::string_view resource_not_found = "resource_not_found";
inline constexpr std::string_view permission_denied = "permission_denied";
inline constexpr std::string_view review_subject_kind_unknown = "review_subject_kind_unknown";
inline constexpr std::string_view review_stars_out_of_range = "review_stars_out_of_range";
inline constexpr std::string_view review_aspect_unknown = "review_aspect_unknown";
inline constexpr std::string_view review_aspect_missing = "review_aspect_missing";
inline constexpr std::string_view review_comment_too_long = "review_comment_too_long";
inline constexpr std::string_view review_already_exists = "review_already_exists";
inline constexpr std::string_view review_not_held = "review_not_held";
inline constexpr std::string_view review_moderation_action_unknown = "review_moderation_action_unknown";
inline constexpr std::string_view review_aggregate_grouping_unknown = "review_aggregate_grouping_unknown";
inline constexpr std::string_view outreach_action_unknown = "outreach_action_unknown";
inline constexpr std::string_view outreach_transition_not_allowed = "outreach_transition_not_allowed";

}  // namespace medrisk::reviews::errors
