// `medrisk serve`: builds the services and routes, starts the outbox dispatcher and the HTTP server,
// and in demo mode seeds the demo province and prints its accounts.
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/commands.hpp"
#include "kernel/error_catalogue.hpp"
#include "modules/accounts/api.hpp"
#include "platform/ledger/anchoring.hpp"
#include "platform/audit/audit_log.hpp"
#include "platform/db/partitions.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/db/coordination.hpp"
#include "platform/db/writer_lock.hpp"
#include "platform/exports/xlsx.hpp"
#include "platform/http/server/server.hpp"
#include "platform/jobs.hpp"
#include "platform/ledger/ledger.hpp"
#include "platform/outbox/outbox.hpp"
#include "platform/outbox/webhooks.hpp"

namespace medrisk::app {
namespace {

struct ServeOptions {
  std::string address = "127.0.0.1";
  std::uint16_t port = 8080;
  bool demo = false;
  std::string static_dir;
  std::size_t workers = 8;
  bool print_routes = false;
  std::string bank_dir;       // default: var/bank beside the key file
  bool demo_bank = false;     // on with --demo unless --no-demo-bank
  bool no_demo_bank = false;
  // Several nodes and their tests: every background job (and the outbox dispatcher) this often
  // instead of its own interval; --no-jobs runs none (e.g. a node that only seeds the demo).
  std::int64_t jobs_every_ms = 0;
  bool no_jobs = false;
};

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p);
  if (!in) throw std::runtime_error("cannot read " + p.string());
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

crypto::KeyRing load_keys(const Settings& s, bool demo) {
  if (!std::filesystem::exists(s.keys_path)) {
    if (!demo)
      throw std::runtime_error("key file " + s.keys_path.string() + " not found: create it with `medrisk keys init`");
    // The demo key file's suite: MEDRISK_CRYPTO_SUITE (default | gm; the test suites' gm variants set it).
    const char* env = std::getenv("MEDRISK_CRYPTO_SUITE");
    crypto::Suite suite = env && *env ? crypto::parse_suite(env) : crypto::Suite::standard;
    crypto::KeyRing::create_file(s.keys_path, suite);
    spdlog::info("demo mode: created key file {} (suite {})", s.keys_path.string(), crypto::suite_name(suite));
  }
  // A key file from before the ledger gets its Ed25519 tree-head key now.
  return crypto::KeyRing::ensure_ledger_key_file(s.keys_path);
}

void add_operational_routes(http::Router& router, const std::filesystem::path& home) {
  auto openapi = std::make_shared<std::string>(read_file(home / "api" / "openapi.json"));
  http::Route r;
  r.method = http::Method::get;
  r.pattern = "/api/v1/openapi.json";
  r.access = http::Access::public_;
  r.blocking = false;
  r.handler = [openapi](http::Request&) -> Result<http::Response> {
    http::Response resp;
    resp.body = *openapi;
    return resp;
  };
  router.add(std::move(r));
}

int serve(const Settings& settings, const ServeOptions& opt) {
  // SQLite: one writing process per database file, held until exit (db/writer_lock.hpp).
  auto writer_lock = db::lock_sqlite_writer(settings.db_url, "medrisk serve");
  crypto::init();
  ErrorCatalogue catalogue;
  catalogue.load_directory(settings.home / "data" / "errors");
  crypto::KeyRing keys = load_keys(settings, opt.demo);
  auto db = open_and_migrate(settings, opt.workers + 2);
  SystemClock clock;
  audit::use_suite(*db, keys.suite(), clock.now());  // the audit chain hashes with the key file's suite
  auto calendar = WorkingCalendar::load(settings.home / "data" / "calendar" / "cn-holidays.json");
  if (!calendar.ok()) throw std::runtime_error("working calendar: " + calendar.error().detail);

  // The verifiable ledger (platform/ledger): modules find it in the service registry.
  ledger::Ledger ledger(*db, keys, clock, ledger_options(settings, *db));

  // ---- the modules, in the order of src/app/modules.cpp ----
  modules::ServiceRegistry services;
  services.provide(ledger);
  modules::ModuleHost host{*db, keys, clock, *calendar, settings.home / "data", settings.keys_path.parent_path(),
                           opt.demo, {}, services};
  if (!opt.bank_dir.empty()) host.options["claims.bank_dir"] = opt.bank_dir;
  host.options["claims.demo_bank"] = (opt.demo_bank || opt.demo) && !opt.no_demo_bank ? "1" : "0";
  std::vector<std::unique_ptr<modules::Module>> mods;
  for (const auto& spec : module_list()) mods.push_back(spec.create(host));

  if (opt.demo) {
    modules::DemoDirectory demo;
    for (auto& m : mods) {
      m->seed_demo(demo);
      if (!demo.fresh) break;  // seeded on an earlier start
    }
    if (demo.fresh) spdlog::info("demo mode: seeded the demo province");
    std::cout << "Demo accounts (password medrisk-demo):";
    for (const auto& u : demo.usernames) std::cout << ' ' << u;
    std::cout << std::endl;
  }

  http::Router router;
  webhooks::add_routes(router, *db, keys, clock);
  ledger::add_routes(router, ledger);
  exports::add_table_route(router);
  for (auto& m : mods) m->add_routes(router);
  add_operational_routes(router, settings.home);
  if (opt.print_routes) {
    // The OpenAPI test compares this list with api/openapi.json.
    for (const auto& r : router.routes()) std::cout << http::to_string(r.method) << ' ' << r.pattern << '\n';
    for (const char* p : {"/healthz", "/readyz", "/metrics"}) std::cout << "GET " << p << '\n';
    return 0;
  }

  http::Metrics metrics;
  metrics.register_gauge("medrisk_db_pool_in_use", "Database connections in use",
                         [&db] { return static_cast<double>(db->stats().in_use); });
  metrics.register_gauge("medrisk_db_pool_waiting", "Requests waiting for a database connection",
                         [&db] { return static_cast<double>(db->stats().waiting); });
  metrics.register_gauge("medrisk_db_nested_acquisitions_total",
                         "Connections taken by a thread that already held one (a second transaction inside a request)",
                         [&db] { return static_cast<double>(db->stats().nested_acquisitions); });
  // The Argon2id gate (crypto.hpp): hashes running (at most kMaxConcurrentHashes), the most ever at once,
  // callers waiting, and hashes done and refused (503 password_hashing_busy) since the start.
  metrics.register_gauge("medrisk_password_hashes_running", "Argon2id hashes running now",
                         [] { return static_cast<double>(crypto::hashing_stats().running); });
  metrics.register_gauge("medrisk_password_hashes_running_peak", "The most Argon2id hashes ever running at once",
                         [] { return static_cast<double>(crypto::hashing_stats().peak_running); });
  metrics.register_gauge("medrisk_password_hashes_waiting", "Callers waiting for an Argon2id slot",
                         [] { return static_cast<double>(crypto::hashing_stats().waiting); });
  metrics.register_gauge("medrisk_password_hashes_total", "Argon2id hashes done",
                         [] { return static_cast<double>(crypto::hashing_stats().completed); });
  metrics.register_gauge("medrisk_password_hashes_refused_total",
                         "Requests refused because the Argon2id gate and its queue were full (503)",
                         [] { return static_cast<double>(crypto::hashing_stats().refused); });

  auto& accounts = services.get<accounts::AccountsService>();
  auto authenticator = [&accounts](const http::Request& req) -> Result<std::optional<Actor>> {
    std::string token = accounts::session_token(req);
    if (token.empty()) return std::optional<Actor>{};
    MEDRISK_TRY(Actor a, accounts.authenticate(token));
    return std::optional<Actor>(std::move(a));
  };
  auto migrations = all_migrations();
  auto readiness = [&db, migrations]() -> Status {
    MEDRISK_CHECK(db->ping());
    if (!db::migrations_applied(*db, migrations)) return Error::of("service_not_ready", "migrations not applied");
    return {};
  };

  http::ServerOptions server_options;
  server_options.address = opt.address;
  server_options.port = opt.port;
  server_options.worker_threads = opt.workers;
  if (!opt.static_dir.empty()) server_options.static_dir = opt.static_dir;
  else if (std::filesystem::exists(settings.home / "web" / "dist")) server_options.static_dir = settings.home / "web" / "dist";

  outbox::Dispatcher dispatcher(*db, clock);
  dispatcher.on(std::string(webhooks::kTopic), webhooks::deliverer(*db, keys, clock));
  for (auto& m : mods) m->subscribe(dispatcher);
  std::chrono::milliseconds jobs_every(opt.jobs_every_ms);
  // Outbox messages are claimed row by row (FOR UPDATE SKIP LOCKED): every node dispatches.
  if (!opt.no_jobs) dispatcher.start(jobs_every.count() > 0 ? jobs_every : std::chrono::milliseconds(1000));
  for (auto& m : mods) m->start();
  // Several nodes on one PostgreSQL: each run of a job takes the job's advisory lock, so one node at
  // a time runs it (the others skip that round); on SQLite the lock is always granted.
  db::JobLocks job_locks(*db);
  std::vector<std::unique_ptr<PeriodicJob>> jobs;
  for (auto& m : mods)
    for (auto& j : m->jobs()) {
      if (opt.no_jobs) break;
      auto interval = jobs_every.count() > 0 ? jobs_every : j.interval;
      jobs.push_back(std::make_unique<PeriodicJob>(j.name, interval, [&job_locks, name = j.name, run = j.run] {
        if (auto held = job_locks.try_lock(name)) run();
      }));
    }
  // The audit sequencer (PostgreSQL): links committed audit entries into the chain, one node at a time.
  if (!opt.no_jobs && db->dialect() == db::Dialect::postgresql)
    jobs.push_back(std::make_unique<PeriodicJob>(
        "audit.sequencer", jobs_every.count() > 0 ? jobs_every : std::chrono::milliseconds(50), [&job_locks, &db] {
          if (auto held = job_locks.try_lock("audit.sequencer")) audit::link_pending(*db);
        }));
  // Signed tree heads cover the audit chain's head: one every ledger::kSigningInterval (1 s) when anything
  // moved, and one at shutdown, so audit entries are anchored outside the database within the ledger's
  // maximum merge delay (platform/ledger/anchoring.hpp, kMaximumMergeDelay).
  if (!opt.no_jobs)
    jobs.push_back(std::make_unique<PeriodicJob>(
        "ledger.sign_head", jobs_every.count() > 0 ? jobs_every : ledger::kSigningInterval,
        [&job_locks, &ledger] {
          if (auto held = job_locks.try_lock("ledger.sign_head")) ledger.sign_if_changed();
        }));
  // pg_partman's maintenance (partitions premade ahead of the newest rows of every partitioned table,
  // docs/scale.md); one node at a time; nothing on SQLite.
  if (!opt.no_jobs)
    jobs.push_back(std::make_unique<PeriodicJob>(
        "db.partition_maintenance", jobs_every.count() > 0 ? jobs_every : std::chrono::milliseconds(600000),
        [&job_locks, &db] {
          if (auto held = job_locks.try_lock("db.partition_maintenance")) db::partitions::run_maintenance(*db);
        }));
  ledger.sign_if_changed();
  for (auto& j : jobs) j->start();
  http::Server server(router, catalogue, server_options, authenticator, readiness, metrics);
  std::cout << "MedRisk listening on http://" << opt.address << ":" << server.port() << " (database "
            << db->url_for_logs() << ")" << std::endl;
  server.run();
  for (auto& j : jobs) j->stop();
  dispatcher.stop();
  try {
    ledger.sign_if_changed();
  } catch (const std::exception& e) {
    spdlog::error("ledger: could not sign the tree head at shutdown: {}", e.what());
  }
  spdlog::info("stopped");
  return 0;
}

}  // namespace

void add_serve_command(CLI::App& cli, Settings& settings, int& exit_code) {
  auto opt = std::make_shared<ServeOptions>();
  auto* cmd = cli.add_subcommand("serve", "Run the HTTP server");
  cmd->add_option("--address", opt->address, "listen address");
  cmd->add_option("--port", opt->port, "listen port (0: any free port)");
  cmd->add_flag("--demo", opt->demo, "seed and serve the demo province (password medrisk-demo)");
  cmd->add_option("--static", opt->static_dir, "folder of the web front end (default web/dist)");
  cmd->add_option("--bank-dir", opt->bank_dir, "bank-file channel folder (default: var/bank beside the key file)");
  cmd->add_flag("--demo-bank", opt->demo_bank, "confirm every payment instruction after ~2 s (on with --demo)");
  cmd->add_flag("--no-demo-bank", opt->no_demo_bank, "with --demo: leave payment instructions unconfirmed");
  cmd->add_flag("--print-routes", opt->print_routes, "print every route and exit (for the OpenAPI check)");
  cmd->add_option("--jobs-every", opt->jobs_every_ms,
                  "run every background job this often, in milliseconds (tests of several nodes)")
      ->check(CLI::Range(1, 86'400'000));
  cmd->add_flag("--no-jobs", opt->no_jobs, "run no background jobs and no outbox dispatcher");
  cmd->add_option("--workers", opt->workers, "threads for handlers that touch the database")->check(CLI::Range(1, 256));
  cmd->callback([&settings, &exit_code, opt] { exit_code = serve(settings, *opt); });
}

}  // namespace medrisk::app
