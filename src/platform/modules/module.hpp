// How a module plugs into the composition root: the one list in src/app/modules.cpp names each
// module's ModuleSpec (its migrations, encrypted columns, commands and a factory); the server builds
// the modules in that order, each taking the services of the modules before it from the registry,
// then asks each for its routes, outbox subscriptions, background jobs and demo data.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <typeindex>
#include <vector>

#include "kernel/clock.hpp"
#include "kernel/working_calendar.hpp"
#include "platform/crypto/keyring.hpp"
#include "platform/db/database.hpp"
#include "platform/db/migrations.hpp"

namespace CLI {
class App;
}
namespace medrisk::http {
class Router;
}
namespace medrisk::outbox {
class Dispatcher;
}

namespace medrisk::modules {

// The services modules offer each other, by type: a module provides its api.hpp service when it is
// built; a later module gets it. Getting one that was never provided is a wiring bug (throws).
class ServiceRegistry {
 public:
  template <class T>
  void provide(T& service) {
    services_[std::type_index(typeid(T))] = &service;
  }
  template <class T>
  T& get() const {
    auto it = services_.find(std::type_index(typeid(T)));
    if (it == services_.end()) throw std::logic_error(std::string("module service not provided: ") + typeid(T).name());
    return *static_cast<T*>(it->second);
  }
  template <class T>
  T* find() const {
    auto it = services_.find(std::type_index(typeid(T)));
    return it == services_.end() ? nullptr : static_cast<T*>(it->second);
  }

 private:
  std::map<std::type_index, void*> services_;
};

// What the server gives every module.
struct ModuleHost {
  db::Database& db;
  const crypto::KeyRing& keys;
  const Clock& clock;
  const WorkingCalendar& calendar;
  std::filesystem::path data_dir;  // <home>/data
  std::filesystem::path var_dir;   // beside the key file: attachments, bank files
  bool demo = false;
  std::map<std::string, std::string> options;  // module options from the command line ("claims.bank_dir", …)
  ServiceRegistry& services;

  std::string option(const std::string& key, const std::string& fallback = {}) const {
    auto it = options.find(key);
    return it == options.end() ? fallback : it->second;
  }
};

// The demo province's ids by key: organizations ("platform", "hospital1"…"hospital4", "insurer1",
// "insurer2", "committee", "legal_aid", "pool", "regulator") and users (by username). The accounts
// module fills it; the modules after it seed their demo data from it.
struct DemoDirectory {
  std::map<std::string, std::int64_t> organizations;
  std::map<std::string, std::int64_t> users;
  std::vector<std::string> usernames;  // printed at start-up
  // Cleared by the first module that finds the database seeded already: the server then stops seeding.
  bool fresh = true;

  std::int64_t org(const std::string& key) const { return organizations.at(key); }
  std::int64_t user(const std::string& username) const { return users.at(username); }
};

struct Job {
  std::string name;
  std::chrono::milliseconds interval;
  std::function<void()> run;
};

// One module as built by the server.
class Module {
 public:
  virtual ~Module() = default;
  virtual void add_routes(http::Router&) {}
  virtual void subscribe(outbox::Dispatcher&) {}
  virtual std::vector<Job> jobs() { return {}; }
  // Runs once on the first start of a demo database, in list order (accounts fills `dir`).
  virtual void seed_demo(DemoDirectory&) {}
  // Just before the server accepts requests (e.g. re-sending work interrupted by a crash).
  virtual void start() {}
};

// What the operator's commands get: a migrated database and the key file, opened on demand.
struct CommandHost {
  std::function<std::unique_ptr<db::Database>()> open_database;
  std::function<crypto::KeyRing()> load_keys;
  std::filesystem::path data_dir;
};

struct ModuleSpec {
  std::string name;  // the folder under src/modules/
  std::function<std::vector<db::Migration>()> migrations;
  std::function<std::vector<crypto::EncryptedColumn>()> encrypted_columns;
  std::function<std::unique_ptr<Module>(ModuleHost&)> create;
  std::function<void(CLI::App&, const CommandHost&, int& exit_code)> add_commands;  // may be empty
};

// The migrations of a module with their owner recorded (db::Migration::module).
std::vector<db::Migration> owned(const std::string& module, std::vector<db::Migration> migrations);

}  // namespace medrisk::modules
