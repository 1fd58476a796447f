// Stable error codes of the witnessing module; kinds and zh-CN/en-US messages in
// data/errors/witnessing.json (resource_not_found and permission_denied are the accounts module's).
#pragma once

#include <string_view>

namespace medrisk::witnessing::errors {

inline constexpr std::string_view resource_not_found = "resource_not_found";
inline constexpr std::string_view witness_procedure_unknown = "witness_procedure_unknown";
inline constexpr std::string_view witness_not_the_surgeon = "witness_not_the_surgeon";
inline constexpr std::string_view witness_not_the_patient = "witness_not_the_patient";
inline constexpr std::string_view witness_record_sealed = "witness_record_sealed";
inline constexpr std::string_view witness_record_signed = "witness_record_signed";
inline constexpr std::string_view witness_risk_unknown = "witness_risk_unknown";
inline constexpr std::string_view witness_risk_already_acknowledged = "witness_risk_already_acknowledged";
inline constexpr std::string_view witness_risks_not_all_acknowledged = "witness_risks_not_all_acknowledged";
inline constexpr std::string_view witness_already_signed = "witness_already_signed";
inline constexpr std::string_view witness_not_sealed = "witness_not_sealed";
inline constexpr std::string_view witness_already_corrected = "witness_already_corrected";
inline constexpr std::string_view witness_relationship_unknown = "witness_relationship_unknown";
inline constexpr std::string_view witness_procedure_date_past = "witness_procedure_date_past";
inline constexpr std::string_view witness_attachment_empty = "witness_attachment_empty";
inline constexpr std::string_view witness_attachment_too_large = "witness_attachment_too_large";
inline constexpr std::string_view witness_attachment_type_not_allowed = "witness_attachment_type_not_allowed";
inline constexpr std::string_view witness_attachment_content_does_not_match_type = "witness_attachment_content_does_not_match_type";
inline constexpr std::string_view witness_attachment_limit_reached = "witness_attachment_limit_reached";
inline constexpr std::string_view witness_cover_unavailable = "witness_cover_unavailable";

}  // namespace medrisk::witnessing::errors
