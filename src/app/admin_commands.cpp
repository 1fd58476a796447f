// Operator commands: migrate, keys init|rotate, audit verify, org create|list, user
// create|list|reset-password. They act as "system" and are audited like any other change.
#include <unistd.h>

#include <iostream>

#include "app/commands.hpp"
#include "modules/accounts/api.hpp"
#include "platform/ledger/anchoring.hpp"
#include "platform/audit/audit_log.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/db/writer_lock.hpp"
#include "platform/ledger/ledger.hpp"

namespace medrisk::app {
namespace {

std::string read_password(const std::string& given) {
  if (!given.empty()) return given;
  if (isatty(STDIN_FILENO)) std::cerr << "password: " << std::flush;
  std::string line;
  std::getline(std::cin, line);
  return line;
}

struct AccountsContext {
  std::unique_ptr<db::Database> db;
  crypto::KeyRing keys;
  SystemClock clock;
  std::unique_ptr<accounts::AccountsService> service;
};

std::unique_ptr<AccountsContext> accounts_context(const Settings& s) {
  crypto::init();
  auto ctx = std::make_unique<AccountsContext>(AccountsContext{open_and_migrate(s, 2), crypto::KeyRing::load(s.keys_path), {}, nullptr});
  audit::use_suite(*ctx->db, ctx->keys.suite(), ctx->clock.now());
  ctx->service = std::make_unique<accounts::AccountsService>(*ctx->db, ctx->keys, ctx->clock, nullptr, accounts::AccountsConfig{});
  return ctx;
}

int report(const Error& e) {
  std::cerr << "refused: " << e.code << (e.detail.empty() ? "" : " (" + e.detail + ")") << std::endl;
  return 2;
}

void add_keys_commands(CLI::App& cli, Settings& settings, int& exit_code) {
  auto* keys = cli.add_subcommand("keys", "Field-encryption keys")->require_subcommand(1);
  auto init_suite = std::make_shared<std::string>("default");
  auto* init = keys->add_subcommand("init", "Create the key file (mode 0600)");
  init->add_option("--suite", *init_suite,
                   "crypto suite: default (XChaCha20-Poly1305, HMAC-SHA256, SHA-256) or gm "
                   "(SM4, HMAC-SM3, SM3, SM2)")
      ->check(CLI::IsMember({"default", "gm"}));
  init->callback([&, init_suite] {
    crypto::init();
    crypto::KeyRing::create_file(settings.keys_path, crypto::parse_suite(*init_suite));
    std::cout << "created " << settings.keys_path.string() << " (suite " << *init_suite
              << ", ledger signing key Ed25519)" << std::endl;
  });
  auto rotate_suite = std::make_shared<std::string>();
  auto* rotate = keys->add_subcommand("rotate", "Add a new data key and re-encrypt every sensitive field with it");
  rotate
      ->add_option("--suite", *rotate_suite,
                   "move to this crypto suite (default | gm); the blind-index key and "
                   "its suite stay as they are")
      ->check(CLI::IsMember({"default", "gm"}));
  rotate->callback([&, rotate_suite] {
    // A server on this SQLite file would keep the old key ring and write under it: refuse while one runs,
    // before the key file changes.
    auto writer_lock = db::lock_sqlite_writer(settings.db_url, "medrisk keys rotate");
    crypto::init();
    auto db = open_and_migrate(settings, 2);
    std::optional<crypto::Suite> to;
    if (!rotate_suite->empty()) to = crypto::parse_suite(*rotate_suite);
    auto ring = crypto::KeyRing::rotate_file(settings.keys_path, to);
    auto n = crypto::reencrypt_columns(*db, ring, all_encrypted_columns());
    audit::use_suite(*db, ring.suite(), SystemClock().now());
    std::cout << "active key " << ring.active_key_id() << " (suite " << crypto::suite_name(ring.suite())
              << "); re-encrypted " << n << " values" << std::endl;
    exit_code = 0;
  });
}

void add_org_commands(CLI::App& cli, Settings& settings, int& exit_code) {
  auto* org = cli.add_subcommand("org", "Organizations")->require_subcommand(1);
  auto o = std::make_shared<accounts::NewOrganization>();
  auto category = std::make_shared<std::string>(), grade = std::make_shared<std::string>();
  auto* create = org->add_subcommand("create", "Create an organization");
  create->add_option("--name", o->name)->required();
  create->add_option("--kind", o->kind)->required();
  create->add_option("--region", o->region_code, "GB/T 2260 code, six digits")->required();
  create->add_option("--category", *category);
  create->add_option("--grade", *grade);
  create->callback([&, o, category, grade] {
    if (!category->empty()) o->category = *category;
    if (!grade->empty()) o->grade = *grade;
    auto ctx = accounts_context(settings);
    auto r = ctx->service->create_organization_as_system(*o);
    if (!r.ok()) { exit_code = report(r.error()); return; }
    std::cout << r->id << "\t" << r->name << "\t" << r->kind << std::endl;
  });
  org->add_subcommand("list", "List organizations")->callback([&] {
    auto ctx = accounts_context(settings);
    std::int64_t after = 0;
    for (;;) {
      RequestContext rc;
      rc.actor.user_id = -1;
      rc.actor.permissions = {"organizations.manage"};
      rc.clock = &ctx->clock;
      auto page = ctx->service->list_organizations(rc, std::nullopt, after, 200);
      if (!page.ok() || page->empty()) break;
      for (const auto& x : *page) std::cout << x.id << "\t" << x.kind << "\t" << x.region_code << "\t" << x.name << "\n";
      after = page->back().id;
    }
  });
}

void add_user_commands(CLI::App& cli, Settings& settings, int& exit_code) {
  auto* user = cli.add_subcommand("user", "Users")->require_subcommand(1);
  auto u = std::make_shared<accounts::NewUser>();
  auto org_id = std::make_shared<std::int64_t>(0);
  auto phone = std::make_shared<std::string>();
  auto* create = user->add_subcommand("create", "Create a user (password from --password or standard input)");
  create->add_option("--username", u->username)->required();
  create->add_option("--name", u->display_name)->required();
  create->add_option("--role", u->roles, "role, repeatable")->required();
  create->add_option("--org", *org_id, "organization id");
  create->add_option("--phone", *phone);
  create->add_option("--password", u->password);
  create->callback([&, u, org_id, phone] {
    if (*org_id) u->organization_id = *org_id;
    if (!phone->empty()) u->phone = *phone;
    u->password = read_password(u->password);
    auto ctx = accounts_context(settings);
    auto r = ctx->service->create_user_as_system(*u);
    if (!r.ok()) { exit_code = report(r.error()); return; }
    std::cout << r->id << "\t" << r->username << std::endl;
  });
  user->add_subcommand("list", "List users")->callback([&] {
    auto ctx = accounts_context(settings);
    RequestContext rc;
    rc.actor.user_id = -1;
    rc.actor.permissions = {"users.manage"};
    rc.clock = &ctx->clock;
    std::int64_t after = 0;
    for (;;) {
      auto page = ctx->service->list_users(rc, std::nullopt, after, 200);
      if (!page.ok() || page->empty()) break;
      for (const auto& x : *page) {
        std::cout << x.id << "\t" << x.username << "\t";
        for (const auto& r : x.roles) std::cout << r << ' ';
        std::cout << "\t" << x.display_name << "\n";
      }
      after = page->back().id;
    }
  });
  auto username = std::make_shared<std::string>(), password = std::make_shared<std::string>();
  auto* reset = user->add_subcommand("reset-password", "Set a new password and end the user's sessions");
  reset->add_option("--username", *username)->required();
  reset->add_option("--password", *password);
  reset->callback([&, username, password] {
    auto pw = read_password(*password);
    auto ctx = accounts_context(settings);
    auto r = ctx->service->reset_password_as_system(*username, pw);
    if (!r.ok()) { exit_code = report(r.error()); return; }
    std::cout << "password reset; sessions revoked" << std::endl;
  });
}

}  // namespace

void add_admin_commands(CLI::App& cli, Settings& settings, int& exit_code) {
  cli.add_subcommand("migrate", "Apply pending database migrations")->callback([&] {
    auto writer_lock = db::lock_sqlite_writer(settings.db_url, "medrisk migrate");
    auto db = open_and_migrate(settings, 1);
    std::cout << "database is at the newest schema (" << all_migrations().size() << " migrations)" << std::endl;
  });
  auto* audit_cmd = cli.add_subcommand("audit", "Audit log")->require_subcommand(1);
  audit_cmd
      ->add_subcommand("verify",
                       "Recompute the hash chain (names the first entry that does not match) and check it against "
                       "the ledger's signed tree heads (database and heads file)")
      ->callback([&] {
        crypto::init();
        auto db = open_database(settings, 1);
        // PostgreSQL: link what is committed but not yet chained (a running server's sequencer does
        // the same); entries committed meanwhile are reported as not yet linked.
        audit::link_pending(*db);
        auto v = audit::verify(*db);
        if (!v.ok) {
          std::cout << "audit chain BROKEN at entry " << *v.first_bad_id << ": " << v.reason << std::endl;
          exit_code = 3;
          return;
        }
        // The signed heads: the chain's head as signed with the key that is not in the database. A database
        // migrated before the ledger has no heads yet (nothing to check against).
        if (!db::migrations_applied(*db, ledger::Ledger::migrations())) {
          std::cout << "audit chain intact: " << v.entries << " entries (no signed tree heads yet)" << std::endl;
          return;
        }
        auto keys = crypto::KeyRing::load(settings.keys_path);
        auto anchors = ledger::verify_audit_anchors(*db, keys, ledger_options(settings, *db));
        if (!anchors.ok) {
          std::cout << "audit chain BROKEN: it does not match the signed tree heads" << std::endl;
          for (const auto& f : anchors.findings) std::cout << "  " << f.what << std::endl;
          exit_code = 3;
          return;
        }
        std::cout << "audit chain intact: " << v.entries << " entries, anchored in " << anchors.heads
                  << " signed tree heads" << std::endl;
        if (v.pending > 0)
          std::cout << v.pending << " of them committed but not yet linked (each one's content intact)" << std::endl;
        for (const auto& n : ledger::restore_notes(keys, ledger_options(settings, *db))) std::cout << "  " << n << std::endl;
      });
  add_keys_commands(cli, settings, exit_code);
  add_org_commands(cli, settings, exit_code);
  add_user_commands(cli, settings, exit_code);
}

}  // namespace medrisk::app
