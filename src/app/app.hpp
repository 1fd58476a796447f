// The composition root's shared pieces: where the program finds its data files, how it opens the
// database and keys, the list of modules and the full list of migrations.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kernel/clock.hpp"
#include "platform/crypto/keyring.hpp"
#include "platform/db/database.hpp"
#include "platform/db/migrations.hpp"
#include "platform/ledger/ledger.hpp"
#include "platform/modules/module.hpp"

namespace medrisk::app {

struct Settings {
  std::string db_url = "sqlite:var/medrisk.db";  // --db or MEDRISK_DB
  // PostgreSQL behind PgBouncer in transaction mode: the server itself, for the connections that keep
  // session state (LISTEN, job advisory locks); --db-direct or MEDRISK_DB_DIRECT. Empty: --db.
  std::string db_direct_url;
  std::filesystem::path keys_path = "var/keys.json";  // --keys or MEDRISK_KEYS
  std::filesystem::path home;  // folder holding data/ and api/ (MEDRISK_HOME, else found from cwd or the binary)
};

std::filesystem::path find_home(const char* argv0);
std::unique_ptr<db::Database> open_database(const Settings& s, std::size_t pool_size = 8);
std::vector<db::Migration> all_migrations();
std::vector<crypto::EncryptedColumn> all_encrypted_columns();
// Migrates and returns the database (every command that touches data calls this).
std::unique_ptr<db::Database> open_and_migrate(const Settings& s, std::size_t pool_size = 8);

// The ledger's heads file beside the key file and this database's label in it (platform/ledger).
ledger::LedgerOptions ledger_options(const Settings& s, const db::Database& db);

// The modules in build order (src/app/modules.cpp).
const std::vector<modules::ModuleSpec>& module_list();
// What the operator's commands of every module get; keeps a reference to `s`.
modules::CommandHost command_host(const Settings& s);

}  // namespace medrisk::app
