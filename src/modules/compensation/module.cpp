// The compensation module in the composition root (src/app/modules.cpp): its service, routes and demo.
#include <memory>

#include "modules/compensation/api.hpp"
#include "modules/compensation/demo.hpp"
#include "modules/compensation/parameters.hpp"
#include "modules/compensation/routes.hpp"

namespace medrisk::compensation {
namespace {

class CompensationModule final : public modules::Module {
 public:
  explicit CompensationModule(modules::ModuleHost& host)
      : host_(host), service_(host.db, load_parameters(host.data_dir / "compensation")) {
    service_.set_documents(documents::load_document_set(host.data_dir / "documents"));
    host.services.provide(service_);
  }
  void add_routes(http::Router& router) override { compensation::add_routes(router, service_, host_.clock); }
  // After disputes: the calculation is for demo case 1.
  void seed_demo(modules::DemoDirectory& dir) override { seed_demo_compensation(service_, dir, host_.clock); }

 private:
  modules::ModuleHost& host_;
  CompensationService service_;
};

}  // namespace

modules::ModuleSpec module_spec() {
  return {"compensation",
          [] { return modules::owned("compensation", CompensationService::migrations()); },
          [] { return std::vector<crypto::EncryptedColumn>{}; },
          [](modules::ModuleHost& host) -> std::unique_ptr<modules::Module> {
            return std::make_unique<CompensationModule>(host);
          },
          {}};
}

}  // namespace medrisk::compensation
