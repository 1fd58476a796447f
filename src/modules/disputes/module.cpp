// The disputes module in the composition root (src/app/modules.cpp): its service (asking insurance for
// cover), routes, the hourly deadline reminders and the demo cases.
#include <memory>

#include "modules/disputes/api.hpp"
#include "modules/disputes/demo.hpp"
#include "modules/disputes/routes.hpp"

namespace medrisk::disputes {
namespace {

DisputesConfig config_of(const modules::ModuleHost& host) {
  DisputesConfig c;
  c.attachments_dir = host.var_dir / "attachments";
  return c;
}

class DisputesModule final : public modules::Module {
 public:
  explicit DisputesModule(modules::ModuleHost& host)
      : host_(host),
        policies_(host.services.get<insurance::InsuranceService>()),
        service_(host.db, host.keys, host.clock, host.calendar, load_params(host.data_dir / "disputes"), &policies_,
                 config_of(host), host.services.get<consent::ConsentService>(),
                 &host.services.get<appraisal::AppraisalService>()) {
    host.services.provide(service_);
    service_.set_ledger(host.services.find<ledger::Ledger>());
  }
  void add_routes(http::Router& router) override { disputes::add_routes(router, service_, host_.clock); }
  std::vector<modules::Job> jobs() override {
    // One reminder per overdue due date to every party (idempotent, so hourly is safe).
    return {{"dispute deadline reminders", std::chrono::hours(1), [this] { service_.remind_overdue(); }}};
  }
  void seed_demo(modules::DemoDirectory& dir) override {
    // Case 1 (named by id in the appraisal and compensation demos), three years of history (on a clock
    // moving through the past), then today's showcase complaint and cases, the newest.
    seed_demo_case_one(service_, dir, host_.clock);
    seed_demo_history(
        host_.services.get<accounts::AccountsService>(), dir, host_.clock,
        [this](const Clock& at) {
          auto past = std::make_unique<DisputesService>(
              host_.db, host_.keys, at, host_.calendar, load_params(host_.data_dir / "disputes"), &policies_,
              config_of(host_), host_.services.get<consent::ConsentService>(),
              &host_.services.get<appraisal::AppraisalService>());
          past->set_ledger(host_.services.find<ledger::Ledger>());
          return past;
        });
    seed_demo_disputes(service_, dir, host_.clock);
  }

 private:
  modules::ModuleHost& host_;
  InsurancePolicyLookup policies_;
  DisputesService service_;
};

}  // namespace

modules::ModuleSpec module_spec() {
  return {"disputes",
          [] { return modules::owned("disputes", DisputesService::migrations()); },
          [] { return DisputesService::encrypted_columns(); },
          [](modules::ModuleHost& host) -> std::unique_ptr<modules::Module> {
            return std::make_unique<DisputesModule>(host);
          },
          {}};
}

}  // namespace medrisk::disputes
