// The incidents module in the composition root (src/app/modules.cpp): after disputes (case and
// complaint links through DisputesService) and insurance (the insurer told early); the overdue-report
// reminder runs every minute because the shortest deadline (extraordinary incidents) is two hours.
#include <memory>

#include "modules/incidents/api.hpp"
#include "modules/incidents/demo.hpp"
#include "modules/incidents/routes.hpp"

namespace medrisk::incidents {
namespace {

class IncidentsModule final : public modules::Module {
 public:
  explicit IncidentsModule(modules::ModuleHost& host)
      : host_(host),
        disputes_(host.services.get<disputes::DisputesService>()),
        links_(disputes_),
        insurers_(host.services.get<insurance::InsuranceService>()),
        service_(make_service(host.clock)) {
    host.services.provide(*service_);
  }
  void add_routes(http::Router& router) override { incidents::add_routes(router, *service_, host_.clock); }
  std::vector<modules::Job> jobs() override {
    return {{"incident report reminders", std::chrono::minutes(1), [this] { service_->remind_overdue(); }}};
  }
  void seed_demo(modules::DemoDirectory& dir) override {
    seed_demo_incidents(dir, host_.clock, disputes_, [this](const Clock& at) { return make_service(at); });
  }

 private:
  std::unique_ptr<IncidentService> make_service(const Clock& clock) {
    return std::make_unique<IncidentService>(host_.db, host_.keys, clock, load_params(host_.data_dir / "incidents"),
                                             &links_, &insurers_);
  }

  modules::ModuleHost& host_;
  disputes::DisputesService& disputes_;
  DisputesCaseLinks links_;
  InsuranceInsurerLookup insurers_;
  std::unique_ptr<IncidentService> service_;
};

}  // namespace

modules::ModuleSpec module_spec() {
  return {"incidents",
          [] { return modules::owned("incidents", IncidentService::migrations()); },
          [] { return IncidentService::encrypted_columns(); },
          [](modules::ModuleHost& host) -> std::unique_ptr<modules::Module> {
            return std::make_unique<IncidentsModule>(host);
          },
          {}};
}

}  // namespace medrisk::incidents
