// The accounts module in the composition root (src/app/modules.cpp): its service, routes and demo.
#include <memory>

#include "modules/accounts/api.hpp"
#include "modules/accounts/demo.hpp"
#include "modules/accounts/routes.hpp"

namespace medrisk::accounts {
namespace {

class AccountsModule final : public modules::Module {
 public:
  explicit AccountsModule(modules::ModuleHost& host)
      : host_(host), service_(host.db, host.keys, host.clock, host.demo ? &demo_sender_ : nullptr, config_of(host)),
        representations_(host.db, host.clock, load_representation_bases(host.data_dir / "accounts")) {
    host.services.provide(service_);
    host.services.provide(representations_);
    if (host.demo) host.services.provide(demo_sender_);
  }
  void add_routes(http::Router& router) override {
    accounts::add_routes(router, service_, host_.db, host_.clock, host_.demo ? &demo_sender_ : nullptr);
    accounts::add_representation_routes(router, representations_, host_.clock);
  }
  void seed_demo(modules::DemoDirectory& dir) override {
    dir.fresh = accounts::seed_demo(service_, host_.db, dir);
    if (dir.fresh) seed_demo_representation(representations_, dir, host_.clock);
  }
  // PostgreSQL: other servers may share the database; their revocations reach this one's cache.
  void start() override { service_.start_invalidation_listener(); }

 private:
  static AccountsConfig config_of(const modules::ModuleHost& host) {
    AccountsConfig c;
    c.demo_mode = host.demo;
    return c;
  }
  modules::ModuleHost& host_;
  DemoLogCodeSender demo_sender_;
  AccountsService service_;
  RepresentationService representations_;
};

}  // namespace

modules::ModuleSpec module_spec() {
  return {"accounts",
          [] { return modules::owned("accounts", AccountsService::migrations()); },
          [] { return AccountsService::encrypted_columns(); },
          [](modules::ModuleHost& host) -> std::unique_ptr<modules::Module> {
            return std::make_unique<AccountsModule>(host);
          },
          {}};
}

}  // namespace medrisk::accounts
