// Disputes use case: the home page's figures (GET /api/v1/disputes/summary) — complaints awaiting an
// answer, cases per state and region, what is due soonest, mediation outcomes and days to resolution.
// Scoped like the lists: a patient's own; an organization's cases it is party to; a regulator's region.
#include <algorithm>
#include <tuple>

#include "modules/accounts/api.hpp"
#include "modules/disputes/api.hpp"
#include "modules/disputes/store.hpp"

namespace medrisk::disputes {
namespace {
constexpr int kFactsPage = 1000;
}  // namespace

Result<DisputesSummary> DisputesService::summary(const RequestContext& ctx) {
  const Actor& a = ctx.actor;
  store::CaseScopeFilter scope;
  std::optional<std::int64_t> complaint_patient, complaint_institution;
  bool empty_scope = false;
  if (a.has_role("patient")) {
    MEDRISK_CHECK(accounts::authorize(a, "cases.read_own"));
    scope.patient_user_id = complaint_patient = a.user_id;
  } else {
    MEDRISK_CHECK(accounts::authorize(a, "cases.read"));
    if (a.has_role("regulator")) {
      empty_scope = a.region_code.size() < 2;  // a regulator without a region sees nothing
      scope.region_prefix = a.region_code.substr(0, std::min<std::size_t>(2, a.region_code.size()));
    } else {
      empty_scope = a.organization_id == 0;
      scope.party_org_id = a.organization_id;
    }
    if (a.has("complaints.handle")) complaint_institution = a.organization_id;
  }
  DisputesSummary out;
  Date today = clock_.today();
  out.as_of = today.to_string();
  if (complaint_patient || complaint_institution) {
    MEDRISK_TRY(auto open, list_complaints(ctx, std::string("open"), 0, kMaxListPage));
    out.complaints_by_state =
        db_.read([&](db::Tx& tx) { return store::complaint_state_counts(tx, complaint_patient, complaint_institution); });
    out.complaints_open = out.complaints_by_state->count("open") ? out.complaints_by_state->at("open") : 0;
    out.complaints_overdue = std::count_if(open.begin(), open.end(), [](const ComplaintView& v) { return v.overdue; });
    std::sort(open.begin(), open.end(), [](const ComplaintView& x, const ComplaintView& y) {
      return std::tie(x.response_due, x.c.id) < std::tie(y.response_due, y.c.id);
    });
    if (open.size() > kSummaryDueSoon) open.resize(kSummaryDueSoon);
    out.complaints_due_soon = std::move(open);
  }
  std::vector<CaseFact> facts;
  if (!empty_scope) {
    db_.read([&](db::Tx& tx) {
      for (std::int64_t after = 0;;) {
        auto page = store::case_facts(tx, scope, after, kFactsPage);
        facts.insert(facts.end(), page.begin(), page.end());
        if (static_cast<int>(page.size()) < kFactsPage) break;
        after = page.back().id;
      }
      return 0;
    });
  }
  out.cases = summarize_cases(facts, today, kSummaryDueSoon);
  return out;
}

}  // namespace medrisk::disputes
