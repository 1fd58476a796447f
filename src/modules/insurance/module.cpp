// The insurance module in the composition root (src/app/modules.cpp): policies, per-visit policies over
// the signed partner API, compulsory-cover compliance; their routes, background jobs, demo and commands.
#include <memory>

#include <spdlog/spdlog.h>

#include "modules/insurance/api.hpp"
#include "modules/insurance/compliance_routes.hpp"
#include "modules/insurance/demo.hpp"
#include "modules/insurance/partner_commands.hpp"
#include "modules/insurance/routes.hpp"
#include "modules/insurance/visit_routes.hpp"

namespace medrisk::insurance {
namespace {

VisitProduct visit_product(const InsuranceService& s) {
  const Product* p = s.find_product("visit_policy");
  if (!p) throw std::runtime_error("data/products has no visit_policy product");
  return visit_product_of(*p);
}

class InsuranceModule final : public modules::Module {
 public:
  explicit InsuranceModule(modules::ModuleHost& host)
      : host_(host),
        policies_(host.db, host.clock, host.services.get<accounts::AccountsService>(),
                  load_products(host.data_dir / "products"), load_rating_table(host.data_dir / "rating")),
        visits_(host.db, host.keys, host.clock, visit_product(policies_)),
        compliance_(host.db, host.clock,
                    ComplianceService::load_params((host.data_dir / "compliance" / "rules.json").string()),
                    [this](db::Tx& tx, std::int64_t org, std::int64_t clinician, std::string_view kind, Date on) {
                      return policies_.has_valid_cover(tx, org, clinician, kind, on);
                    }) {
    policies_.set_documents(documents::load_document_set(host.data_dir / "documents"));
    host.services.provide(policies_);
    host.services.provide(visits_);
    host.services.provide(compliance_);
  }
  void add_routes(http::Router& router) override {
    insurance::add_routes(router, policies_, host_.clock);
    add_visit_routes(router, visits_, host_.clock);
    add_compliance_routes(router, compliance_, host_.clock);
  }
  std::vector<modules::Job> jobs() override {
    // The compliance check is idempotent within a day, so running it hourly is safe; nonces are kept
    // kNonceRetention and purged every minute.
    return {
        {"compliance check", std::chrono::hours(1), [this] { compliance_.run_compliance_check(host_.clock.now()); }},
        {"partner nonce purge", std::chrono::minutes(1), [this] { visits_.purge_nonces(); }},
        {"visit policy partitions", std::chrono::hours(1), [this] { visits_.ensure_partitions(); }}};
  }
  void start() override {
    // Before the first request: the months of today's visit dates exist (a failure is not fatal, the
    // default partition takes the rows and the hourly job retries).
    try {
      visits_.ensure_partitions();
    } catch (const std::exception& e) {
      spdlog::error("insurance: visit policy partitions: {}", e.what());
    }
  }
  void seed_demo(modules::DemoDirectory& dir) override {
    seed_demo_insurance_visit(visits_, compliance_, dir, host_.clock);
    seed_demo_insurance(policies_, dir, host_.clock);
  }

 private:
  modules::ModuleHost& host_;
  InsuranceService policies_;
  VisitPolicyService visits_;
  ComplianceService compliance_;
};

std::vector<db::Migration> all_migrations() {
  std::vector<db::Migration> all = InsuranceService::migrations();
  for (auto&& list : {VisitPolicyService::migrations(), ComplianceService::migrations(), surgical_cover_migrations()})
    all.insert(all.end(), list.begin(), list.end());
  return modules::owned("insurance", std::move(all));
}

}  // namespace

modules::ModuleSpec module_spec() {
  return {"insurance", all_migrations, [] { return VisitPolicyService::encrypted_columns(); },
          [](modules::ModuleHost& host) -> std::unique_ptr<modules::Module> {
            return std::make_unique<InsuranceModule>(host);
          },
          [](CLI::App& cli, const modules::CommandHost& host, int& exit_code) {
            add_partner_key_commands(cli, {host.open_database, host.load_keys}, exit_code);
          }};
}

}  // namespace medrisk::insurance
