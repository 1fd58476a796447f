// The account rules as the business states them: who may do what, which passwords and phones pass,
// when an account locks and when a session ends.
#include <gtest/gtest.h>

#include <algorithm>

#include "modules/accounts/directory.hpp"
#include "modules/accounts/rules.hpp"

namespace medrisk::accounts {
namespace {

Actor actor(std::int64_t user, std::int64_t org, std::vector<std::string> roles, std::string region = "440000") {
  Actor a;
  a.user_id = user;
  a.organization_id = org;
  a.roles = roles;
  a.permissions = permissions_for(roles);
  a.region_code = region;
  return a;
}

TEST(Permissions, EveryRoleHasItsNamedPermissions) {
  struct Row { std::string role; std::vector<std::string> has; std::vector<std::string> lacks; };
  std::vector<Row> table = {
      {"platform_admin", {"organizations.manage", "users.manage", "audit.read"}, {"claims.approve", "cases.mediate"}},
      {"medical_officer", {"complaints.handle", "cases.handle", "policies.read", "risk.read"}, {"users.manage", "audit.read"}},
      {"clinician", {"policies.read_own", "witness.record"}, {"cases.read", "risk.read"}},
      {"underwriter", {"quotes.create", "risk.read"}, {"claims.handle"}},
      {"patient", {"complaints.file", "cases.read_own", "visit_policies.buy"}, {"cases.read", "audit.read"}},
      {"adjuster", {"claims.handle", "reserves.set", "payments.instruct"}, {"policies.issue"}},
      {"mediator", {"cases.mediate", "cases.read"}, {"claims.handle"}},
      {"expert", {"appraisal.opine"}, {"cases.read"}},
      {"regulator", {"audit.read", "compliance.read", "statistics.read", "risk.read"}, {"cases.handle", "users.manage"}},
  };
  for (const auto& row : table) {
    auto perms = permissions_for({row.role});
    for (const auto& p : row.has) EXPECT_TRUE(perms.contains(p)) << row.role << " should have " << p;
    for (const auto& p : row.lacks) EXPECT_FALSE(perms.contains(p)) << row.role << " must not have " << p;
    EXPECT_TRUE(perms.contains("notifications.read")) << row.role;
  }
}

// 统一社会信用代码 (GB 32100-2015): the check character is 31 − (Σ value_i × 3^(i−1) mod 31) mod 31 over the first
// 17 characters, in the alphabet 0-9 A-H J-N P-R T U W-Y (I, O, S, V, Z never occur).
TEST(UnifiedSocialCreditCode, TheCheckCharacterIsVerified) {
  // The standard's own worked example (GB 32100-2015 annex): 91350100M000100Y4 → check character 3.
  EXPECT_TRUE(check_uscc("91350100M000100Y43").ok());
  // The demo province's invented codes (accounts/demo.cpp).
  for (const char* ok : {"124400005721013179", "12440000572102627J", "91440000572106556L", "114400005721131076"})
    EXPECT_TRUE(check_uscc(ok).ok()) << ok;
  struct Bad {
    const char* code;
    const char* why;
  };
  for (const auto& b : std::vector<Bad>{{"91350100M000100Y44", "wrong check character"},
                                        {"91350100M000100Y4", "17 characters"},
                                        {"91350100M000100Y433", "19 characters"},
                                        {"91350100M000I00Y43", "I is not in the alphabet"},
                                        {"91350100m000100Y43", "lower case"},
                                        {"124400005721013178", "one digit off"},
                                        {"", "empty"}}) {
    auto s = check_uscc(b.code);
    ASSERT_FALSE(s.ok()) << b.why;
    EXPECT_EQ(s.error().code, "uscc_invalid") << b.why;
  }
}

TEST(Permissions, RolesBelongToTheirKindOfOrganization) {
  EXPECT_EQ(organization_kind_for_role("adjuster"), "insurer");
  EXPECT_EQ(organization_kind_for_role("mediator"), "mediation_committee");
  EXPECT_EQ(organization_kind_for_role("officer"), std::nullopt);  // not a role
  EXPECT_EQ(organization_kind_for_role("patient"), std::nullopt);  // patients belong to no organization
  EXPECT_FALSE(is_role("root"));
}

TEST(Authorize, DeniesWithoutThePermission) {
  auto officer = actor(5, 2, {"medical_officer"});
  auto r = authorize(officer, "users.manage");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "permission_denied");
}

TEST(Authorize, AnotherOrganizationsResourceIsNotFound) {
  auto officer = actor(5, 2, {"medical_officer"});
  EXPECT_TRUE(authorize(officer, "cases.read", Scope{{2, 6}, std::nullopt, std::nullopt}).ok());
  auto r = authorize(officer, "cases.read", Scope{{3}, std::nullopt, std::nullopt});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "resource_not_found");
}

TEST(Authorize, PatientsSeeOnlyTheirOwn) {
  auto patient = actor(40, 0, {"patient"});
  EXPECT_TRUE(authorize(patient, "cases.read_own", Scope{{2}, 40, std::nullopt}).ok());
  EXPECT_FALSE(authorize(patient, "cases.read_own", Scope{{2}, 41, std::nullopt}).ok());
}

TEST(Authorize, RegulatorsReadTheirRegionOnly) {
  auto regulator = actor(9, 11, {"regulator"}, "440000");
  EXPECT_TRUE(authorize(regulator, "cases.read", {{2}, std::nullopt, "440100"}).ok());
  EXPECT_FALSE(authorize(regulator, "cases.read", {{2}, std::nullopt, "310000"}).ok());
}

TEST(Authorize, NobodyWithoutAUser) {
  Actor anonymous;
  anonymous.permissions = {"cases.read"};
  EXPECT_FALSE(authorize(anonymous, "cases.read").ok());
}

TEST(PasswordPolicy, Table) {
  struct Row { std::string password; std::string username; bool demo; std::string code; };
  std::vector<Row> table = {
      {"short1!", "alice", false, "password_too_short"},
      {"onlyletterslong", "alice", false, "password_too_simple"},
      {"1234567890123", "alice", false, "password_too_simple"},
      {"alice-is-great-1", "alice", false, "password_contains_username"},
      {"medrisk-demo", "alice", false, "demo_password_refused"},
      {"medrisk-demo", "alice", true, ""},
      {"Correct-Horse-7", "alice", false, ""},
      {std::string(129, 'a') + "1", "alice", false, "password_too_long"},
  };
  for (const auto& row : table) {
    auto r = check_password_policy(row.password, row.username, row.demo);
    EXPECT_EQ(r.ok() ? "" : r.error().code, row.code) << row.password;
  }
}

TEST(Phone, NormalizesMainlandMobiles) {
  EXPECT_EQ(*normalize_phone("170 1234 0001"), "17012340001");
  EXPECT_EQ(*normalize_phone("+86 170-1234-0001"), "17012340001");
  EXPECT_FALSE(normalize_phone("12012340001").ok());  // no 12x mobile range
  EXPECT_FALSE(normalize_phone("1701234000").ok());
  EXPECT_FALSE(normalize_phone("1701234000a").ok());
  EXPECT_EQ(mask_phone("17012340001"), "170****0001");
}

TEST(Lockout, FifthFailureLocksForFifteenMinutes) {
  LockoutPolicy policy;
  Timestamp t0 = *Timestamp::parse("2026-03-02T08:00:00Z");
  FailureCounter c;
  for (int i = 0; i < 4; ++i) c = after_failure(c, t0 + std::chrono::minutes(i), 5, policy);
  EXPECT_FALSE(is_locked(c, t0 + std::chrono::minutes(4)));
  c = after_failure(c, t0 + std::chrono::minutes(4), 5, policy);
  EXPECT_TRUE(is_locked(c, t0 + std::chrono::minutes(5)));
  EXPECT_FALSE(is_locked(c, t0 + std::chrono::minutes(19) + std::chrono::seconds(1)));
}

TEST(Lockout, FailuresOutsideTheWindowAreForgotten) {
  LockoutPolicy policy;
  Timestamp t0 = *Timestamp::parse("2026-03-02T08:00:00Z");
  FailureCounter c;
  for (int i = 0; i < 4; ++i) c = after_failure(c, t0, 5, policy);
  c = after_failure(c, t0 + std::chrono::minutes(16), 5, policy);
  EXPECT_FALSE(is_locked(c, t0 + std::chrono::minutes(16)));
  EXPECT_EQ(c.failures, 1);
}

TEST(Sessions, ExpireAbsolutelyAndWhenIdle) {
  SessionPolicy policy;
  Timestamp t0 = *Timestamp::parse("2026-03-02T08:00:00Z");
  Timestamp expires = t0 + std::chrono::hours(12);
  EXPECT_EQ(session_state(expires, t0, false, t0 + std::chrono::minutes(29), policy), SessionState::valid);
  EXPECT_EQ(session_state(expires, t0, false, t0 + std::chrono::minutes(31), policy), SessionState::idle);
  EXPECT_EQ(session_state(expires, t0 + std::chrono::hours(12), false, t0 + std::chrono::hours(12), policy),
            SessionState::expired);
  EXPECT_EQ(session_state(expires, t0, true, t0, policy), SessionState::revoked);
}

}  // namespace
}  // namespace medrisk::accounts

// The Role and OrganizationKind enums of the directory and the role table of the rules name the same
// roles and kinds: a role added to one place and not the other fails here.
namespace medrisk::accounts {
namespace {

TEST(Directory, RoleAndKindEnumsMatchTheRules) {
  std::vector<std::string> from_enum;
  for (int i = 0; i <= static_cast<int>(Role::regulator); ++i) from_enum.emplace_back(to_string(static_cast<Role>(i)));
  std::vector<std::string> from_rules = all_roles();
  std::sort(from_enum.begin(), from_enum.end());
  std::sort(from_rules.begin(), from_rules.end());
  EXPECT_EQ(from_enum, from_rules);
  for (const auto& r : all_roles()) EXPECT_EQ(to_string(*role_from_string(r)), r);
  EXPECT_FALSE(role_from_string("superuser"));
  std::vector<std::string> kinds;
  for (int i = 0; i <= static_cast<int>(OrganizationKind::regulator); ++i)
    kinds.emplace_back(to_string(static_cast<OrganizationKind>(i)));
  EXPECT_EQ(kinds, organization_kinds());
}

TEST(UserChange, AnOrganizationKeepsAnActiveAdminAndNobodyDisablesThemself) {
  EXPECT_EQ(admin_roles(), std::vector<std::string>{"platform_admin"});
  User admin{7, "admin", "管理员", 1, {"platform_admin"}, "active", ""};
  User clerk{8, "clerk", "职员", 1, {"clinician"}, "active", ""};
  // Self.
  EXPECT_EQ(check_user_change(7, admin, admin.roles, "disabled", 3).error().code, "user_cannot_deactivate_self");
  EXPECT_EQ(check_user_change(7, admin, {"regulator"}, "active", 3).error().code, "user_cannot_drop_own_admin_role");
  EXPECT_TRUE(check_user_change(7, admin, {"platform_admin", "regulator"}, "active", 0).ok());
  // Another admin: only while one more stays.
  EXPECT_EQ(check_user_change(9, admin, admin.roles, "disabled", 0).error().code, "last_admin_required");
  EXPECT_EQ(check_user_change(9, admin, {"regulator"}, "active", 0).error().code, "last_admin_required");
  EXPECT_TRUE(check_user_change(9, admin, admin.roles, "disabled", 1).ok());
  // Not an admin: any move, even with no admin left (and reactivating a disabled admin is always fine).
  EXPECT_TRUE(check_user_change(9, clerk, clerk.roles, "disabled", 0).ok());
  User disabled_admin = admin;
  disabled_admin.status = "disabled";
  EXPECT_TRUE(check_user_change(9, disabled_admin, admin.roles, "active", 0).ok());
}

}  // namespace
}  // namespace medrisk::accounts
