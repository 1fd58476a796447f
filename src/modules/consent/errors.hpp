// Stable error codes of the consent module; kinds and zh-CN/en-US messages in data/errors/consent.json
// (resource_not_found and permission_denied are the accounts module's, catalogued there).
#pragma once

#include <string_view>

namespace medrisk::consent::errors {

inline constexpr std::string_view resource_not_found = "resource_not_found";
inline constexpr std::string_view consent_purpose_unknown = "consent_purpose_unknown";
inline constexpr std::string_view consent_data_kind_unknown = "consent_data_kind_unknown";
inline constexpr std::string_view consent_data_kinds_required = "consent_data_kinds_required";
inline constexpr std::string_view consent_grantee_invalid = "consent_grantee_invalid";
inline constexpr std::string_view consent_grantee_not_found = "consent_grantee_not_found";
inline constexpr std::string_view consent_role_not_for_purpose = "consent_role_not_for_purpose";
inline constexpr std::string_view consent_valid_until_required = "consent_valid_until_required";
inline constexpr std::string_view consent_valid_until_in_past = "consent_valid_until_in_past";
inline constexpr std::string_view consent_valid_until_too_far = "consent_valid_until_too_far";
inline constexpr std::string_view consent_grant_already_revoked = "consent_grant_already_revoked";
inline constexpr std::string_view consent_grant_limit_reached = "consent_grant_limit_reached";
inline constexpr std::string_view consent_managed_only_by_patient = "consent_managed_only_by_patient";
inline constexpr std::string_view consent_representation_ended = "consent_representation_ended";

}  // namespace medrisk::consent::errors
