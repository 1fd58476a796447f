// Legal representation rules (accounts/representation.hpp) against data/accounts/representation_bases.json:
// which new representations are well-formed, and when one is live (the consent module lets a
// representative act only then).
#include <gtest/gtest.h>

#include "modules/accounts/representation.hpp"

namespace medrisk::accounts {
namespace {

const std::vector<RepresentationBasis>& bases() {
  static const auto b = load_representation_bases("data/accounts");
  return b;
}

Date d(const char* s) { return *Date::parse(s); }

NewRepresentation parent() {
  NewRepresentation r;
  r.patient_user_id = 7;
  r.representative_user_id = 8;
  r.basis = "guardian_minor";
  r.valid_from = "2026-01-01";
  r.evidence_ref = "出生医学证明 Q440190117";
  return r;
}

TEST(RepresentationBases, TheThreeBasesCiteTheCivilCode) {
  ASSERT_EQ(bases().size(), 3u);
  for (const auto& b : bases()) EXPECT_NE(b.source.find("民法典"), std::string::npos) << b.id;
  EXPECT_TRUE(bases()[2].requires_valid_until) << "a written authorization states its term (art. 165)";
}

TEST(RepresentationRules, NewRepresentationsAreChecked) {
  Date today = d("2026-12-07");
  EXPECT_TRUE(check_new_representation(parent(), bases(), today).ok());
  auto code = [&](NewRepresentation r) {
    auto s = check_new_representation(r, bases(), today);
    return s.ok() ? std::string("ok") : s.error().code;
  };
  auto r = parent();
  r.basis = "friend";
  EXPECT_EQ(code(r), "representation_basis_unknown");
  r = parent();
  r.representative_user_id = r.patient_user_id;
  EXPECT_EQ(code(r), "representation_self");
  r = parent();
  r.evidence_ref = "";
  EXPECT_EQ(code(r), "representation_evidence_required");
  r = parent();
  r.basis = "agent_written";
  EXPECT_EQ(code(r), "representation_valid_until_required");
  r.valid_until = "2027-06-30";
  EXPECT_EQ(code(r), "ok");
  r.valid_until = "2025-12-31";
  EXPECT_EQ(code(r), "representation_dates_invalid") << "ends before it starts";
  r.valid_from = "2026-01-01";
  r.valid_until = "2026-12-06";
  EXPECT_EQ(code(r), "representation_dates_invalid") << "already over";
}

TEST(RepresentationRules, LiveFromItsFirstToItsLastDayUnlessRevoked) {
  Representation r;
  r.valid_from = "2026-12-01";
  r.valid_until = "2026-12-31";
  EXPECT_FALSE(is_live(r, d("2026-11-30")));
  EXPECT_EQ(state_of(r, d("2026-11-30")), "pending");
  EXPECT_TRUE(is_live(r, d("2026-12-01")));
  EXPECT_TRUE(is_live(r, d("2026-12-31")));
  EXPECT_FALSE(is_live(r, d("2027-01-01")));
  EXPECT_EQ(state_of(r, d("2027-01-01")), "ended");
  r.valid_until.reset();
  EXPECT_TRUE(is_live(r, d("2040-01-01"))) << "a guardianship without an end date";
  r.revoked_at = "2026-12-05T02:00:00Z";
  EXPECT_FALSE(is_live(r, d("2026-12-06")));
  EXPECT_EQ(state_of(r, d("2026-12-06")), "revoked");
}

}  // namespace
}  // namespace medrisk::accounts
