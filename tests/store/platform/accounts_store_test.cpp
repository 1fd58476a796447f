// Accounts on a real database: login, lock-out, sessions, registration by phone, scoped listing,
// and the sensitive columns holding ciphertext only — including after a key rotation.
#include <soci/soci.h>

#include "support/store_fixture.hpp"

namespace medrisk::testing {
namespace {

using accounts::NewOrganization;
using accounts::NewUser;

class AccountsStore : public StoreTest {
 protected:
  accounts::AccountsConfig config() override {
    accounts::AccountsConfig c;
    c.demo_mode = true;
    return c;
  }
  void SetUp() override {
    StoreTest::SetUp();
    hospital = accounts->create_organization_as_system({"测试第一医院", "medical_institution", "440000", "general", "3A"})->id;
    insurer = accounts->create_organization_as_system({"测试保险", "insurer", "440000", {}, {}})->id;
    officer = *accounts->create_user_as_system({"officer", "医务科", "Strong-pass-1", {"medical_officer"}, hospital, {}});
    adjuster = *accounts->create_user_as_system({"adjuster", "理赔", "Strong-pass-1", {"adjuster"}, insurer, {}});
  }
  std::int64_t hospital = 0, insurer = 0;
  accounts::User officer, adjuster;
  accounts::ClientInfo client{"10.0.0.1", "req"};
};

TEST_F(AccountsStore, LoginGivesASessionThatAuthenticates) {
  auto g = accounts->login("officer", "Strong-pass-1", client);
  ASSERT_TRUE(g.ok()) << g.error().code;
  EXPECT_EQ(g->token.size(), 43u);  // 256 bits, base64url
  auto who = accounts->authenticate(g->token);
  ASSERT_TRUE(who.ok());
  EXPECT_EQ(who->user_id, officer.id);
  EXPECT_EQ(who->organization_id, hospital);
  EXPECT_TRUE(who->has("cases.handle"));
  std::string stored;
  db->read([&](db::Tx& tx) { tx.sql() << "SELECT token_hash FROM sessions", soci::into(stored); });
  EXPECT_NE(stored, g->token) << "only the token's digest is stored";
}

TEST_F(AccountsStore, WrongPasswordsLockTheAccount) {
  for (int i = 0; i < 5; ++i) EXPECT_EQ(accounts->login("officer", "wrong-pass-1", client).error().code, "invalid_credentials");
  EXPECT_EQ(accounts->login("officer", "Strong-pass-1", client).error().code, "account_locked");
  clock.advance(std::chrono::minutes(16));
  EXPECT_TRUE(accounts->login("officer", "Strong-pass-1", client).ok());
}

TEST_F(AccountsStore, UnknownUsersGetTheSameAnswer) {
  EXPECT_EQ(accounts->login("nobody", "Strong-pass-1", client).error().code, "invalid_credentials");
}

TEST_F(AccountsStore, SessionsEndWhenIdleAndOnLogout) {
  auto g = *accounts->login("officer", "Strong-pass-1", client);
  clock.advance(std::chrono::minutes(20));
  ASSERT_TRUE(accounts->authenticate(g.token).ok());
  clock.advance(std::chrono::minutes(20));
  EXPECT_TRUE(accounts->authenticate(g.token).ok()) << "the previous request renewed the idle timer";
  clock.advance(std::chrono::minutes(31));
  EXPECT_EQ(accounts->authenticate(g.token).error().code, "session_expired");

  auto g2 = *accounts->login("officer", "Strong-pass-1", client);
  auto who = *accounts->authenticate(g2.token);
  RequestContext ctx = ctx_for(officer);
  ctx.actor = who;
  ASSERT_TRUE(accounts->logout(ctx).ok());
  EXPECT_EQ(accounts->authenticate(g2.token).error().code, "session_expired");
  EXPECT_EQ(accounts->authenticate("not-a-token").error().code, "session_invalid");
}

TEST_F(AccountsStore, PatientsRegisterByPhoneWithAOneTimeCode) {
  ASSERT_TRUE(accounts->request_registration_code("170 5555 0123", client).ok());
  EXPECT_EQ(accounts->request_registration_code("17055550123", client).error().code, "registration_code_too_frequent");
  auto code = sender.last_code("17055550123");
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(accounts->register_patient("17055550123", "000000" == *code ? "111111" : "000000", "Patient-pass-1",
                                       "王小明", client).error().code,
            "registration_code_invalid");
  auto g = accounts->register_patient("17055550123", *code, "Patient-pass-1", "王小明", client);
  ASSERT_TRUE(g.ok()) << g.error().code;
  EXPECT_EQ(g->user.roles, std::vector<std::string>{"patient"});
  EXPECT_FALSE(g->user.organization_id.has_value());
  EXPECT_TRUE(accounts->login("17055550123", "Patient-pass-1", client).ok()) << "patients log in by phone";
  EXPECT_EQ(accounts->request_registration_code("17055550123", client).error().code, "phone_already_registered");
}

TEST_F(AccountsStore, ExpiredCodesAreRefused) {
  ASSERT_TRUE(accounts->request_registration_code("17055550124", client).ok());
  clock.advance(std::chrono::minutes(11));
  EXPECT_EQ(accounts->register_patient("17055550124", *sender.last_code("17055550124"), "Patient-pass-1", "李", client)
                .error().code,
            "registration_code_expired");
}

TEST_F(AccountsStore, PhonesAreEncryptedAndRotationReencryptsThem) {
  ASSERT_TRUE(accounts->request_registration_code("17055550125", client).ok());
  ASSERT_TRUE(accounts->register_patient("17055550125", *sender.last_code("17055550125"), "Patient-pass-1", "赵", client).ok());
  std::string enc, index;
  db->read([&](db::Tx& tx) {
    tx.sql() << "SELECT phone_enc, phone_index FROM users WHERE phone_enc IS NOT NULL", soci::into(enc), soci::into(index);
  });
  EXPECT_EQ(enc.find("17055550125"), std::string::npos);
  EXPECT_EQ(index.find("17055550125"), std::string::npos);
  EXPECT_TRUE(enc.starts_with(keys.current_prefix())) << enc;
  EXPECT_TRUE(enc.starts_with(crypto_suite() == crypto::Suite::gm ? "gm1:k1:" : "enc1:k1:")) << enc;
}

TEST_F(AccountsStore, KeyRotationReencryptsEverySensitiveField) {
  auto path = temp_dir("keys") / "keys.json";
  crypto::KeyRing::create_file(path, crypto_suite());
  EXPECT_EQ(std::filesystem::status(path).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  auto ring1 = crypto::KeyRing::load(path);
  accounts::AccountsService before(*db, ring1, clock, &sender, config());
  ASSERT_TRUE(before.request_registration_code("17055550126", client).ok());
  ASSERT_TRUE(before.register_patient("17055550126", *sender.last_code("17055550126"), "Patient-pass-1", "钱", client).ok());

  auto ring2 = crypto::KeyRing::rotate_file(path);
  EXPECT_EQ(ring2.active_key_id(), "k2");
  EXPECT_EQ(crypto::reencrypt_columns(*db, ring2, accounts::AccountsService::encrypted_columns()), 1u);
  EXPECT_EQ(crypto::reencrypt_columns(*db, ring2, accounts::AccountsService::encrypted_columns()), 0u)
      << "values already under the active key are left alone";
  std::string enc;
  db->read([&](db::Tx& tx) { tx.sql() << "SELECT phone_enc FROM users WHERE phone_enc IS NOT NULL", soci::into(enc); });
  EXPECT_TRUE(enc.starts_with(crypto_suite() == crypto::Suite::gm ? "gm1:k2:" : "enc1:k2:")) << enc;
  EXPECT_EQ(ring2.decrypt(enc, "users.phone_enc"), "17055550126");
  accounts::AccountsService after(*db, ring2, clock, &sender, config());
  EXPECT_TRUE(after.login("17055550126", "Patient-pass-1", client).ok()) << "the blind index survives rotation";
}

TEST_F(AccountsStore, OrganizationsAndUsersAreScoped) {
  auto admin_org = accounts->create_organization_as_system({"平台", "platform", "440000", {}, {}})->id;
  auto admin = *accounts->create_user_as_system({"root.admin", "管理员", "Strong-pass-1", {"platform_admin"}, admin_org, {}});
  EXPECT_EQ(accounts->list_organizations(ctx_for(admin), std::nullopt, 0, 50)->size(), 3u);
  auto own = *accounts->list_organizations(ctx_for(officer), std::nullopt, 0, 50);
  ASSERT_EQ(own.size(), 1u);
  EXPECT_EQ(own[0].id, hospital);
  EXPECT_EQ(accounts->list_users(ctx_for(officer), std::nullopt, 0, 50).error().code, "permission_denied");
  EXPECT_EQ(accounts->get_user(ctx_for(officer), adjuster.id).error().code, "permission_denied");
  EXPECT_TRUE(accounts->get_user(ctx_for(officer), officer.id).ok()) << "everyone may read themself";
}

TEST_F(AccountsStore, RolesMustFitTheOrganization) {
  EXPECT_EQ(accounts->create_user_as_system({"bad.adjuster", "x", "Strong-pass-1", {"adjuster"}, hospital, {}}).error().code,
            "role_not_allowed_in_organization");
  EXPECT_EQ(accounts->create_user_as_system({"bad.patient", "x", "Strong-pass-1", {"patient"}, hospital, {}}).error().code,
            "role_not_allowed_in_organization");
  EXPECT_EQ(accounts->create_user_as_system({"officer", "x", "Strong-pass-1", {"medical_officer"}, hospital, {}}).error().code,
            "username_taken");
  int users = 0;
  db->read([&](db::Tx& tx) { tx.sql() << "SELECT COUNT(*) FROM users", soci::into(users); });
  EXPECT_EQ(users, 2) << "refused creations leave nothing behind";
}

TEST_F(AccountsStore, EveryChangeIsAudited) {
  auto v = audit::verify(*db);
  EXPECT_TRUE(v.ok);
  EXPECT_EQ(v.entries, 4) << "two organizations and two users";
}

}  // namespace
}  // namespace medrisk::testing
