// Stable error codes of the insurance module (products, rating, quotes, policies, certificates);
// kinds and zh-CN/en-US messages in data/errors/insurance.json. Permission and scope refusals use
// accounts' permission_denied / resource_not_found (see the end of this file).
#pragma once

#include <string_view>

namespace medrisk::insurance::errors {

inline constexpr std::string_view product_not_found = "product_not_found";
inline constexpr std::string_view product_not_rated = "product_not_rated";
inline constexpr std::string_view institution_category_not_rated = "institution_category_not_rated";
inline constexpr std::string_view institution_grade_not_rated = "institution_grade_not_rated";
inline constexpr std::string_view beds_not_rated = "beds_not_rated";
inline constexpr std::string_view department_risk_class_unknown = "department_risk_class_unknown";
inline constexpr std::string_view clinician_title_unknown = "clinician_title_unknown";
inline constexpr std::string_view years_of_practice_not_rated = "years_of_practice_not_rated";
inline constexpr std::string_view per_incident_limit_not_offered = "per_incident_limit_not_offered";
inline constexpr std::string_view per_incident_limit_above_product_maximum = "per_incident_limit_above_product_maximum";
inline constexpr std::string_view deductible_not_offered = "deductible_not_offered";
inline constexpr std::string_view institution_exposure_required = "institution_exposure_required";
inline constexpr std::string_view clinicians_required = "clinicians_required";
inline constexpr std::string_view too_many_clinicians = "too_many_clinicians";
inline constexpr std::string_view clinician_named_twice = "clinician_named_twice";
inline constexpr std::string_view clinician_not_found = "clinician_not_found";
inline constexpr std::string_view insured_must_be_medical_institution = "insured_must_be_medical_institution";
inline constexpr std::string_view retroactive_date_after_period_start = "retroactive_date_after_period_start";
inline constexpr std::string_view period_start_before_issue_date = "period_start_before_issue_date";
inline constexpr std::string_view quote_already_bound = "quote_already_bound";
inline constexpr std::string_view quote_expired = "quote_expired";
inline constexpr std::string_view policy_cancelled = "policy_cancelled";
inline constexpr std::string_view cancellation_before_claim_notice = "cancellation_before_claim_notice";
inline constexpr std::string_view policy_already_renewed = "policy_already_renewed";
inline constexpr std::string_view policy_date_outside_period = "policy_date_outside_period";
inline constexpr std::string_view clinician_already_named = "clinician_already_named";
inline constexpr std::string_view clinician_not_named = "clinician_not_named";
inline constexpr std::string_view funding_shares_must_sum_to_10000 = "funding_shares_must_sum_to_10000";
inline constexpr std::string_view coinsurance_shares_must_sum_to_10000 = "coinsurance_shares_must_sum_to_10000";
inline constexpr std::string_view coinsurance_lead_must_be_issuer = "coinsurance_lead_must_be_issuer";
inline constexpr std::string_view coinsurance_member_twice = "coinsurance_member_twice";
inline constexpr std::string_view coinsurance_share_must_be_positive = "coinsurance_share_must_be_positive";
inline constexpr std::string_view too_many_coinsurers = "too_many_coinsurers";
inline constexpr std::string_view coinsurer_must_be_insurer = "coinsurer_must_be_insurer";
inline constexpr std::string_view disability_grade_invalid = "disability_grade_invalid";
inline constexpr std::string_view certificate_not_found = "certificate_not_found";
inline constexpr std::string_view premium_overflow = "premium_overflow";
inline constexpr std::string_view surgical_cover_after_procedure_date = "surgical_cover_after_procedure_date";
inline constexpr std::string_view surgical_cover_already_bought = "surgical_cover_already_bought";
inline constexpr std::string_view surgical_cover_no_underwriter = "surgical_cover_no_underwriter";
inline constexpr std::string_view surgical_cover_not_the_patient = "surgical_cover_not_the_patient";

// Shared with accounts (same meaning; catalogued once, in data/errors/accounts.json). Redeclared here
// because a module reaches accounts only through its api.hpp (scripts/check-layers.sh).
inline constexpr std::string_view resource_not_found = "resource_not_found";
inline constexpr std::string_view organization_not_found = "organization_not_found";

}  // namespace medrisk::insurance::errors
