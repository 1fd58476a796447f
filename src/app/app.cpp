// Settings, database opening and the migration list of every layer (see app.hpp).
#include "app/app.hpp"

#include <unistd.h>

#include <cstdlib>

#include "platform/audit/audit_log.hpp"
#include "platform/documents/registry.hpp"
#include "platform/ledger/ledger.hpp"
#include "platform/outbox/outbox.hpp"
#include "platform/outbox/webhooks.hpp"

namespace medrisk::app {

std::filesystem::path find_home(const char* argv0) {
  if (const char* env = std::getenv("MEDRISK_HOME"); env && *env) return env;
  auto has_data = [](const std::filesystem::path& p) { return std::filesystem::exists(p / "data" / "errors"); };
  for (auto p = std::filesystem::current_path(); !p.empty(); p = p.parent_path()) {
    if (has_data(p)) return p;
    if (p == p.parent_path()) break;
  }
  std::error_code ec;
  auto exe = std::filesystem::canonical("/proc/self/exe", ec);
  if (ec) exe = std::filesystem::absolute(argv0);
  for (auto p = exe.parent_path(); !p.empty(); p = p.parent_path()) {
    if (has_data(p)) return p;
    if (p == p.parent_path()) break;
  }
  throw std::runtime_error("cannot find MedRisk's data/ folder; set MEDRISK_HOME");
}

std::unique_ptr<db::Database> open_database(const Settings& s, std::size_t pool_size) {
  if (s.db_url.rfind("sqlite:", 0) == 0) {
    std::filesystem::path file = s.db_url.substr(7);
    if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path());
  }
  db::DatabaseOptions options;
  options.pool_size = pool_size;
  options.direct_url = s.db_direct_url;
  return db::Database::open(s.db_url, options);
}

std::vector<db::Migration> all_migrations() {
  std::vector<db::Migration> all;
  for (auto&& list : {audit::migrations(), outbox::migrations(), webhooks::migrations(), documents::migrations(), ledger::Ledger::migrations()})
    for (auto m : list) {
      m.module = "platform";
      all.push_back(std::move(m));
    }
  for (const auto& spec : module_list())
    for (auto& m : spec.migrations()) all.push_back(std::move(m));
  return all;
}

std::vector<crypto::EncryptedColumn> all_encrypted_columns() {
  std::vector<crypto::EncryptedColumn> all{{"webhook_subscriptions", "id", "secret_enc"}};
  for (const auto& spec : module_list())
    for (auto& c : spec.encrypted_columns()) all.push_back(std::move(c));
  return all;
}

ledger::LedgerOptions ledger_options(const Settings& s, const db::Database& db) {
  return {ledger::heads_file_beside(s.keys_path), db.url_for_logs()};
}

modules::CommandHost command_host(const Settings& s) {
  // By reference: the command line fills `s` (--db, --keys) after the commands are registered.
  return {[&s] { return open_and_migrate(s, 2); }, [&s] { return crypto::KeyRing::load(s.keys_path); }, s.home / "data"};
}

std::unique_ptr<db::Database> open_and_migrate(const Settings& s, std::size_t pool_size) {
  auto db = open_database(s, pool_size);
  db::migrate(*db, all_migrations());
  return db;
}

}  // namespace medrisk::app
