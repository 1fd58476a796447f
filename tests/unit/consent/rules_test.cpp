// The consent rules as business tables: which new grants are refused and why, when a grant is live,
// which reader a grant covers, and the purpose each role reads for (data/consent/purposes.json).
#include <gtest/gtest.h>

#include "modules/consent/api.hpp"
#include "modules/consent/rules.hpp"

namespace medrisk::consent {
namespace {

const Purposes& purposes() {
  static const Purposes p = load_purposes("data/consent");
  return p;
}
Date d(const char* s) { return *Date::parse(s); }
const Date kToday = *Date::parse("2026-12-07");

NewGrant to_org(std::string purpose = "insurer_claim", std::vector<std::string> kinds = {"narrative"},
                std::optional<std::string> until = "2027-06-30") {
  NewGrant g;
  g.grantee = {"organization", std::nullopt, 9, std::nullopt};
  g.purpose = std::move(purpose);
  g.data_kinds = std::move(kinds);
  g.valid_until = std::move(until);
  return g;
}

std::string code_of(const Status& s) { return s.ok() ? "ok" : s.error().code; }

TEST(NewGrant, RefusedWithTheSentenceThatSaysWhy) {
  struct Row {
    const char* what;
    NewGrant g;
    const char* code;
  };
  NewGrant role_mediator = to_org("case_handling");
  role_mediator.grantee = {"role", std::nullopt, std::nullopt, "mediator"};
  NewGrant role_wrong = role_mediator;
  role_wrong.grantee.role = "adjuster";  // an adjuster does not read for case handling
  NewGrant two_parties = to_org();
  two_parties.grantee.user_id = 4;
  NewGrant user = to_org();
  user.grantee = {"user", 4, std::nullopt, std::nullopt};
  NewGrant research_role = to_org("research");
  research_role.grantee = {"role", std::nullopt, std::nullopt, "regulator"};
  std::vector<Row> table = {
      {"insurer for its claim, until mid-2027", to_org(), "ok"},
      {"a named user", user, "ok"},
      {"the mediators, for case handling", role_mediator, "ok"},
      {"today is the last day", to_org("insurer_claim", {"narrative"}, "2026-12-07"), "ok"},
      {"366 days ahead (the longest term)", to_org("insurer_claim", {"narrative"}, "2027-12-08"), "ok"},
      {"367 days ahead", to_org("insurer_claim", {"narrative"}, "2027-12-09"), "consent_valid_until_too_far"},
      {"ended yesterday", to_org("insurer_claim", {"narrative"}, "2026-12-06"), "consent_valid_until_in_past"},
      {"no end date", to_org("insurer_claim", {"narrative"}, std::nullopt), "consent_valid_until_required"},
      {"unknown purpose", to_org("marketing"), "consent_purpose_unknown"},
      {"no data", to_org("insurer_claim", {}), "consent_data_kinds_required"},
      {"unknown data", to_org("insurer_claim", {"genome"}), "consent_data_kind_unknown"},
      {"adjusters for case handling", role_wrong, "consent_role_not_for_purpose"},
      {"research is never granted to a role", research_role, "consent_role_not_for_purpose"},
      {"a user and an organization at once", two_parties, "consent_grantee_invalid"},
  };
  for (const auto& r : table) EXPECT_EQ(code_of(check_new_grant(r.g, purposes(), kToday)), r.code) << r.what;
}

Grant grant_to(Grantee who, std::optional<std::int64_t> case_id = 12) {
  Grant g;
  g.id = 1;
  g.patient_user_id = 7;
  g.case_id = case_id;
  g.grantee = std::move(who);
  g.purpose = "insurer_claim";
  g.data_kinds = {"narrative", "attachments"};
  g.valid_until = "2026-12-31";
  return g;
}

GrantQuery adjuster_reads(const char* kind = "narrative", std::int64_t case_id = 12) {
  return {7, case_id, 31, 9, {"adjuster"}, "insurer_claim", kind};
}

TEST(Grant, LiveUntilItsLastDayAndNeverAfterRevocation) {
  Grant g = grant_to({"organization", std::nullopt, 9, std::nullopt});
  EXPECT_TRUE(is_live(g, d("2026-12-31")));
  EXPECT_EQ(state_of(g, d("2026-12-31")), "active");
  EXPECT_FALSE(is_live(g, d("2027-01-01")));
  EXPECT_EQ(state_of(g, d("2027-01-01")), "expired");
  g.revoked_at = "2026-12-07T08:00:00Z";
  EXPECT_FALSE(is_live(g, d("2026-12-07")));
  EXPECT_EQ(state_of(g, d("2026-12-07")), "revoked");
  Grant moved = grant_to({"role", std::nullopt, std::nullopt, "adjuster"});
  moved.valid_until.reset();  // a grant moved from disputes' case_consents runs until revoked
  EXPECT_TRUE(is_live(moved, d("2030-01-01")));
}

TEST(Grant, CoversTheNamedReaderTheCaseThePurposeAndTheDataOnly) {
  Grant org = grant_to({"organization", std::nullopt, 9, std::nullopt});
  Grant user = grant_to({"user", 31, std::nullopt, std::nullopt});
  Grant role = grant_to({"role", std::nullopt, std::nullopt, "adjuster"});
  Grant all_cases = grant_to({"organization", std::nullopt, 9, std::nullopt}, std::nullopt);
  for (const Grant* g : {&org, &user, &role}) EXPECT_TRUE(covers(*g, adjuster_reads()));
  EXPECT_TRUE(covers(all_cases, adjuster_reads("narrative", 99)));
  EXPECT_FALSE(covers(org, adjuster_reads("narrative", 13))) << "another case";
  EXPECT_FALSE(covers(org, adjuster_reads("records"))) << "data not granted";
  GrantQuery other_org = adjuster_reads();
  other_org.reader_organization_id = 10;
  EXPECT_FALSE(covers(org, other_org));
  EXPECT_TRUE(covers(role, other_org)) << "a role grant names the role, not the organization";
  GrantQuery other_user = adjuster_reads();
  other_user.reader_user_id = 32;
  EXPECT_FALSE(covers(user, other_user));
  GrantQuery other_purpose = adjuster_reads();
  other_purpose.purpose = "research";
  EXPECT_FALSE(covers(org, other_purpose));
  GrantQuery other_patient = adjuster_reads();
  other_patient.patient_user_id = 8;
  EXPECT_FALSE(covers(org, other_patient));
  GrantQuery no_org = adjuster_reads();
  no_org.reader_organization_id = 0;
  Grant org_zero = grant_to({"organization", std::nullopt, 0, std::nullopt});
  EXPECT_FALSE(covers(org_zero, no_org)) << "a reader without an organization matches no organization grant";
}

TEST(Purposes, EachRoleReadsForOnePurposeAndRegulatorsForNone) {
  struct Row {
    std::vector<std::string> roles;
    std::optional<std::string> purpose;
  };
  std::vector<Row> table = {{{"mediator"}, "case_handling"}, {{"adjuster"}, "insurer_claim"}, {{"expert"}, "appraisal"},
                            {{"lawyer"}, "legal_aid"},       {{"regulator"}, std::nullopt},    {{"platform_admin"}, std::nullopt}};
  for (const auto& r : table) {
    std::string role;
    EXPECT_EQ(purpose_for_roles(purposes(), r.roles, &role), r.purpose) << r.roles.front();
    if (r.purpose) EXPECT_EQ(role, r.roles.front());
  }
}

}  // namespace
}  // namespace medrisk::consent
