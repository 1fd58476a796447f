// The actuarial module in the composition root (src/app/modules.cpp): its service, routes and commands.
#include <memory>

#include "modules/actuarial/api.hpp"
#include "modules/actuarial/cli.hpp"
#include "modules/actuarial/routes.hpp"

namespace medrisk::actuarial {
namespace {

class ActuarialModule final : public modules::Module {
 public:
  explicit ActuarialModule(modules::ModuleHost& host)
      : host_(host),
        // The claims module, built after this one, provides ClaimsHistory: looked up on each use, so the
        // arrow stays claims → actuarial (claims implements this module's port).
        service_(host.db, host.data_dir / "actuarial",
                 [&services = host.services] { return services.find<ClaimsHistory>(); }) {
    host.services.provide(service_);
  }
  void add_routes(http::Router& router) override { actuarial::add_routes(router, service_, host_.clock); }

 private:
  modules::ModuleHost& host_;
  ActuarialService service_;
};

}  // namespace

modules::ModuleSpec module_spec() {
  return {"actuarial", [] { return std::vector<db::Migration>{}; },
          [] { return std::vector<crypto::EncryptedColumn>{}; },
          [](modules::ModuleHost& host) -> std::unique_ptr<modules::Module> {
            return std::make_unique<ActuarialModule>(host);
          },
          [](CLI::App& cli, const modules::CommandHost&, int& exit_code) { add_actuarial_commands(cli, exit_code); }};
}

}  // namespace medrisk::actuarial
