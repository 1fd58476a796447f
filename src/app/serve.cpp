// `medrisk serve`: builds the services and routes, starts the outbox dispatcher and the HTTP server,
// and in demo mode seeds the demo province and prints its accounts.
#include <spdlog/spdlog.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "app/commands.hpp"
#include "kernel/error_catalogue.hpp"
#include "modules/accounts/routes.hpp"
#include "modules/actuarial/routes.hpp"
#include "modules/claims/policy_notices.hpp"
#include "modules/claims/routes.hpp"
#include "modules/claims/service.hpp"
#include "modules/appraisal/routes.hpp"
#include "modules/compensation/parameters.hpp"
#include "modules/compensation/routes.hpp"
#include "modules/disputes/routes.hpp"
#include "modules/insurance/routes.hpp"
#include "modules/insurance/compliance_routes.hpp"
#include "modules/insurance/service.hpp"
#include "modules/insurance/visit_routes.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/http/server/server.hpp"
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
    crypto::KeyRing::create_file(s.keys_path);
    spdlog::info("demo mode: created key file {}", s.keys_path.string());
  }
  return crypto::KeyRing::load(s.keys_path);
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

// The disputes module's PolicyLookup port over InsuranceService::find_policy_in_force.
class InsurancePolicyLookup final : public disputes::PolicyLookup {
 public:
  explicit InsurancePolicyLookup(insurance::InsuranceService& insurance) : insurance_(insurance) {}
  std::optional<disputes::PolicyInForce> find(std::int64_t org, std::optional<std::int64_t> clinician, Date incident,
                                              Date notice) override {
    auto p = insurance_.find_policy_in_force(org, clinician.value_or(0), incident, notice);
    if (!p) return std::nullopt;
    return disputes::PolicyInForce{p->policy_id, p->insurer_org_id, p->kind};
  }

 private:
  insurance::InsuranceService& insurance_;
};

int serve(const Settings& settings, const ServeOptions& opt) {
  crypto::init();
  ErrorCatalogue catalogue;
  catalogue.load_directory(settings.home / "data" / "errors");
  crypto::KeyRing keys = load_keys(settings, opt.demo);
  auto db = open_and_migrate(settings, opt.workers + 2);
  SystemClock clock;

  accounts::DemoLogCodeSender demo_sender;
  accounts::AccountsConfig accounts_config;
  accounts_config.demo_mode = opt.demo;
  accounts::AccountsService accounts(*db, keys, clock, opt.demo ? &demo_sender : nullptr, accounts_config);
  // ---- module services (each module adds its service here) ----
  actuarial::ActuarialService actuarial_service(*db, settings.home / "data" / "actuarial");
  compensation::CompensationService compensation_service(
      *db, compensation::load_parameters(settings.home / "data" / "compensation"));
  insurance::InsuranceService insurance_service(*db, clock, accounts,
                                                insurance::load_products(settings.home / "data" / "products"),
                                                insurance::load_rating_table(settings.home / "data" / "rating"));

  appraisal::AppraisalService appraisal_service(*db, keys, clock,
                                                appraisal::load_parameters(settings.home / "data" / "appraisal"));

  auto calendar = WorkingCalendar::load(settings.home / "data" / "calendar" / "cn-holidays.json");
  if (!calendar.ok()) throw std::runtime_error("working calendar: " + calendar.error().detail);
  disputes::DisputesConfig disputes_config;
  disputes_config.attachments_dir = settings.keys_path.parent_path() / "attachments";
  InsurancePolicyLookup policy_lookup(insurance_service);
  disputes::DisputesService disputes_service(*db, keys, clock, *calendar,
                                             disputes::load_params(settings.home / "data" / "disputes"), &policy_lookup,
                                             disputes_config);

  // Claims: payments leave through the bank-file channel; claims open from the disputes outbox topics.
  std::filesystem::path bank_dir =
      opt.bank_dir.empty() ? settings.keys_path.parent_path() / "bank" : std::filesystem::path(opt.bank_dir);
  claims::FileBankChannel bank_channel(bank_dir);
  claims::DisputesCaseSource case_source(disputes_service);
  claims::ClaimsService claims_service(*db, keys, clock, *calendar, claims::load_params(settings.home / "data" / "claims"),
                                       insurance_service, &case_source, bank_channel);
  claims::PolicyClaimNotices claim_notices;
  insurance_service.set_claim_notices(&claim_notices);

  // Insurance: per-visit policies over the signed partner API, and compulsory-cover compliance whose
  // cover look-up is InsuranceService::has_valid_cover.
  const insurance::Product* visit_product = insurance_service.find_product("visit_policy");
  if (!visit_product) throw std::runtime_error("data/products has no visit_policy product");
  insurance::VisitPolicyService visit_service(*db, keys, clock, insurance::visit_product_of(*visit_product));
  insurance::ComplianceService compliance_service(
      *db, clock, insurance::ComplianceService::load_params((settings.home / "data" / "compliance" / "rules.json").string()),
      [&insurance_service](std::int64_t org, std::int64_t clinician, std::string_view kind, Date on) {
        return insurance_service.has_valid_cover(org, clinician, kind, on);
      });

  if (opt.demo) {
    if (auto demo = seed_demo(accounts, *db)) {
      // ---- module demo data (each module adds its seeding call here) ----
      seed_demo_insurance_visit(visit_service, compliance_service, *demo, clock);
      seed_demo_appraisal(appraisal_service, *demo, clock);
      seed_demo_insurance(insurance_service, *demo, clock);
      seed_demo_disputes(disputes_service, *demo, clock);  // after insurance: cases find their policies
      seed_demo_compensation(compensation_service, *demo, clock);  // for demo case 1
      // After disputes and compensation: one claim comes from a demo case's agreement.
      seed_demo_claims(
          claims_service, insurance_service, disputes_service, *demo, clock,
          [&](const Clock& at) {
            return std::make_unique<claims::ClaimsService>(*db, keys, at, *calendar,
                                                           claims::load_params(settings.home / "data" / "claims"),
                                                           insurance_service, &case_source, bank_channel);
          },
          bank_dir);
      spdlog::info("demo mode: seeded the demo province");
    }
    std::cout << "Demo accounts (password medrisk-demo):";
    for (const auto& u : demo_usernames()) std::cout << ' ' << u;
    std::cout << std::endl;
  }

  http::Router router;
  accounts::add_routes(router, accounts, *db, clock, opt.demo ? &demo_sender : nullptr);
  webhooks::add_routes(router, *db, keys, clock);
  // ---- module routes (each module adds its add_routes call here) ----
  actuarial::add_routes(router, actuarial_service, clock);
  compensation::add_routes(router, compensation_service, clock);
  disputes::add_routes(router, disputes_service, clock);
  claims::add_routes(router, claims_service, clock);
  appraisal::add_routes(router, appraisal_service, clock);
  insurance::add_routes(router, insurance_service, clock);
  insurance::add_visit_routes(router, visit_service, clock);
  insurance::add_compliance_routes(router, compliance_service, clock);
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
  for (auto [topic, source] : {std::pair{disputes::kAgreementSignedTopic, "agreement"},
                               std::pair{disputes::kJudgmentRecordedTopic, "judgment"}})
    dispatcher.on(std::string(topic), [&claims_service, source = std::string(source)](const nlohmann::json& p) -> Status {
      // A refusal (no cover for the incident, …) is final: logged, not retried. Infrastructure failures
      // throw and the dispatcher retries them.
      auto r = claims_service.open_from_case(p.at("case_id").get<std::int64_t>(), source);
      if (!r.ok()) spdlog::warn("claims: no claim opened for case {}: {}", p.at("case_id").dump(), r.error().code);
      return {};
    });
  dispatcher.start();
  // The compliance check is idempotent within a day, so running it hourly is safe; nonces are kept
  // kNonceRetention and purged every minute.
  insurance::PeriodicJob compliance_job("compliance check", std::chrono::hours(1),
                                        [&] { compliance_service.run_compliance_check(clock.now()); });
  insurance::PeriodicJob nonce_job("partner nonce purge", std::chrono::minutes(1), [&] { visit_service.purge_nonces(); });
  // Dispute clocks: one reminder per overdue due date to every party (idempotent, so hourly is safe).
  insurance::PeriodicJob dispute_reminders("dispute deadline reminders", std::chrono::hours(1),
                                           [&] { disputes_service.remind_overdue(); });
  // Claims: the Insurance Law clock hourly; the bank channel every two seconds (start-up resends every
  // instructed payment — sending is idempotent per reference — then only those never recorded as sent).
  insurance::PeriodicJob claim_reminders("claim deadline reminders", std::chrono::hours(1),
                                         [&] { claims_service.remind_overdue(); });
  claims_service.resend_instructions(true);
  insurance::PeriodicJob bank_job("bank channel", std::chrono::seconds(2), [&] {
    claims_service.resend_instructions(false);
    claims_service.poll_bank();
  });
  bool demo_bank = (opt.demo_bank || opt.demo) && !opt.no_demo_bank;
  claims::DemoBank demo_bank_sim(bank_dir, std::chrono::seconds(2));
  insurance::PeriodicJob demo_bank_job("demo bank", std::chrono::seconds(1), [&] { demo_bank_sim.run_once(); });
  compliance_job.start();
  nonce_job.start();
  dispute_reminders.start();
  claim_reminders.start();
  bank_job.start();
  if (demo_bank) demo_bank_job.start();
  http::Server server(router, catalogue, server_options, authenticator, readiness, metrics);
  std::cout << "MedRisk listening on http://" << opt.address << ":" << server.port() << " (database "
            << db->url_for_logs() << ")" << std::endl;
  server.run();
  compliance_job.stop();
  nonce_job.stop();
  dispute_reminders.stop();
  claim_reminders.stop();
  bank_job.stop();
  demo_bank_job.stop();
  dispatcher.stop();
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
  cmd->add_option("--workers", opt->workers, "threads for handlers that touch the database")->check(CLI::Range(1, 256));
  cmd->callback([&settings, &exit_code, opt] { exit_code = serve(settings, *opt); });
}

}  // namespace medrisk::app
