// Stable error codes of the insurance module's per-visit micro-policies, partner API keys and
// compulsory-cover compliance; kinds and zh-CN/en-US messages in data/errors/insurance_visit.json.
#pragma once

#include <string_view>

namespace medrisk::insurance::visit_errors {

// Partner authentication (signed requests)
inline constexpr std::string_view partner_signature_missing = "partner_signature_missing";
inline constexpr std::string_view partner_key_unknown = "partner_key_unknown";
inline constexpr std::string_view partner_key_revoked = "partner_key_revoked";
inline constexpr std::string_view partner_signature_invalid = "partner_signature_invalid";
inline constexpr std::string_view partner_timestamp_stale = "partner_timestamp_stale";
inline constexpr std::string_view partner_nonce_invalid = "partner_nonce_invalid";
inline constexpr std::string_view partner_nonce_replayed = "partner_nonce_replayed";
inline constexpr std::string_view partner_key_not_found = "partner_key_not_found";
inline constexpr std::string_view partner_organization_not_institution = "partner_organization_not_institution";

// Visit policies
inline constexpr std::string_view visit_batch_too_large = "visit_batch_too_large";
inline constexpr std::string_view visit_batch_empty = "visit_batch_empty";
inline constexpr std::string_view visit_id_duplicate_in_batch = "visit_id_duplicate_in_batch";
inline constexpr std::string_view visit_id_invalid = "visit_id_invalid";
inline constexpr std::string_view patient_identifier_required = "patient_identifier_required";
inline constexpr std::string_view id_number_invalid = "id_number_invalid";
inline constexpr std::string_view visit_date_out_of_window = "visit_date_out_of_window";
inline constexpr std::string_view visit_product_unavailable = "visit_product_unavailable";

// Compulsory-cover compliance
inline constexpr std::string_view compliance_rules_invalid = "compliance_rules_invalid";
inline constexpr std::string_view compliance_filter_invalid = "compliance_filter_invalid";
inline constexpr std::string_view compliance_subject_not_clinician = "compliance_subject_not_clinician";

}  // namespace medrisk::insurance::visit_errors
