// The one coverage rule (insurance::cover_for) as a business table: does this policy respond to this
// incident? Occurrence vs claims-made with a retroactive date, the cancellation effective date (the
// first day without cover), clinicians added and removed by endorsement, and a lapsed policy. Claims
// and the disputes policy look-up both ask this rule; before issue 13 claims had its own copy that
// ignored cancellation (a claim on a policy cancelled before the incident opened).
#include <gtest/gtest.h>

#include "modules/insurance/rules.hpp"

namespace medrisk::insurance {
namespace {

Date d(std::string_view s) {
  return *Date::parse(s);
}

// A 2026 policy: clinician 7 named from the start, clinician 8 added by endorsement on 1 May,
// clinician 9 removed by endorsement on 1 September.
PolicyInForce policy(const std::string& trigger, std::optional<std::string> cancelled_on = {}) {
  PolicyInForce p;
  p.policy_id = 1;
  p.trigger = trigger;
  p.period_start = d("2026-01-01");
  p.period_end = d("2026-12-31");
  if (trigger == "claims_made") p.retroactive_date = d("2025-01-01");
  if (cancelled_on) p.cancelled_on = d(*cancelled_on);
  p.clinicians = {{7, "III", "attending", 10, d("2026-01-01"), std::nullopt},
                  {8, "III", "attending", 10, d("2026-05-01"), std::nullopt},
                  {9, "III", "attending", 10, d("2026-01-01"), d("2026-09-01")}};
  return p;
}

TEST(CoverageRule, TheBusinessTable) {
  struct Row {
    std::string trigger;
    std::optional<std::string> cancelled_on;
    std::optional<std::int64_t> clinician;
    std::string incident, notice;
    Cover expected;
    std::string why;
  };
  const std::vector<Row> rows = {
      // cancellation (cancelled_on is the first day without cover)
      {"occurrence", "2026-03-01", {}, "2026-04-10", "2026-04-12", Cover::cancelled, "cancelled before the incident"},
      {"occurrence",
       "2026-06-01",
       {},
       "2026-04-10",
       "2026-07-12",
       Cover::responds,
       "cancelled after the incident: the occurrence policy still answers"},
      {"occurrence",
       "2026-04-10",
       {},
       "2026-04-10",
       "2026-04-10",
       Cover::cancelled,
       "incident on the cancellation day: no cover that day"},
      {"occurrence",
       "2026-04-11",
       {},
       "2026-04-10",
       "2026-04-20",
       Cover::responds,
       "incident the day before the cancellation day"},
      {"claims_made",
       "2026-06-01",
       {},
       "2026-04-10",
       "2026-07-12",
       Cover::cancelled,
       "claims-made: notice after the cancellation for an earlier incident"},
      {"claims_made",
       "2026-06-01",
       {},
       "2026-04-10",
       "2026-05-31",
       Cover::responds,
       "claims-made: notice the day before the cancellation"},
      {"claims_made",
       "2026-06-01",
       {},
       "2026-04-10",
       "2026-06-01",
       Cover::cancelled,
       "claims-made: notice on the cancellation day"},
      // retroactive date (claims-made, retro 2025-01-01)
      {"claims_made",
       {},
       {},
       "2024-12-31",
       "2026-03-01",
       Cover::before_retroactive_date,
       "claims-made: incident the day before the retroactive date"},
      {"claims_made",
       {},
       {},
       "2025-01-01",
       "2026-03-01",
       Cover::responds,
       "claims-made: incident on the retroactive date, notice inside the period"},
      {"claims_made",
       {},
       {},
       "2025-06-01",
       "2027-01-01",
       Cover::outside_period,
       "claims-made: notice the day after the period"},
      {"claims_made",
       {},
       {},
       "2025-06-01",
       "2025-12-31",
       Cover::outside_period,
       "claims-made: notice before the period starts"},
      {"claims_made", {}, {}, "2026-12-31", "2026-12-31", Cover::responds, "claims-made: notice on the last day"},
      {"occurrence",
       {},
       {},
       "2025-12-31",
       "2026-01-05",
       Cover::outside_period,
       "occurrence: incident before the period"},
      // lapsed: expired at the period's end, never renewed
      {"occurrence", {}, {}, "2027-01-01", "2027-01-02", Cover::outside_period, "lapsed: incident after the period"},
      {"occurrence",
       {},
       {},
       "2026-12-31",
       "2027-03-01",
       Cover::responds,
       "occurrence: incident on the last day, notice after the lapse"},
      {"claims_made", {}, {}, "2026-10-01", "2027-02-01", Cover::outside_period, "lapsed: claims-made notice after it"},
      // endorsements adding / removing clinicians
      {"occurrence", {}, 7, "2026-02-01", "2026-02-02", Cover::responds, "clinician named from the start"},
      {"occurrence",
       {},
       8,
       "2026-04-30",
       "2026-05-02",
       Cover::clinician_not_named,
       "occurrence: incident the day before the clinician's endorsement"},
      {"occurrence",
       {},
       8,
       "2026-05-01",
       "2026-05-02",
       Cover::responds,
       "occurrence: incident on the endorsement's effective date"},
      {"claims_made",
       {},
       8,
       "2026-04-30",
       "2026-06-01",
       Cover::clinician_not_named,
       "claims-made: incident before the endorsement, notice after — the endorsement has no retro cover"},
      {"claims_made",
       {},
       8,
       "2026-05-02",
       "2026-06-01",
       Cover::responds,
       "claims-made: incident and notice after the endorsement"},
      {"claims_made",
       {},
       7,
       "2025-03-01",
       "2026-06-01",
       Cover::responds,
       "claims-made: a clinician named from the start keeps the retroactive date"},
      {"occurrence", {}, 9, "2026-08-31", "2026-09-10", Cover::responds, "occurrence: incident before the removal"},
      {"occurrence",
       {},
       9,
       "2026-09-01",
       "2026-09-10",
       Cover::clinician_not_named,
       "occurrence: incident on the removal day"},
      {"claims_made",
       {},
       9,
       "2026-08-01",
       "2026-09-01",
       Cover::clinician_not_named,
       "claims-made: notice after the clinician was removed"},
      {"occurrence", {}, 42, "2026-06-01", "2026-06-02", Cover::clinician_not_named, "a clinician never named"},
      // nonsense
      {"occurrence", {}, {}, "2026-06-01", "2026-05-31", Cover::notice_before_incident, "notice before the incident"},
  };
  for (const auto& r : rows)
    EXPECT_EQ(to_string(cover_for(policy(r.trigger, r.cancelled_on), r.clinician, d(r.incident), d(r.notice))),
              to_string(r.expected))
        << r.why;
}

// responds_to on a stored Policy is the same rule: a cancelled policy does not respond.
TEST(CoverageRule, APolicyRespondsThroughTheSameRule) {
  Policy p;
  p.trigger = "occurrence";
  p.period_start = d("2026-01-01");
  p.period_end = d("2026-12-31");
  p.status = "cancelled";
  p.cancelled_on = d("2026-03-01");
  EXPECT_TRUE(responds_to(p, d("2026-02-28"), d("2026-03-05")));
  EXPECT_FALSE(responds_to(p, d("2026-03-01"), d("2026-03-05")));
  PolicyInForce f = in_force(p);
  ASSERT_TRUE(f.cancelled_on.has_value());
  EXPECT_EQ(f.cancelled_on->to_string(), "2026-03-01");
}

}  // namespace
}  // namespace medrisk::insurance

namespace medrisk::insurance {
namespace {

// Issue 18 item 5: after an endorsement the refund pro-rated the whole current premium over the whole
// period (too high after a removal). Each layer is refunded for its own unexpired days: the issue
// premium over the period (365 days), each endorsement's delta over the days it was charged for.
TEST(CancellationRefund, EachPremiumLayerIsRefundedForItsOwnUnexpiredDays) {
  auto fen = [](std::int64_t f) { return Money::from_fen(f); };
  Date start = d("2026-01-01"), end = d("2026-12-31");
  Endorsement add{1, 1, "add_clinician", d("2026-07-01"), 8, fen(18'400), 184, 365, ""};  // +36,500/yr × 184/365
  Endorsement remove{2, 1, "remove_clinician", d("2026-07-01"), 9, fen(-18'400), 184, 365, ""};
  struct Row {
    std::vector<Endorsement> endorsements;
    Money premium;
    const char* cancel;
    std::int64_t refund;
    const char* why;
  };
  const std::vector<Row> rows = {
      {{}, fen(365'000), "2026-10-01", 92'000, "no endorsement: 92 of 365 days"},
      {{add}, fen(383'400), "2026-10-01", 92'000 + 9'200, "addition: 92 of its 184 days"},
      {{remove}, fen(346'600), "2026-10-01", 92'000 - 9'200, "removal: its refund's 92 of 184 days come off"},
      {{add}, fen(383'400), "2026-03-01", 306'000 + 18'400, "cancelled before the addition: all of it back"},
      {{add, remove}, fen(365'000), "2026-10-01", 92'000, "added and removed: the layers cancel out"},
      {{}, fen(100), "2026-12-31", 0, "0.27 fen rounds down"},
  };
  for (const auto& r : rows) {
    auto got = cancellation_refund(r.premium, r.endorsements, d(r.cancel), start, end);
    ASSERT_TRUE(got.ok()) << r.why;
    EXPECT_EQ(got->fen(), r.refund) << r.why;
  }
  // (The old formula, current premium × unexpired ÷ period, gave 87,362 fen after the removal where
  // 82,800 are due.)
  EXPECT_EQ(cancellation_refund(fen(100), {}, d("2027-01-01"), start, end).error().code, "policy_date_outside_period");
}

}  // namespace
}  // namespace medrisk::insurance
