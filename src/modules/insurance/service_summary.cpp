// Insurance use case: the home page's figures (GET /api/v1/insurance/summary) — policies per status and
// region, the written premium, the policies in force by expiry, and compulsory-cover compliance.
// Scoped like GET /policies and GET /compliance (deny by default).
#include <algorithm>
#include <tuple>

#include "modules/insurance/api.hpp"
#include "modules/insurance/compliance_store.hpp"
#include "modules/insurance/store.hpp"

namespace medrisk::insurance {
namespace {
constexpr std::size_t kSummaryExpiring = 5;
}  // namespace

Result<InsuranceSummary> InsuranceService::summary(const RequestContext& ctx) {
  const Actor& a = ctx.actor;
  store::ListScope scope;
  bool nothing = false;
  if (a.user_id == 0) return accounts::authorize(a, "policies.read").take_error();
  if (a.has("policies.read")) {
    if (a.has_role("regulator")) {
      nothing = a.region_code.size() < 2;
      scope.region_prefix = a.region_code.substr(0, std::min<std::size_t>(2, a.region_code.size()));
    } else if (!a.has_role("platform_admin")) {
      nothing = a.organization_id == 0;
      scope.organization_id = a.organization_id;
    }
  } else if (a.has("policies.read_own")) {
    scope.clinician_user_id = a.user_id;
  } else {
    return accounts::authorize(a, "policies.read").take_error();
  }
  Date today = clock_.today();
  InsuranceSummary out;
  out.as_of = today.to_string();
  if (nothing) return out;
  return db_.read([&](db::Tx& tx) -> Result<InsuranceSummary> {
    for (std::int64_t after = 0;;) {  // 0: from the newest
      auto page = store::list_policies(tx, scope, std::nullopt, std::nullopt, after, kMaxPageSize);
      for (const auto& p : page) {
        std::string status = status_on(p, today);
        out.policies_by_status[status] += 1;
        bool in_force = status == "in_force";
        for (PolicyFigures* f : {&out.all, &out.by_region[p.region_code]}) {
          f->policies += 1;
          if (in_force) f->in_force += 1;
          f->written_premium_fen += p.premium_fen - p.refund_fen;
        }
        if (in_force)
          out.in_force_by_expiry.push_back({p.id, p.policy_number, p.product_code, p.insured_org_id, p.period_end,
                                            p.period_end - today});
      }
      if (static_cast<int>(page.size()) < kMaxPageSize) break;
      after = page.back().id;  // the list runs newest first: the next page is below the last id
    }
    std::sort(out.in_force_by_expiry.begin(), out.in_force_by_expiry.end(),
              [](const ExpiringPolicy& x, const ExpiringPolicy& y) {
                return std::tie(x.period_end, x.id) < std::tie(y.period_end, y.id);
              });
    if (out.in_force_by_expiry.size() > kSummaryExpiring) out.in_force_by_expiry.resize(kSummaryExpiring);

    if (a.has("compliance.read")) {
      compliance_store::ObligationFilter q;
      q.limit = kMaxPageSize;
      if (a.has_role("regulator")) q.region_prefix = scope.region_prefix;
      else if (!a.has_role("platform_admin")) q.organization_id = a.organization_id;
      out.compliance_by_status.emplace();
      for (;;) {
        auto page = compliance_store::list_obligations(tx, q);
        for (const auto& o : page) {
          (*out.compliance_by_status)[o.status] += 1;
          for (PolicyFigures* f : {&out.all, &out.by_region[o.region_code]}) {
            f->obligations += 1;
            if (o.status == "compliant") f->compliant += 1;
          }
        }
        if (static_cast<int>(page.size()) < q.limit) break;
        q.before_id = page.back().id;
      }
    }
    return out;
  });
}

}  // namespace medrisk::insurance
