// The witnessing module in the composition root (src/app/modules.cpp): its service (with the
// procedure templates, the certificate template and, once wired, the platform ledger), routes and demo.
#include <memory>

#include "modules/accounts/api.hpp"
#include "modules/witnessing/api.hpp"
#include "modules/witnessing/demo.hpp"
#include "modules/witnessing/routes.hpp"
#include "platform/ledger/ledger.hpp"

namespace medrisk::witnessing {
namespace {

WitnessingConfig config_of(const modules::ModuleHost& host) {
  WitnessingConfig c;
  c.attachments_dir = host.var_dir / "witness-attachments";
  return c;
}

class WitnessingModule final : public modules::Module {
 public:
  explicit WitnessingModule(modules::ModuleHost& host)
      : host_(host),
        service_(host.db, host.keys, host.clock, load_templates(host.data_dir / "witnessing"), config_of(host)) {
    service_.set_documents(documents::load_document_set(host.data_dir / "documents"));
    service_.set_insurance(&host.services.get<insurance::InsuranceService>());
    service_.set_consent(&host.services.get<consent::ConsentService>());
    if (auto* l = host.services.find<ledger::Ledger>()) {
      ledger_ = record_ledger(*l);
      service_.set_ledger(ledger_.get());
    }
    host.services.provide(service_);
  }
  void add_routes(http::Router& router) override { witnessing::add_routes(router, service_, host_.clock); }
  void seed_demo(modules::DemoDirectory& dir) override {
    seed_demo_witnessing(service_, host_.services.get<accounts::AccountsService>(), dir, host_.clock);
  }

 private:
  modules::ModuleHost& host_;
  WitnessingService service_;
  std::unique_ptr<RecordLedger> ledger_;
};

}  // namespace

modules::ModuleSpec module_spec() {
  return {"witnessing",
          [] { return modules::owned("witnessing", WitnessingService::migrations()); },
          [] { return WitnessingService::encrypted_columns(); },
          [](modules::ModuleHost& host) -> std::unique_ptr<modules::Module> {
            return std::make_unique<WitnessingModule>(host);
          },
          {}};
}

}  // namespace medrisk::witnessing
