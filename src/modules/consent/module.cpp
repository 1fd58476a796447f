// The consent module in the composition root (src/app/modules.cpp): its service, routes and demo.
#include <memory>

#include "modules/consent/api.hpp"
#include "modules/consent/demo.hpp"
#include "modules/consent/routes.hpp"
#include "modules/consent/store.hpp"

namespace medrisk::consent {
namespace {

class ConsentModule final : public modules::Module {
 public:
  explicit ConsentModule(modules::ModuleHost& host)
      : host_(host), service_(host.db, host.clock, load_purposes(host.data_dir / "consent")) {
    host.services.provide(service_);
  }
  void add_routes(http::Router& router) override { consent::add_routes(router, service_, host_.clock); }
  void seed_demo(modules::DemoDirectory& dir) override { seed_demo_consent(service_, host_.db, dir, host_.clock); }

 private:
  modules::ModuleHost& host_;
  ConsentService service_;
};

}  // namespace

modules::ModuleSpec module_spec() {
  return {"consent",
          [] {
            auto all = ConsentService::migrations();
            for (auto& m : store::migrations_from_disputes()) all.push_back(std::move(m));
            return modules::owned("consent", std::move(all));
          },
          [] { return std::vector<crypto::EncryptedColumn>{}; },
          [](modules::ModuleHost& host) -> std::unique_ptr<modules::Module> {
            return std::make_unique<ConsentModule>(host);
          },
          {}};
}

}  // namespace medrisk::consent
