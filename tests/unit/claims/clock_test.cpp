// The Insurance Law clock (保险法 arts. 23–25, data/deadlines/claims.json) on the working calendar
// (data/calendar/cn-holidays.json): calendar days, a last day on a rest day rolled to the next working
// day (民法典 art. 203). Expected dates counted by hand against the State Council's 2026 holiday notice.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>

#include "modules/claims/rules.hpp"

namespace medrisk::claims {
namespace {

std::filesystem::path source_dir() {
  const char* s = std::getenv("MEDRISK_SOURCE_DIR");
  return s ? s : ".";
}

Date D(const char* s) {
  return *Date::parse(s);
}

nlohmann::json read(const char* rel) {
  std::ifstream in(source_dir() / rel);
  return nlohmann::json::parse(in);
}

const WorkingCalendar& china() {
  static const WorkingCalendar cal = *WorkingCalendar::load(source_dir() / "data/calendar/cn-holidays.json");
  return cal;
}

const ClaimsParams& params() {
  static const ClaimsParams p = *params_from_json(read("data/deadlines/claims.json"), read("data/claims/reasons.json"),
                                                  read("data/claims/authority.json"));
  return p;
}

const DeadlineView* find(const std::vector<DeadlineView>& v, const std::string& id) {
  for (const auto& d : v)
    if (d.id == id) return &d;
  return nullptr;
}

TEST(ClaimsClock, TheDataFilesHoldTheStatutoryFigures) {
  EXPECT_EQ(params().decision_days, 30);
  EXPECT_EQ(params().payment_days, 10);
  EXPECT_EQ(params().refusal_notice_days, 3);
  EXPECT_EQ(params().advance_payment_days, 60);
  EXPECT_EQ(params().default_authority_fen, Money::from_fen(10'000'000));
  EXPECT_EQ(params().reasons.size(), 9u);
}

TEST(ClaimsClock, RollForwardAcrossSpringFestivalAndNationalDay2026) {
  struct C {
    const char* from;
    int days;
    const char* due;
    const char* why;
  };
  const std::vector<C> table = {
      {"2026-01-16", 30, "2026-02-24", "02-15 is the first day of the Spring Festival break (02-15…02-23)"},
      {"2025-12-17", 60, "2026-02-24", "60 days end on 02-15, inside the Spring Festival break"},
      {"2026-02-12", 3, "2026-02-24", "a refusal notice due in the break"},
      {"2026-01-15", 30, "2026-02-14", "Sat 02-14 is a make-up working day: no roll"},
      {"2026-09-01", 30, "2026-10-08", "10-01…10-07 National Day: the 8th is a Thursday"},
      {"2026-09-21", 10, "2026-10-08", "payment within 10 days runs into National Day"},
      {"2026-09-15", 10, "2026-09-28", "09-25…09-27 Mid-Autumn: 09-25 rolls to Mon 09-28"},
      {"2026-02-05", 30, "2026-03-09", "an ordinary Saturday rolls to Monday"},
      {"2026-03-02", 30, "2026-04-01", "a working day stays"},
  };
  for (const auto& c : table) EXPECT_EQ(due_after_days(china(), D(c.from), c.days), D(c.due)) << c.why;
}

TEST(ClaimsClock, DecisionAndAdvancePaymentRunFromCompleteMaterials) {
  ClockFacts f;
  f.state = "assessing";
  f.materials_complete_on = D("2026-03-02");
  auto v = claim_deadlines(china(), params(), f, D("2026-04-01"));
  ASSERT_NE(find(v, "insurer_decision"), nullptr);
  EXPECT_EQ(find(v, "insurer_decision")->due, "2026-04-01");
  EXPECT_FALSE(find(v, "insurer_decision")->overdue) << "the last day itself is in time";
  v = claim_deadlines(china(), params(), f, D("2026-04-02"));
  EXPECT_TRUE(find(v, "insurer_decision")->overdue);
  // 03-02 + 60 = Fri 05-01, Labour Day (05-01…05-05): due Wed 05-06.
  EXPECT_EQ(find(v, "insurer_advance_payment")->due, "2026-05-06");
  EXPECT_FALSE(find(v, "insurer_advance_payment")->overdue);
  v = claim_deadlines(china(), params(), f, D("2026-05-07"));
  EXPECT_TRUE(find(v, "insurer_advance_payment")->overdue);
  f.first_advance_on = D("2026-05-06");
  v = claim_deadlines(china(), params(), f, D("2026-05-07"));
  EXPECT_FALSE(find(v, "insurer_advance_payment")->overdue) << "an advance payment meets art. 25";
  EXPECT_EQ(find(v, "insurer_advance_payment")->met_on, "2026-05-06");
  EXPECT_EQ(find(v, "insurer_payment_after_agreement"), nullptr);
}

TEST(ClaimsClock, PaymentWithinTenDaysOfTheFixedAmountAndRefusalNotice) {
  ClockFacts f;
  f.state = "approved";
  f.materials_complete_on = D("2026-09-01");
  f.decided_on = D("2026-09-21");
  f.outcome = "approve";
  f.payable_fixed_on = D("2026-09-21");
  auto v = claim_deadlines(china(), params(), f, D("2026-10-08"));
  EXPECT_EQ(find(v, "insurer_payment_after_agreement")->due, "2026-10-08");
  EXPECT_FALSE(find(v, "insurer_payment_after_agreement")->overdue);
  EXPECT_EQ(find(v, "insurer_decision")->met_on, "2026-09-21");
  EXPECT_TRUE(find(claim_deadlines(china(), params(), f, D("2026-10-09")), "insurer_payment_after_agreement")->overdue);
  f.paid_on = D("2026-10-09");
  EXPECT_FALSE(
      find(claim_deadlines(china(), params(), f, D("2026-10-12")), "insurer_payment_after_agreement")->overdue);
  ClockFacts deny;
  deny.state = "denied";
  deny.materials_complete_on = D("2026-02-01");
  deny.decided_on = D("2026-02-12");
  deny.outcome = "deny";
  v = claim_deadlines(china(), params(), deny, D("2026-03-30"));
  ASSERT_NE(find(v, "insurer_refusal_notice"), nullptr);
  EXPECT_EQ(find(v, "insurer_refusal_notice")->due, "2026-02-24");
  EXPECT_EQ(find(v, "insurer_refusal_notice")->met_on, "2026-02-12") << "the notice goes out with the decision";
  EXPECT_FALSE(find(v, "insurer_refusal_notice")->overdue);
}

TEST(ClaimsClock, AWithdrawnClaimIsNeverOverdue) {
  ClockFacts f;
  f.state = "withdrawn";
  f.materials_complete_on = D("2026-03-02");
  for (const auto& d : claim_deadlines(china(), params(), f, D("2027-01-01"))) EXPECT_FALSE(d.overdue) << d.id;
}

TEST(ClaimsParams, MissingOrZeroFiguresAreRefused) {
  auto deadlines = read("data/deadlines/claims.json");
  deadlines["deadlines"]["insurer_decision"]["value"] = 0;
  auto r = params_from_json(deadlines, read("data/claims/reasons.json"), read("data/claims/authority.json"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "claims_parameters_invalid");
  auto authority = read("data/claims/authority.json");
  authority.erase("source");
  EXPECT_FALSE(params_from_json(read("data/deadlines/claims.json"), read("data/claims/reasons.json"), authority).ok());
}

}  // namespace
}  // namespace medrisk::claims
