// A fresh database of the tier being run (SQLite or PostgreSQL), migrated, with a manual clock and
// an in-memory key ring of the run's crypto suite (test_env.hpp crypto_suite(); the audit chain hashes
// with the same suite) — the real store and services, nothing mocked.
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "modules/accounts/api.hpp"
#include "platform/audit/audit_log.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/db/migrations.hpp"
#include "platform/documents/registry.hpp"
#include "platform/ledger/ledger.hpp"
#include "platform/outbox/outbox.hpp"
#include "platform/outbox/webhooks.hpp"
#include "support/builders.hpp"
#include "support/test_env.hpp"

namespace medrisk::testing {

inline std::vector<db::Migration> store_migrations() {
  std::vector<db::Migration> all;
  for (auto&& l : {audit::migrations(), outbox::migrations(), webhooks::migrations(), documents::migrations(),
                   ledger::Ledger::migrations(), accounts::AccountsService::migrations()})
    all.insert(all.end(), l.begin(), l.end());
  return all;
}

// The migrations of the given modules in order (their module_spec() from api.hpp), for extra_migrations().
inline std::vector<db::Migration> migrations_of(std::initializer_list<modules::ModuleSpec> specs) {
  std::vector<db::Migration> all;
  for (const auto& s : specs)
    for (auto& m : s.migrations()) all.push_back(std::move(m));
  return all;
}

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    crypto::init();
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    url = fresh_database_url(std::string(info->test_suite_name()) + "_" + info->name());
    db = db::Database::open(url, db::DatabaseOptions{4});
    auto migrations = store_migrations();
    for (auto& m : extra_migrations()) migrations.push_back(std::move(m));
    db::migrate(*db, migrations);
    audit::use_suite(*db, keys.suite(), clock.now());
    accounts = std::make_unique<accounts::AccountsService>(*db, keys, clock, &sender, config());
  }
  virtual accounts::AccountsConfig config() { return accounts::AccountsConfig{}; }
  // A module's own migrations, applied after the platform's and the accounts module's.
  virtual std::vector<db::Migration> extra_migrations() { return {}; }

  RequestContext ctx_for(const accounts::User& u) {
    RequestContext c;
    c.actor.user_id = u.id;
    c.actor.organization_id = u.organization_id.value_or(0);
    c.actor.roles = u.roles;
    c.actor.permissions = accounts::permissions_for(u.roles);
    c.request_id = "test";
    c.clock = &clock;
    return c;
  }

  // An organization of `kind` in region 440100 (明湖市), created as the console operator would.
  std::int64_t org(const std::string& name, const std::string& kind, std::optional<std::string> category = {},
                   std::optional<std::string> grade = {}) {
    return accounts->create_organization_as_system({name, kind, "440100", category, grade})->id;
  }
  // A user with one role (org_id 0: none, for patients) and the context of their requests.
  RequestContext user(const std::string& name, const std::string& role, std::int64_t org_id) {
    auto u = accounts->create_user_as_system(
        {name, name, "Strong-pass-1", {role}, org_id ? std::optional<std::int64_t>(org_id) : std::nullopt, {}});
    EXPECT_TRUE(u.ok()) << u.error().code;
    RequestContext c = ctx_for(*u);
    c.actor.region_code = "440100";
    return c;
  }

  std::string url;
  std::unique_ptr<db::Database> db;
  ManualClock clock{*Timestamp::parse("2026-03-02T08:00:00Z")};
  crypto::KeyRing keys = crypto::KeyRing::ephemeral(crypto_suite());  // MEDRISK_CRYPTO_SUITE
  accounts::DemoLogCodeSender sender;
  std::unique_ptr<accounts::AccountsService> accounts;
};

}  // namespace medrisk::testing
