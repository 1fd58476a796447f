// Demo insurance data (`medrisk serve --demo`): liability policies of the fictitious 明湖市 hospitals,
// quoted and bound by the demo underwriter of 安和财产保险 (lead, 60 %) with 康泰财产保险 (follower, 40 %)
// in a co-insurance pool, with tri-party funding splits, and 明湖市中医院's expired previous year's policy.
// All figures come from the shipped data files.
#include <spdlog/spdlog.h>

#include <stdexcept>

#include "modules/insurance/demo.hpp"
#include "modules/accounts/api.hpp"
#include "modules/insurance/api.hpp"

namespace medrisk::insurance {
namespace {

struct DemoPolicy {
  std::string hospital;
  std::string product;
  std::int64_t beds;
  bool name_doctor;
  insurance::FundingShares funding;
  std::int64_t per_incident_limit_fen;
  int start_days_ago = 30;
};

// The demo's policies are quoted and bound on their first day of cover (no backdated policies,
// data/rating backdating_grace): the underwriter acts at that day.
class DaysAgoClock final : public Clock {
 public:
  DaysAgoClock(const Clock& base, int days) : base_(base), days_(days) {}
  Timestamp now() const override { return base_.now() - std::chrono::hours(24 * days_); }

 private:
  const Clock& base_;
  int days_;
};

}  // namespace

void seed_demo_insurance(insurance::InsuranceService& service, const modules::DemoDirectory& dir, const Clock& clock) {
  RequestContext ctx = accounts::demo_context(dir, clock, "underwriter", "underwriter", "insurer1");
  // First, 明湖市中医院's previous year's policy (expired 35 days ago; the demo's overdue claim was noticed
  // under it): bound first so that every list, newest first, shows the policies in force before it.
  const std::vector<DemoPolicy> policies = {
      {"hospital3", "institution_liability", 200, false, {0, 10000, 0}, 50000000, 400},
      {"hospital1", "institution_liability", 800, true, {3000, 5000, 2000}, 150000000},
      {"hospital2", "institution_liability", 300, false, {5000, 5000, 0}, 100000000},
      {"hospital3", "institution_liability", 200, false, {0, 10000, 0}, 50000000},
      {"hospital1", "clinician_liability", 0, true, {0, 0, 10000}, 100000000},
  };
  for (const auto& d : policies) {
    DaysAgoClock issued_on(clock, d.start_days_ago);
    ctx.clock = &issued_on;
    insurance::QuoteRequest q;
    q.input.product_code = d.product;
    q.insured_org_id = dir.organizations.at(d.hospital);
    Date start = clock.today().add_days(-d.start_days_ago);
    q.period_start = start;
    q.retroactive_date = start.add_days(-365);
    if (d.product == "institution_liability") q.input.institution = insurance::InstitutionExposure{"", "", d.beds};
    if (d.name_doctor) q.input.clinicians.push_back({dir.users.at("doctor"), "IV", "attending", 8});
    q.input.experience = {3, Money::from_fen(d.beds * 60000)};
    q.input.per_incident_limit_fen = Money::from_fen(d.per_incident_limit_fen);
    q.input.deductible_fen = Money::from_fen(100000);
    auto quote = service.create_quote(ctx, q);
    if (!quote.ok()) throw std::runtime_error("demo insurance quote: " + quote.error().code);
    insurance::BindRequest b{
        quote->id, d.funding, {{dir.organizations.at("insurer1"), 6000}, {dir.organizations.at("insurer2"), 4000}}};
    auto policy = service.bind(ctx, b);
    if (!policy.ok()) throw std::runtime_error("demo insurance bind: " + policy.error().code);
  }
  ctx.clock = &clock;
  spdlog::info("demo mode: seeded {} insurance policies", policies.size());
}

}  // namespace medrisk::insurance
