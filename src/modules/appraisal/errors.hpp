// Stable error codes of the appraisal module; kinds and zh-CN/en-US messages in data/errors/appraisal.json
// (resource_not_found and permission_denied are the accounts module's, catalogued there).
#pragma once

#include <string_view>

namespace medrisk::appraisal::errors {

inline constexpr std::string_view resource_not_found = "resource_not_found";
inline constexpr std::string_view expert_user_not_expert = "expert_user_not_expert";
inline constexpr std::string_view expert_already_in_pool = "expert_already_in_pool";
inline constexpr std::string_view specialty_unknown = "specialty_unknown";
inline constexpr std::string_view panel_size_not_allowed = "panel_size_not_allowed";
inline constexpr std::string_view panel_cannot_be_completed = "panel_cannot_be_completed";
inline constexpr std::string_view panel_member_already_declined = "panel_member_already_declined";
inline constexpr std::string_view decline_reason_required = "decline_reason_required";
inline constexpr std::string_view opinion_already_exists = "opinion_already_exists";
inline constexpr std::string_view opinion_already_signed = "opinion_already_signed";
inline constexpr std::string_view opinion_fault_without_breached_duty = "opinion_fault_without_breached_duty";
inline constexpr std::string_view opinion_no_fault_with_breached_duty = "opinion_no_fault_with_breached_duty";
inline constexpr std::string_view opinion_causation_without_fault = "opinion_causation_without_fault";
inline constexpr std::string_view causation_degree_unknown = "causation_degree_unknown";
inline constexpr std::string_view causation_percent_outside_degree = "causation_percent_outside_degree";
inline constexpr std::string_view breached_duty_unknown = "breached_duty_unknown";
inline constexpr std::string_view disability_grade_out_of_range = "disability_grade_out_of_range";
inline constexpr std::string_view opinion_reasons_required = "opinion_reasons_required";
inline constexpr std::string_view delphi_round_already_open = "delphi_round_already_open";
inline constexpr std::string_view delphi_round_closed = "delphi_round_closed";
inline constexpr std::string_view delphi_study_finished = "delphi_study_finished";
inline constexpr std::string_view delphi_max_rounds_reached = "delphi_max_rounds_reached";
inline constexpr std::string_view delphi_response_already_submitted = "delphi_response_already_submitted";
inline constexpr std::string_view delphi_answer_invalid = "delphi_answer_invalid";
inline constexpr std::string_view delphi_items_invalid = "delphi_items_invalid";
inline constexpr std::string_view delphi_no_responses = "delphi_no_responses";
inline constexpr std::string_view delphi_participants_invalid = "delphi_participants_invalid";

}  // namespace medrisk::appraisal::errors
