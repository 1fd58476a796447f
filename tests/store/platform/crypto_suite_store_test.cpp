// Moving a database between the crypto suites (issue 16) on a real database: sensitive rows written under
// one suite are re-encrypted under the other by `keys rotate --suite`, still read back and still found
// by their blind index; the raw rows hold no plaintext; the audit chain changes its hash with the suite
// and verifies across the change, each entry under its own suite.
#include <soci/soci.h>

#include "support/store_fixture.hpp"

namespace medrisk::testing {
namespace {

class CryptoSuiteStore : public StoreTest {
 protected:
  accounts::AccountsConfig config() override {
    accounts::AccountsConfig c;
    c.demo_mode = true;
    return c;
  }
  // A patient registered by phone through `service` (phone encrypted, blind-indexed).
  void register_patient(accounts::AccountsService& service, const std::string& phone) {
    ASSERT_TRUE(service.request_registration_code(phone, client).ok());
    auto r = service.register_patient(phone, *sender.last_code(phone), "Patient-pass-1", "患者", client);
    ASSERT_TRUE(r.ok()) << r.error().code;
  }
  // Every stored phone column, as the database holds it.
  std::vector<std::string> raw_phone_columns() {
    std::vector<std::string> values(100);
    db->read([&](db::Tx& tx) {
      tx.sql() << "SELECT phone_enc || ' ' || phone_index FROM users WHERE phone_enc IS NOT NULL ORDER BY id",
          soci::into(values);
    });
    return values;
  }
  std::vector<std::string> audit_suites() {
    std::vector<std::string> values(10000);
    db->read([&](db::Tx& tx) { tx.sql() << "SELECT suite FROM audit_log ORDER BY id", soci::into(values); });
    return values;
  }
  accounts::ClientInfo client{"10.0.0.1", "req"};
  const std::vector<std::string> phones{"17055550201", "17055550202", "17055550203"};
};

TEST_F(CryptoSuiteStore, RotatingFromDefaultToGmAndBackKeepsEveryValueReadableAndFindable) {
  auto path = temp_dir("suitekeys") / "keys.json";
  crypto::KeyRing::create_file(path, crypto::Suite::standard);
  auto ring1 = crypto::KeyRing::load(path);
  audit::use_suite(*db, ring1.suite(), clock.now());
  {
    accounts::AccountsService before(*db, ring1, clock, &sender, config());
    for (const auto& p : phones) register_patient(before, p);
  }
  for (const auto& v : raw_phone_columns()) EXPECT_TRUE(v.starts_with("enc1:k1:")) << v;

  // keys rotate --suite gm: a gm key k2, every registered column re-encrypted, the audit chain on SM3.
  auto ring2 = crypto::KeyRing::rotate_file(path, crypto::Suite::gm);
  ASSERT_EQ(ring2.suite(), crypto::Suite::gm);
  EXPECT_EQ(crypto::reencrypt_columns(*db, ring2, accounts::AccountsService::encrypted_columns()), phones.size());
  EXPECT_EQ(crypto::reencrypt_columns(*db, ring2, accounts::AccountsService::encrypted_columns()), 0u);
  audit::use_suite(*db, ring2.suite(), clock.now());
  auto raw = raw_phone_columns();
  ASSERT_EQ(raw.size(), phones.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    EXPECT_TRUE(raw[i].starts_with("gm1:k2:")) << raw[i];
    for (const auto& p : phones) EXPECT_EQ(raw[i].find(p), std::string::npos) << "plaintext phone in " << raw[i];
    EXPECT_EQ(ring2.decrypt(raw[i].substr(0, raw[i].find(' ')), "users.phone_enc"), phones[i]);
  }
  {
    accounts::AccountsService after(*db, ring2, clock, &sender, config());
    for (const auto& p : phones)
      EXPECT_TRUE(after.login(p, "Patient-pass-1", client).ok()) << "found by its blind index after the move: " << p;
    register_patient(after, "17055550204");  // new rows under gm are found too
    EXPECT_TRUE(after.login("17055550204", "Patient-pass-1", client).ok());
    EXPECT_FALSE(after.login("17055550209", "Patient-pass-1", client).ok());
  }

  // And back: keys rotate --suite default.
  auto ring3 = crypto::KeyRing::rotate_file(path, crypto::Suite::standard);
  EXPECT_EQ(crypto::reencrypt_columns(*db, ring3, accounts::AccountsService::encrypted_columns()), phones.size() + 1);
  audit::use_suite(*db, ring3.suite(), clock.now());
  for (const auto& v : raw_phone_columns()) {
    EXPECT_TRUE(v.starts_with("enc1:k3:")) << v;
    EXPECT_EQ(v.find("1705555020"), std::string::npos) << v;
  }
  accounts::AccountsService back(*db, ring3, clock, &sender, config());
  EXPECT_TRUE(back.login("17055550204", "Patient-pass-1", client).ok());

  auto suites = audit_suites();
  ASSERT_FALSE(suites.empty());
  EXPECT_EQ(suites.front(), "default");
  EXPECT_NE(std::find(suites.begin(), suites.end(), "gm"), suites.end()) << "entries hashed with SM3";
  EXPECT_EQ(suites.back(), "default");
  auto v = audit::verify(*db);
  EXPECT_TRUE(v.ok) << v.reason << " at " << v.first_bad_id.value_or(0);
}

TEST_F(CryptoSuiteStore, TheAuditChainHashesWithItsSuiteAndNamesAnAlteredGmEntry) {
  audit::use_suite(*db, crypto::Suite::standard, clock.now());
  ASSERT_TRUE(accounts->create_organization_as_system({"默认套件医院", "medical_institution", "440100", {}, {}}).ok());
  audit::use_suite(*db, crypto::Suite::gm, clock.now());
  ASSERT_TRUE(accounts->create_organization_as_system({"国密套件医院", "medical_institution", "440100", {}, {}}).ok());
  ASSERT_TRUE(
      accounts->create_organization_as_system({"国密套件医院二", "medical_institution", "440100", {}, {}}).ok());

  std::vector<long long> ids(100);
  std::vector<std::string> suites(100), actions(100);
  db->read([&](db::Tx& tx) {
    tx.sql() << "SELECT id, suite, action FROM audit_log ORDER BY id", soci::into(ids), soci::into(suites),
        soci::into(actions);
  });
  ASSERT_EQ(ids.size(), 4u);
  EXPECT_EQ(suites[0], "default");
  EXPECT_EQ(actions[1], "audit.suite_change") << "the change of suite is itself audited";
  EXPECT_EQ(suites[1], "gm");
  EXPECT_EQ(suites[3], "gm");
  auto list = db->read([&](db::Tx& tx) { return audit::list(tx, audit::Filter{}); });
  ASSERT_EQ(list.size(), 4u);
  const audit::Entry& newest = list.front();
  EXPECT_EQ(newest.suite, "gm");
  EXPECT_EQ(newest.entry_hash.size(), 64u);
  EXPECT_TRUE(audit::verify(*db).ok);

  // Relabelling a gm entry as "default" does not make its SM3 hash pass as SHA-256.
  db->write([](db::Tx& tx) { tx.sql() << "UPDATE audit_log SET suite = 'default' WHERE id = 4"; });
  auto v = audit::verify(*db);
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_id.value_or(0), 4);
  db->write([](db::Tx& tx) { tx.sql() << "UPDATE audit_log SET suite = 'gm' WHERE id = 4"; });
  EXPECT_TRUE(audit::verify(*db).ok);

  db->write([](db::Tx& tx) { tx.sql() << "UPDATE audit_log SET resource_id = '77' WHERE id = 3"; });
  v = audit::verify(*db);
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_id.value_or(0), 3);
}

}  // namespace
}  // namespace medrisk::testing
