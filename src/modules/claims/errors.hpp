// Stable error codes of the claims module; kinds and zh-CN/en-US messages in data/errors/claims.json.
#pragma once

#include <string_view>

namespace medrisk::claims::errors {

inline constexpr std::string_view claims_parameters_invalid = "claims_parameters_invalid";
inline constexpr std::string_view claim_duplicates_open_claim = "claim_duplicates_open_claim";
inline constexpr std::string_view claim_policy_not_found = "claim_policy_not_found";
inline constexpr std::string_view claim_case_not_of_policy = "claim_case_not_of_policy";
inline constexpr std::string_view claim_patient_required = "claim_patient_required";
inline constexpr std::string_view claim_patient_not_found = "claim_patient_not_found";
inline constexpr std::string_view claim_incident_outside_cover = "claim_incident_outside_cover";
inline constexpr std::string_view claim_policy_cancelled = "claim_policy_cancelled";
inline constexpr std::string_view claim_notice_before_incident = "claim_notice_before_incident";
inline constexpr std::string_view claim_notice_date_in_future = "claim_notice_date_in_future";
inline constexpr std::string_view claim_action_not_allowed_in_state = "claim_action_not_allowed_in_state";
inline constexpr std::string_view claim_materials_incomplete = "claim_materials_incomplete";
inline constexpr std::string_view case_materials_incomplete = "case_materials_incomplete";
inline constexpr std::string_view withdraw_reason_required = "withdraw_reason_required";
inline constexpr std::string_view visit_policy_not_found = "visit_policy_not_found";
inline constexpr std::string_view visit_policy_direct_claim_unavailable = "visit_policy_direct_claim_unavailable";
inline constexpr std::string_view reserve_amount_negative = "reserve_amount_negative";
inline constexpr std::string_view reserve_above_remaining_limit = "reserve_above_remaining_limit";
inline constexpr std::string_view reserve_below_payments_in_flight = "reserve_below_payments_in_flight";
inline constexpr std::string_view reserve_reason_required = "reserve_reason_required";
inline constexpr std::string_view reserve_split_locked_after_payment = "reserve_split_locked_after_payment";
inline constexpr std::string_view reserve_split_must_add_up = "reserve_split_must_add_up";
inline constexpr std::string_view reserve_split_insurer_not_in_pool = "reserve_split_insurer_not_in_pool";
inline constexpr std::string_view decision_reason_code_unknown = "decision_reason_code_unknown";
inline constexpr std::string_view decision_reason_required = "decision_reason_required";
inline constexpr std::string_view decision_amount_required = "decision_amount_required";
inline constexpr std::string_view decision_amount_above_payable = "decision_amount_above_payable";
inline constexpr std::string_view decision_amount_below_paid = "decision_amount_below_paid";
inline constexpr std::string_view decision_nothing_payable = "decision_nothing_payable";
inline constexpr std::string_view approval_by_decider_refused = "approval_by_decider_refused";
inline constexpr std::string_view approval_above_authority = "approval_above_authority";
inline constexpr std::string_view idempotency_key_required = "idempotency_key_required";
inline constexpr std::string_view idempotency_key_reused = "idempotency_key_reused";
inline constexpr std::string_view payment_amount_not_positive = "payment_amount_not_positive";
inline constexpr std::string_view payment_above_amount_owed = "payment_above_amount_owed";
inline constexpr std::string_view payment_above_outstanding_reserve = "payment_above_outstanding_reserve";
inline constexpr std::string_view payment_kind_not_allowed_in_state = "payment_kind_not_allowed_in_state";
inline constexpr std::string_view payment_retry_only_after_failure = "payment_retry_only_after_failure";
inline constexpr std::string_view bank_account_invalid = "bank_account_invalid";
inline constexpr std::string_view claim_not_denied = "claim_not_denied";
inline constexpr std::string_view claim_not_settled = "claim_not_settled";
inline constexpr std::string_view claim_money_invariant_broken = "claim_money_invariant_broken";

}  // namespace medrisk::claims::errors
