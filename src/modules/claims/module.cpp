// The claims module in the composition root (src/app/modules.cpp): claims open from the disputes outbox
// topics, payments leave through the bank-file channel; the Insurance Law clock hourly, the bank channel
// every two seconds, and in demo mode a bank that confirms new instructions.
#include <spdlog/spdlog.h>

#include <memory>

#include "modules/claims/api.hpp"
#include "modules/claims/demo.hpp"
#include "modules/claims/history.hpp"
#include "modules/claims/policy_notices.hpp"
#include "modules/claims/routes.hpp"
#include "platform/outbox/outbox.hpp"

namespace medrisk::claims {
namespace {

std::filesystem::path bank_dir_of(const modules::ModuleHost& host) {
  std::string dir = host.option("claims.bank_dir");
  return dir.empty() ? host.var_dir / "bank" : std::filesystem::path(dir);
}

class ClaimsModule final : public modules::Module {
 public:
  explicit ClaimsModule(modules::ModuleHost& host)
      : host_(host),
        bank_dir_(bank_dir_of(host)),
        bank_channel_(bank_dir_),
        insurance_(host.services.get<insurance::InsuranceService>()),
        disputes_(host.services.get<disputes::DisputesService>()),
        case_source_(disputes_),
        service_(make_service(host.clock)),
        demo_bank_(bank_dir_, std::chrono::seconds(2)),
        history_(host.db) {
    host.services.provide(*service_);
    // The actuarial module's port (built before claims, it looks the port up when asked for a triangle).
    host.services.provide<actuarial::ClaimsHistory>(history_);
    // A cancellation never takes effect on or before a claim's notice (insurance asks claims).
    insurance_.set_claim_notices(&claim_notices_);
  }
  void add_routes(http::Router& router) override { claims::add_routes(router, *service_, host_.clock); }
  void subscribe(outbox::Dispatcher& dispatcher) override {
    for (auto [topic, source] : {std::pair{disputes::kAgreementSignedTopic, "agreement"},
                                 std::pair{disputes::kJudgmentRecordedTopic, "judgment"}})
      dispatcher.on(std::string(topic), [this, source = std::string(source)](const nlohmann::json& p) -> Status {
        // A refusal (no cover for the incident, …) is final: logged, not retried. Infrastructure
        // failures throw and the dispatcher retries them.
        auto r = service_->open_from_case(p.at("case_id").get<std::int64_t>(), source);
        if (!r.ok()) spdlog::warn("claims: no claim opened for case {}: {}", p.at("case_id").dump(), r.error().code);
        return {};
      });
  }
  std::vector<modules::Job> jobs() override {
    std::vector<modules::Job> jobs = {
        {"claim deadline reminders", std::chrono::hours(1), [this] { service_->remind_overdue(); }},
        // Only those never recorded as sent: start() re-sent every instructed payment.
        {"bank channel", std::chrono::seconds(2), [this] {
           service_->resend_instructions(false);
           service_->poll_bank();
         }}};
    if (host_.option("claims.demo_bank") == "1")
      jobs.push_back({"demo bank", std::chrono::seconds(1), [this] { demo_bank_.run_once(); }});
    return jobs;
  }
  void seed_demo(modules::DemoDirectory& dir) override {
    seed_demo_claims(
        *service_, insurance_, disputes_, dir, host_.clock, [this](const Clock& at) { return make_service(at); },
        bank_dir_);
  }
  // Sending is idempotent per reference: after a crash every instructed payment goes out again.
  void start() override { service_->resend_instructions(true); }

 private:
  std::unique_ptr<ClaimsService> make_service(const Clock& clock) {
    return std::make_unique<ClaimsService>(host_.db, host_.keys, clock, host_.calendar,
                                           load_params(host_.data_dir / "claims"), insurance_, &case_source_,
                                           bank_channel_);
  }

  modules::ModuleHost& host_;
  std::filesystem::path bank_dir_;
  FileBankChannel bank_channel_;
  insurance::InsuranceService& insurance_;
  disputes::DisputesService& disputes_;
  DisputesCaseSource case_source_;
  std::unique_ptr<ClaimsService> service_;
  DemoBank demo_bank_;
  PolicyClaimNotices claim_notices_;
  ClaimsTriangleHistory history_;
};

}  // namespace

modules::ModuleSpec module_spec() {
  return {"claims",
          [] { return modules::owned("claims", ClaimsService::migrations()); },
          [] { return ClaimsService::encrypted_columns(); },
          [](modules::ModuleHost& host) -> std::unique_ptr<modules::Module> {
            return std::make_unique<ClaimsModule>(host);
          },
          {}};
}

}  // namespace medrisk::claims
