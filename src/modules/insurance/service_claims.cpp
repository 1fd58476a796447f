// What the claims module reads of policies (see api.hpp): the cover of one policy, the premium
// facts of an insurer's portfolio and a patient's own visit policy. System reads in the caller's
// transaction, no actor.
#include "modules/insurance/api.hpp"
#include "modules/accounts/api.hpp"
#include "modules/insurance/store.hpp"
#include "modules/insurance/visit_store.hpp"

namespace medrisk::insurance {

std::optional<PolicyInForce> InsuranceService::policy_for_claim(db::Tx& tx, std::int64_t policy_id) const {
  auto p = store::find_policy(tx, policy_id);
  if (!p) return std::nullopt;
  return in_force(*p);
}

std::optional<PolicyInForce> InsuranceService::visit_underwriter(db::Tx& tx, std::int64_t institution_org_id,
                                                                 Date visit_date) const {
  for (const auto& p : store::policies_of_insured(tx, institution_org_id, "liability"))
    if (responds_to(p, visit_date, visit_date)) return in_force(p);
  return std::nullopt;
}

std::vector<PremiumFacts> InsuranceService::premium_facts(db::Tx& tx, std::int64_t insurer_org_id) const {
  std::vector<PremiumFacts> out;
  std::int64_t cursor = 0;
  store::ListScope scope{insurer_org_id, std::nullopt, std::nullopt};
  for (;;) {
    auto page = store::list_policies(tx, scope, std::nullopt, std::nullopt, cursor, kMaxPageSize);
    for (const auto& p : page) {
      if (p.insured_org_id == insurer_org_id) continue;
      PremiumFacts f{p.id, p.product_code, p.period_start, p.period_end, p.cancelled_on, p.premium_fen, p.refund_fen};
      for (const auto& m : p.coinsurance_pool)
        if (m.insurer_org_id == insurer_org_id && m.share_bp < 10000) {
          f.premium_fen = m.premium_fen;
          f.refund_fen = *p.refund_fen.mul_ratio(m.share_bp, 10000, Rounding::half_even);
        }
      out.push_back(std::move(f));
    }
    if (static_cast<int>(page.size()) < kMaxPageSize) break;
    cursor = page.back().id;
  }
  return out;
}

std::optional<VisitPolicy> InsuranceService::visit_policy_for_claim(db::Tx& tx, const std::string& policy_number,
                                                                    std::int64_t patient_user_id) const {
  auto index = accounts::directory::phone_index(tx, accounts::UserId{patient_user_id});
  if (!index) return std::nullopt;
  return visit_store::find_by_number_for_phone(tx, policy_number, *index);
}

std::optional<VisitPolicy> InsuranceService::visit_policy_for_review(db::Tx& tx, std::int64_t visit_policy_id,
                                                                     std::int64_t patient_user_id) const {
  auto index = accounts::directory::phone_index(tx, accounts::UserId{patient_user_id});
  if (!index) return std::nullopt;
  return visit_store::find_by_id_for_phone(tx, visit_policy_id, *index);
}

}  // namespace medrisk::insurance
