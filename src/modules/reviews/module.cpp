// The reviews module in the composition root (src/app/modules.cpp): its service (asking insurance
// whether a visit, and disputes whether a case, is the patient's own), routes, the hourly outreach
// reminder and the demo evaluations.
#include <memory>

#include "modules/disputes/api.hpp"
#include "modules/insurance/api.hpp"
#include "modules/reviews/api.hpp"
#include "modules/reviews/demo.hpp"
#include "modules/reviews/parameters.hpp"
#include "modules/reviews/routes.hpp"

namespace medrisk::reviews {
namespace {

// The owning modules' answers, read in the caller's transaction.
class ModuleSubjectLookup final : public SubjectLookup {
 public:
  ModuleSubjectLookup(const insurance::InsuranceService& insurance, const disputes::DisputesService& disputes)
      : insurance_(insurance), disputes_(disputes) {}
  std::optional<ReviewSubject> find(db::Tx& tx, const std::string& kind, std::int64_t id,
                                    std::int64_t patient_user_id) override {
    if (kind == kSubjectVisit) {
      auto v = insurance_.visit_policy_for_review(tx, id, patient_user_id);
      if (!v) return std::nullopt;
      return ReviewSubject{v->organization_id, v->department, v->visit_date};
    }
    auto c = disputes_.case_for_claim(tx, id);
    if (!c || c->patient_user_id != patient_user_id) return std::nullopt;
    return ReviewSubject{c->institution_org_id, c->department, c->incident_date};
  }

 private:
  const insurance::InsuranceService& insurance_;
  const disputes::DisputesService& disputes_;
};

class ReviewsModule final : public modules::Module {
 public:
  explicit ReviewsModule(modules::ModuleHost& host)
      : host_(host),
        subjects_(host.services.get<insurance::InsuranceService>(), host.services.get<disputes::DisputesService>()),
        service_(host.db, host.keys, host.clock, host.calendar, load_parameters(host.data_dir / "reviews"),
                 &subjects_) {
    host.services.provide(service_);
  }
  void add_routes(http::Router& router) override { reviews::add_routes(router, service_, host_.clock); }
  std::vector<modules::Job> jobs() override {
    // One reminder per overdue task (reminded_at), so hourly is safe.
    return {{"review outreach reminders", std::chrono::hours(1), [this] { service_.remind_overdue(); }}};
  }
  void seed_demo(modules::DemoDirectory& dir) override {
    seed_demo_reviews(service_, host_.services.get<insurance::VisitPolicyService>(),
                      host_.services.get<disputes::DisputesService>(), dir, host_.clock);
  }

 private:
  modules::ModuleHost& host_;
  ModuleSubjectLookup subjects_;
  ReviewsService service_;
};

}  // namespace

modules::ModuleSpec module_spec() {
  return {"reviews",
          [] { return modules::owned("reviews", ReviewsService::migrations()); },
          [] { return ReviewsService::encrypted_columns(); },
          [](modules::ModuleHost& host) -> std::unique_ptr<modules::Module> {
            return std::make_unique<ReviewsModule>(host);
          },
          {}};
}

}  // namespace medrisk::reviews
