// Stable error codes of the accounts module; kinds and zh-CN/en-US messages in data/errors/accounts.json.
#pragma once

#include <string_view>

namespace medrisk::accounts::errors {

inline constexpr std::string_view invalid_credentials = "invalid_credentials";
inline constexpr std::string_view account_locked = "account_locked";
inline constexpr std::string_view login_throttled = "login_throttled";
inline constexpr std::string_view account_disabled = "account_disabled";
inline constexpr std::string_view demo_password_refused = "demo_password_refused";
inline constexpr std::string_view session_expired = "session_expired";
inline constexpr std::string_view session_invalid = "session_invalid";
inline constexpr std::string_view permission_denied = "permission_denied";
inline constexpr std::string_view resource_not_found = "resource_not_found";
inline constexpr std::string_view password_too_short = "password_too_short";
inline constexpr std::string_view password_too_long = "password_too_long";
inline constexpr std::string_view password_too_simple = "password_too_simple";
inline constexpr std::string_view password_contains_username = "password_contains_username";
inline constexpr std::string_view phone_invalid = "phone_invalid";
inline constexpr std::string_view phone_already_registered = "phone_already_registered";
inline constexpr std::string_view registration_code_too_frequent = "registration_code_too_frequent";
inline constexpr std::string_view registration_code_invalid = "registration_code_invalid";
inline constexpr std::string_view registration_code_expired = "registration_code_expired";
inline constexpr std::string_view sms_sender_not_configured = "sms_sender_not_configured";
inline constexpr std::string_view username_taken = "username_taken";
inline constexpr std::string_view username_invalid = "username_invalid";
inline constexpr std::string_view organization_name_taken = "organization_name_taken";
inline constexpr std::string_view organization_not_found = "organization_not_found";
inline constexpr std::string_view organization_kind_invalid = "organization_kind_invalid";
inline constexpr std::string_view region_code_invalid = "region_code_invalid";
inline constexpr std::string_view uscc_invalid = "uscc_invalid";
inline constexpr std::string_view role_unknown = "role_unknown";
inline constexpr std::string_view role_not_allowed_in_organization = "role_not_allowed_in_organization";
inline constexpr std::string_view user_not_found = "user_not_found";
inline constexpr std::string_view representation_basis_unknown = "representation_basis_unknown";
inline constexpr std::string_view representation_self = "representation_self";
inline constexpr std::string_view representation_evidence_required = "representation_evidence_required";
inline constexpr std::string_view representation_dates_invalid = "representation_dates_invalid";
inline constexpr std::string_view representation_valid_until_required = "representation_valid_until_required";
inline constexpr std::string_view representation_patient_invalid = "representation_patient_invalid";
inline constexpr std::string_view representation_representative_invalid = "representation_representative_invalid";
inline constexpr std::string_view representation_exists = "representation_exists";
inline constexpr std::string_view representation_already_revoked = "representation_already_revoked";
inline constexpr std::string_view user_cannot_deactivate_self = "user_cannot_deactivate_self";
inline constexpr std::string_view user_cannot_drop_own_admin_role = "user_cannot_drop_own_admin_role";
inline constexpr std::string_view last_admin_required = "last_admin_required";
inline constexpr std::string_view user_status_invalid = "user_status_invalid";

}  // namespace medrisk::accounts::errors
