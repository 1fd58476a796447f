// The risk module in the composition root (src/app/modules.cpp), last in the list: it reads complaints
// and cases (disputes), claims (claims) and incident reports (incidents) through their api.hpp, plugs itself into insurance as the
// rating engine's ExperienceSource, and takes the partner signature check from insurance.
#include <memory>

#include "modules/risk/api.hpp"
#include "modules/risk/cli.hpp"
#include "modules/risk/demo.hpp"
#include "modules/risk/routes.hpp"

namespace medrisk::risk {
namespace {

class RiskModule final : public modules::Module {
 public:
  explicit RiskModule(modules::ModuleHost& host)
      : host_(host),
        insurance_(host.services.find<insurance::InsuranceService>()),
        events_(host.services.find<disputes::DisputesService>(), host.services.find<claims::ClaimsService>(),
                host.services.find<incidents::IncidentService>()),
        service_(host.db, host.clock, load_params(host.data_dir / "risk"), &events_, insurer_of(insurance_),
                 host.services.find<insurance::VisitPolicyService>()),
        experience_(service_) {
    host.services.provide(service_);
    // Insurance is built first; its quotes read the insured's history from here once this exists.
    if (insurance_) insurance_->set_experience_source(&experience_);
  }
  void add_routes(http::Router& router) override { risk::add_routes(router, service_, host_.clock); }
  void seed_demo(modules::DemoDirectory& dir) override { seed_demo_risk(service_, dir, host_.clock); }

 private:
  static InsurerOf insurer_of(insurance::InsuranceService* insurance) {
    if (!insurance) return {};
    return [insurance](db::Tx& tx, std::int64_t org, Date on) -> std::optional<std::int64_t> {
      auto p = insurance->find_policy_in_force(tx, org, 0, on, on);
      if (!p) return std::nullopt;
      return p->insurer_org_id;
    };
  }

  modules::ModuleHost& host_;
  insurance::InsuranceService* insurance_;
  ModuleEventSource events_;
  RiskService service_;
  RiskExperienceSource experience_;
};

}  // namespace

modules::ModuleSpec module_spec() {
  return {"risk", [] { return modules::owned("risk", RiskService::migrations()); }, [] {
            return std::vector<crypto::EncryptedColumn>{};
          },
          [](modules::ModuleHost& host) -> std::unique_ptr<modules::Module> { return std::make_unique<RiskModule>(host); },
          [](CLI::App& cli, const modules::CommandHost& host, int& exit_code) { add_risk_commands(cli, host, exit_code); }};
}

}  // namespace medrisk::risk
