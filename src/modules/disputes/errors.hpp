// Stable error codes of the disputes module; kinds and zh-CN/en-US messages in data/errors/disputes.json.
#pragma once

#include <string_view>

namespace medrisk::disputes::errors {

inline constexpr std::string_view disputes_parameters_invalid = "disputes_parameters_invalid";
inline constexpr std::string_view transition_not_allowed_in_state = "transition_not_allowed_in_state";
inline constexpr std::string_view transition_not_allowed_for_role = "transition_not_allowed_for_role";
inline constexpr std::string_view refusal_reason_required = "refusal_reason_required";
inline constexpr std::string_view channel_required = "channel_required";
inline constexpr std::string_view channel_not_a_next_route = "channel_not_a_next_route";
inline constexpr std::string_view mediation_extension_not_for_channel = "mediation_extension_not_for_channel";
inline constexpr std::string_view mediation_extension_needs_both_parties = "mediation_extension_needs_both_parties";
inline constexpr std::string_view mediation_extension_above_limit = "mediation_extension_above_limit";
inline constexpr std::string_view mediation_period_expired = "mediation_period_expired";
inline constexpr std::string_view record_event_time_out_of_range = "record_event_time_out_of_range";
inline constexpr std::string_view record_unsealing_needs_both_parties = "record_unsealing_needs_both_parties";
inline constexpr std::string_view negotiation_above_regional_threshold = "negotiation_above_regional_threshold";
inline constexpr std::string_view litigation_court_and_case_number_required = "litigation_court_and_case_number_required";
inline constexpr std::string_view judgment_amount_required = "judgment_amount_required";
inline constexpr std::string_view materials_incomplete_for_payment = "materials_incomplete_for_payment";
inline constexpr std::string_view agreement_not_signed_by_both_parties = "agreement_not_signed_by_both_parties";
inline constexpr std::string_view case_close_awaits_patient_confirmation = "case_close_awaits_patient_confirmation";
inline constexpr std::string_view reopen_reason_required = "reopen_reason_required";
inline constexpr std::string_view complaint_action_not_allowed_in_state = "complaint_action_not_allowed_in_state";
inline constexpr std::string_view complaint_action_not_allowed_for_role = "complaint_action_not_allowed_for_role";
inline constexpr std::string_view complaint_response_required = "complaint_response_required";
inline constexpr std::string_view complaint_close_awaits_complainant = "complaint_close_awaits_complainant";
inline constexpr std::string_view patient_required_when_filing_on_behalf = "patient_required_when_filing_on_behalf";
inline constexpr std::string_view patient_not_found = "patient_not_found";
inline constexpr std::string_view institution_not_found = "institution_not_found";
inline constexpr std::string_view filing_for_another_institution = "filing_for_another_institution";
inline constexpr std::string_view incident_date_in_future = "incident_date_in_future";
inline constexpr std::string_view material_item_not_in_checklist = "material_item_not_in_checklist";
inline constexpr std::string_view material_not_uploaded = "material_not_uploaded";
inline constexpr std::string_view material_rejection_reason_required = "material_rejection_reason_required";
inline constexpr std::string_view attachment_too_large = "attachment_too_large";
inline constexpr std::string_view attachment_empty = "attachment_empty";
inline constexpr std::string_view attachment_type_not_allowed = "attachment_type_not_allowed";
inline constexpr std::string_view attachment_content_does_not_match_type = "attachment_content_does_not_match_type";
inline constexpr std::string_view attachment_limit_per_item_reached = "attachment_limit_per_item_reached";
inline constexpr std::string_view patient_consent_required = "patient_consent_required";
inline constexpr std::string_view consent_only_by_patient = "consent_only_by_patient";
inline constexpr std::string_view mediation_session_not_in_mediation = "mediation_session_not_in_mediation";
inline constexpr std::string_view agreement_payers_must_add_up = "agreement_payers_must_add_up";
inline constexpr std::string_view agreement_missing = "agreement_missing";
inline constexpr std::string_view legal_aid_already_assigned = "legal_aid_already_assigned";
inline constexpr std::string_view legal_aid_office_not_found = "legal_aid_office_not_found";
inline constexpr std::string_view agreement_signature_not_a_party = "agreement_signature_not_a_party";
inline constexpr std::string_view document_template_unknown = "document_template_unknown";
inline constexpr std::string_view document_not_for_role = "document_not_for_role";
inline constexpr std::string_view health_authority_report_not_for_role = "health_authority_report_not_for_role";
inline constexpr std::string_view health_authority_report_not_required = "health_authority_report_not_required";
inline constexpr std::string_view health_authority_report_already_made = "health_authority_report_already_made";

}  // namespace medrisk::disputes::errors
