// Stable error codes of the incidents module; kinds and zh-CN/en-US messages in data/errors/incidents.json.
#pragma once

#include <string_view>

namespace medrisk::incidents::errors {

inline constexpr std::string_view incidents_parameters_invalid = "incidents_parameters_invalid";
inline constexpr std::string_view incident_category_unknown = "incident_category_unknown";
inline constexpr std::string_view incident_harm_degree_unknown = "incident_harm_degree_unknown";
inline constexpr std::string_view incident_severity_class_unknown = "incident_severity_class_unknown";
inline constexpr std::string_view incident_discovered_before_occurred = "incident_discovered_before_occurred";
inline constexpr std::string_view incident_time_in_future = "incident_time_in_future";
inline constexpr std::string_view incident_transition_not_allowed = "incident_transition_not_allowed";
inline constexpr std::string_view incident_rca_required = "incident_rca_required";
inline constexpr std::string_view incident_rca_not_allowed_in_state = "incident_rca_not_allowed_in_state";
inline constexpr std::string_view incident_rca_category_unknown = "incident_rca_category_unknown";
inline constexpr std::string_view incident_rca_empty = "incident_rca_empty";
inline constexpr std::string_view incident_rca_too_long = "incident_rca_too_long";
inline constexpr std::string_view incident_actions_required = "incident_actions_required";
inline constexpr std::string_view incident_actions_not_done = "incident_actions_not_done";
inline constexpr std::string_view incident_action_not_allowed_in_state = "incident_action_not_allowed_in_state";
inline constexpr std::string_view incident_action_owner_not_in_institution = "incident_action_owner_not_in_institution";
inline constexpr std::string_view incident_action_not_found = "incident_action_not_found";
inline constexpr std::string_view incident_already_reported_to_authority = "incident_already_reported_to_authority";
inline constexpr std::string_view incident_reply_token_invalid = "incident_reply_token_invalid";
inline constexpr std::string_view incident_thread_closed = "incident_thread_closed";
inline constexpr std::string_view incident_link_case_not_found = "incident_link_case_not_found";
inline constexpr std::string_view incident_link_complaint_not_found = "incident_link_complaint_not_found";
inline constexpr std::string_view incident_already_linked = "incident_already_linked";
inline constexpr std::string_view incident_reviewer_only = "incident_reviewer_only";

}  // namespace medrisk::incidents::errors
