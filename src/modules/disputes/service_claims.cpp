// What the claims module needs of a case (see api.hpp): the facts a claim opens from, and the
// system-level settlement once the insurer has paid everything owed.
#include "modules/disputes/errors.hpp"
#include "modules/disputes/api.hpp"
#include "modules/disputes/store.hpp"

namespace medrisk::disputes {

std::optional<CaseForClaim> DisputesService::case_for_claim(db::Tx& tx, std::int64_t case_id) const {
  auto row = store::find_case(tx, case_id);
  if (!row) return std::nullopt;
  const DisputeCase& c = row->c;
  CaseForClaim f;
  f.case_id = c.id;
  f.state = c.state;
  f.policy_id = c.policy_id;
  f.insurer_org_id = c.insurer_org_id;
  f.institution_org_id = c.institution_org_id;
  f.patient_user_id = c.patient_user_id;
  f.incident_date = c.incident_date;
  f.department = c.department;
  f.filed_on = c.filed_on;
  f.materials_complete =
      missing_items(params_.materials.by_case_type.at(c.case_type), store::list_material_statuses(tx, c.id)).empty();
  if (auto a = store::find_agreement(tx, c.id); a && a->patient_signed_at && a->provider_signed_at)
    for (const auto& p : a->payers)
      if (p.payer == "insurer") f.agreement_insurer_fen = p.amount_fen;
  f.judgment_fen = c.judgment_fen;
  f.mediator_user_id = c.mediator_user_id;
  f.adjuster_user_id = c.adjuster_user_id;
  f.clinician_user_id = c.clinician_user_id;
  return f;
}

std::vector<DisputeTally> DisputesService::tallies(db::Tx& tx, const std::string& from_month,
                                                   const std::string& to_month) const {
  return store::tallies(tx, from_month + "-01", to_month + "-31");
}

Status DisputesService::settle_case(db::Tx& tx, std::int64_t case_id) {
  auto row = store::find_case(tx, case_id);
  if (!row) return Error::of("resource_not_found");
  RequestContext ctx;
  ctx.request_id = "system:claim-settlement";
  ctx.clock = &clock_;
  nlohmann::json details{{"by", "insurance_claim"}};
  if (row->c.state == "agreement") {
    row->c.payment_started_on = clock_.today().to_string();
    row->c.state = "payment";
    after_change(tx, ctx, *row, "start_payment", std::string("agreement"), details);
  }
  if (row->c.state == "payment") {
    row->c.state = "closed";
    after_change(tx, ctx, *row, "close", std::string("payment"), details);
  }
  return {};
}

}  // namespace medrisk::disputes
