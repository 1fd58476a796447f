// The appraisal module in the composition root (src/app/modules.cpp): its service, routes and demo.
#include <memory>

#include "modules/appraisal/api.hpp"
#include "modules/appraisal/demo.hpp"
#include "modules/appraisal/routes.hpp"

namespace medrisk::appraisal {
namespace {

class AppraisalModule final : public modules::Module {
 public:
  explicit AppraisalModule(modules::ModuleHost& host)
      : host_(host), service_(host.db, host.keys, host.clock, load_parameters(host.data_dir / "appraisal")) {
    host.services.provide(service_);
  }
  void add_routes(http::Router& router) override { appraisal::add_routes(router, service_, host_.clock); }
  void seed_demo(modules::DemoDirectory& dir) override { seed_demo_appraisal(service_, dir, host_.clock); }

 private:
  modules::ModuleHost& host_;
  AppraisalService service_;
};

}  // namespace

modules::ModuleSpec module_spec() {
  return {"appraisal",
          [] { return modules::owned("appraisal", AppraisalService::migrations()); },
          [] { return AppraisalService::encrypted_columns(); },
          [](modules::ModuleHost& host) -> std::unique_ptr<modules::Module> {
            return std::make_unique<AppraisalModule>(host);
          },
          {}};
}

}  // namespace medrisk::appraisal
