// The mediation agreement as a PDF (调解协议书, Decree 701 art. 39): the values come from the case and
// its agreement, the wording from data/documents/mediation_agreement.json; platform/documents renders
// and records it. The facts printed are the structured ones (date, department, kind of harm, demand):
// the patient's narrative never goes into a document every party keeps.
#include <algorithm>

#include "kernel/chinese_amount.hpp"
#include "modules/disputes/errors.hpp"
#include "modules/accounts/api.hpp"
#include "modules/disputes/api.hpp"
#include "modules/disputes/store.hpp"

namespace medrisk::disputes {
namespace {

std::optional<Date> shanghai_date_of(const std::optional<std::string>& iso) {
  if (!iso) return std::nullopt;
  auto t = Timestamp::parse(*iso);
  if (!t.ok()) return std::nullopt;
  return t.value().shanghai_date();
}

}  // namespace

Result<documents::IssuedDocument> DisputesService::agreement_pdf(const RequestContext& ctx, std::int64_t id) {
  return db_.write([&](db::Tx& tx) -> Result<documents::IssuedDocument> {
    MEDRISK_TRY(store::CaseRow row, load_for(tx, ctx, id, false));
    auto a = store::find_agreement(tx, row.c.id);
    if (!a) return Error::of(std::string(errors::agreement_missing));
    const documents::Template& t = *params_.pdf.find("mediation_agreement");
    const DisputeCase& c = row.c;
    auto org_name = [&](std::optional<std::int64_t> org) -> std::string {
      if (!org) return "";
      auto o = accounts::directory::organization(tx, accounts::OrganizationId{*org});
      return o ? o->name : "";
    };
    auto user_name = [&](std::optional<std::int64_t> user) -> std::string {
      return user ? accounts::directory::display_names(tx, {*user})[*user] : "";
    };
    nlohmann::json payers = nlohmann::json::array();
    for (const auto& p : a->payers) {
      std::string who = t.term("payer", p.payer);
      if (p.payer == "insurer" && c.insurer_org_id) who += "（" + org_name(c.insurer_org_id) + "）";
      payers.push_back({{"payer_zh", who},
                        {"amount_cny", p.amount_fen.to_string()},
                        {"amount_capital", chinese_capital_amount(p.amount_fen)}});
    }
    auto patient_on = shanghai_date_of(a->patient_signed_at), provider_on = shanghai_date_of(a->provider_signed_at);
    bool signed_by_both = patient_on && provider_on;
    const std::string unsigned_text = t.term("notice", "unsigned");
    std::string committee = org_name(c.committee_org_id);
    nlohmann::json values = {{"case_id", std::to_string(c.id)},
                             {"committee_name", committee},
                             {"patient_name", user_name(c.patient_user_id)},
                             {"institution_name", org_name(c.institution_org_id)},
                             {"department", c.department},
                             {"incident_date", chinese_date(c.incident_date)},
                             {"case_type_zh", t.term("case_type", c.case_type)},
                             {"demand_cny", c.compensation_demand_fen.to_string()},
                             {"amount_cny", a->amount_fen.to_string()},
                             {"amount_capital", chinese_capital_amount(a->amount_fen)},
                             {"payers", payers},
                             {"patient_signature", a->patient_signature.value_or("")},
                             {"patient_signed_on", patient_on ? chinese_date(*patient_on) : unsigned_text},
                             {"provider_signature", a->provider_signature.value_or("")},
                             {"provider_signed_on", provider_on ? chinese_date(*provider_on) : unsigned_text},
                             {"mediator_name", user_name(c.mediator_user_id)},
                             {"draft_notice", signed_by_both ? "" : t.term("notice", "draft")}};
    // The document's date: the day the second party signed (Asia/Shanghai), else the day of the draft.
    Date date = signed_by_both ? std::max(*patient_on, *provider_on)
                               : shanghai_date_of(a->created_at).value_or(ctx.now().shanghai_date());
    documents::IssueRequest r{"case_agreement",
                              std::to_string(c.id),
                              &t,
                              values,
                              committee.empty() ? org_name(c.institution_org_id) : committee,
                              date};
    return documents::issue(tx, ctx, params_.pdf, r);
  });
}

}  // namespace medrisk::disputes
