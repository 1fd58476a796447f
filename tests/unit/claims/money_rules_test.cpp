// Reserves, limits, co-insurer splits, authority, payment checks, idempotency hashing and ledger
// balance: the pure money rules of claims (rules.hpp), as tables a claims handler can read.
#include <gtest/gtest.h>

#include "modules/claims/rules.hpp"

namespace medrisk::claims {
namespace {

Money F(std::int64_t fen) {
  return Money::from_fen(fen);
}
Money Y(std::int64_t yuan) {
  return Money::from_fen(yuan * 100);
}

TEST(RemainingLimit, TheSmallerOfPerIncidentAndWhatTheAggregateLeaves) {
  struct C {
    Money per, agg, others, paid, expected;
    const char* why;
  };
  const std::vector<C> table = {
      {Y(1'500'000), Y(3'000'000), Y(0), Y(0), Y(1'500'000), "a fresh policy: the per-incident limit"},
      {Y(1'500'000), Y(3'000'000), Y(2'000'000), Y(0), Y(1'000'000), "other claims consumed 2 M of 3 M"},
      {Y(1'500'000), Y(3'000'000), Y(0), Y(400'000), Y(1'100'000), "paid on this claim counts against both"},
      {Y(1'500'000), Y(3'000'000), Y(3'200'000), Y(0), Y(0), "never negative"},
      {Y(1'500'000), Y(0), Y(9'000'000), Y(0), Y(1'500'000), "no aggregate limit"},
  };
  for (const auto& c : table) EXPECT_EQ(remaining_limit(c.per, c.agg, c.others, c.paid), c.expected) << c.why;
}

TEST(Reserve, ChecksInOrder) {
  EXPECT_EQ(check_reserve(F(-1), Y(10), F(0)).error().code, "reserve_amount_negative");
  EXPECT_EQ(check_reserve(Y(11), Y(10), F(0)).error().code, "reserve_above_remaining_limit");
  EXPECT_TRUE(check_reserve(Y(10), Y(10), F(0)).ok()) << "exactly the remaining limit";
  EXPECT_EQ(check_reserve(Y(1), Y(10), Y(2)).error().code, "reserve_below_payments_in_flight");
  EXPECT_TRUE(check_reserve(F(0), Y(10), F(0)).ok());
}

TEST(Split, LockedAfterTheFirstPaymentAndMustAddUp) {
  std::vector<ClaimShare> ok = {{1, "", "lead", 6000}, {2, "", "follower", 4000}};
  EXPECT_TRUE(check_split(false, ok).ok());
  EXPECT_EQ(check_split(true, ok).error().code, "reserve_split_locked_after_payment");
  std::vector<ClaimShare> short_by_one = {{1, "", "lead", 6000}, {2, "", "follower", 3999}};
  EXPECT_EQ(check_split(false, short_by_one).error().code, "reserve_split_must_add_up");
}

TEST(Split, LargestRemainderKeepsEveryFen) {
  std::vector<ClaimShare> shares = {{1, "", "lead", 6000}, {2, "", "follower", 4000}};
  auto parts = *split_by_shares(F(100'001), shares);
  EXPECT_EQ(parts[0] + parts[1], F(100'001));
  EXPECT_EQ(parts[0], F(60'001));
  std::vector<ClaimShare> thirds = {{1, "", "lead", 3334}, {2, "", "follower", 3333}, {3, "", "follower", 3333}};
  auto t = *split_by_shares(F(1), thirds);
  EXPECT_EQ(t[0] + t[1] + t[2], F(1));
}

TEST(Authority, AboveTheLimitNeedsASupervisor) {
  EXPECT_FALSE(above_authority(Y(100'000), Y(100'000))) << "exactly the limit is within it";
  EXPECT_TRUE(above_authority(Y(100'000) + F(1), Y(100'000)));
}

TEST(StateMachine, LegalAndIllegalMoves) {
  struct C {
    const char* from;
    const char* action;
    const char* to;
  };
  const std::vector<C> legal = {
      {"open", "materials_complete", "assessing"},
      {"assessing", "decide_approve", "approved"},
      {"assessing", "decide_above_authority", "awaiting_approval"},
      {"awaiting_approval", "approve", "approved"},
      {"awaiting_approval", "reject", "assessing"},
      {"assessing", "decide_deny", "denied"},
      {"awaiting_approval", "decide_deny", "denied"},
      {"approved", "pay_all", "paid"},
      {"open", "withdraw", "withdrawn"},
      {"assessing", "withdraw", "withdrawn"},
  };
  for (const auto& c : legal) EXPECT_EQ(*next_state(c.from, c.action), c.to) << c.from << " " << c.action;
  const std::vector<C> illegal = {{"open", "decide_approve", ""},
                                  {"approved", "withdraw", ""},
                                  {"paid", "pay_all", ""},
                                  {"denied", "approve", ""},
                                  {"withdrawn", "materials_complete", ""}};
  for (const auto& c : illegal)
    EXPECT_EQ(next_state(c.from, c.action).error().code, "claim_action_not_allowed_in_state")
        << c.from << " " << c.action;
}

TEST(Payment, FinalAndAdvanceChecks) {
  PaymentFacts approved{"approved", true, Y(50'000), Y(10'000), Y(5'000), Y(40'000)};
  EXPECT_TRUE(check_payment(approved, "final", Y(35'000)).ok()) << "payable − paid − in flight";
  EXPECT_EQ(check_payment(approved, "final", Y(35'000) + F(1)).error().code, "payment_above_amount_owed");
  EXPECT_EQ(check_payment(approved, "final", F(0)).error().code, "payment_amount_not_positive");
  EXPECT_EQ(check_payment(approved, "advance", Y(1)).error().code, "payment_kind_not_allowed_in_state");
  PaymentFacts low_reserve{"approved", true, Y(50'000), Y(0), Y(0), Y(20'000)};
  EXPECT_EQ(check_payment(low_reserve, "final", Y(30'000)).error().code, "payment_above_outstanding_reserve");
  PaymentFacts assessing{"assessing", true, std::nullopt, Y(0), Y(0), Y(20'000)};
  EXPECT_TRUE(check_payment(assessing, "advance", Y(20'000)).ok()) << "the determinable part (art. 25)";
  EXPECT_EQ(check_payment(assessing, "advance", Y(20'001)).error().code, "payment_above_outstanding_reserve");
  EXPECT_EQ(check_payment(assessing, "final", Y(1)).error().code, "payment_kind_not_allowed_in_state");
  PaymentFacts open{"open", false, std::nullopt, Y(0), Y(0), Y(20'000)};
  EXPECT_EQ(check_payment(open, "advance", Y(1)).error().code, "payment_kind_not_allowed_in_state");
}

TEST(Idempotency, TheSameRequestHashesTheSameAndAnyFieldChangesIt) {
  NewPayment p{"k-1", "final", Y(100), std::nullopt, {"郑晓禾", "示例银行明湖支行", "6222000011112222"}};
  std::string base = request_canonical(7, p, "patient");
  EXPECT_EQ(request_canonical(7, p, "patient"), base);
  NewPayment other_key = p;
  other_key.idempotency_key = "k-2";
  EXPECT_EQ(request_canonical(7, other_key, "patient"), base) << "the key itself is not part of the body";
  NewPayment amount = p;
  amount.amount_fen = Y(100) + F(1);
  EXPECT_NE(request_canonical(7, amount, "patient"), base);
  NewPayment account = p;
  account.account.number = "6222000011113333";
  EXPECT_NE(request_canonical(7, account, "patient"), base);
  EXPECT_NE(request_canonical(8, p, "patient"), base) << "another claim";
  EXPECT_NE(request_canonical(7, p, "institution"), base);
}

TEST(Payment, AccountMaskAndReference) {
  EXPECT_EQ(mask_account("6222 0000 1111 1234"), "**** 1234");
  EXPECT_EQ(payment_reference(42, 2), "PAY-42-2");
}

TEST(Ledger, BalancedOnlyWhenDebitsEqualCredits) {
  std::vector<LedgerAccount> ok = {{"claims_paid", 1, Y(60), F(0)},
                                   {"bank", 1, F(0), Y(60)},
                                   {"claims_paid", 2, Y(40), F(0)},
                                   {"bank", 2, F(0), Y(40)}};
  EXPECT_TRUE(ledger_balanced(ok));
  ok[1].credit_fen = Y(60) - F(1);
  EXPECT_FALSE(ledger_balanced(ok));
  EXPECT_TRUE(ledger_balanced({}));
}

TEST(Reasons, CodesMustFitTheOutcome) {
  ClaimsParams p;
  p.reasons["excluded_cause"] = {"excluded_cause", "deny", "", ""};
  p.reasons["deductible_applied"] = {"deductible_applied", "partial", "", ""};
  EXPECT_TRUE(check_reason_codes(p, "deny", {"excluded_cause"}).ok());
  EXPECT_EQ(check_reason_codes(p, "deny", {"deductible_applied"}).error().code, "decision_reason_code_unknown");
  EXPECT_EQ(check_reason_codes(p, "deny", {"made_up"}).error().code, "decision_reason_code_unknown");
  EXPECT_EQ(check_reason_codes(p, "deny", {}).error().code, "decision_reason_required");
  EXPECT_TRUE(check_reason_codes(p, "approve", {}).ok());
}

}  // namespace
}  // namespace medrisk::claims
