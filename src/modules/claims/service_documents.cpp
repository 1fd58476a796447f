// The claim's documents as PDFs: the refusal notice of a denied claim (拒绝赔偿通知书, 保险法 art. 24,
// with the reasons worded in data/claims/reasons.json) and the settlement and payment notice of an
// approved or paid claim (赔款支付通知书: the payable, each co-insurer's share, the payments with masked
// accounts, amounts in figures and in Chinese capitals). Wording in data/documents/claim_*.json;
// platform/documents renders and records each version. Readers are the claim's readers (load_for).
#include <nlohmann/json.hpp>

#include "kernel/chinese_amount.hpp"
#include "kernel/percent.hpp"
#include "modules/accounts/api.hpp"
#include "modules/claims/api.hpp"
#include "modules/claims/errors.hpp"
#include "modules/claims/store.hpp"

namespace medrisk::claims {
namespace {

using nlohmann::json;

std::string date_zh(const std::string& iso_date) {
  auto d = Date::parse(iso_date.substr(0, 10));
  return d.ok() ? documents::chinese_date(*d) : iso_date;
}

Date date_or(const std::string& iso_date, Date fallback) {
  auto d = Date::parse(iso_date.substr(0, 10));
  return d.ok() ? *d : fallback;
}

std::string shanghai_date_zh(const std::optional<std::string>& iso_timestamp) {
  if (!iso_timestamp) return "—";
  auto t = Timestamp::parse(*iso_timestamp);
  return t.ok() ? documents::chinese_date(t->shanghai_date()) : *iso_timestamp;
}

// What both notices print about the claim and its parties.
json claim_values(db::Tx& tx, const Claim& c, const documents::Template& t) {
  auto names = accounts::directory::organization_names(tx, {c.insurer_org_id, c.insured_org_id});
  return {{"claim_number", claim_number(c)},
          {"policy_number", c.policy_number},
          {"insurer_name", names[c.insurer_org_id]},
          {"institution_name", names[c.insured_org_id]},
          {"patient_name", accounts::directory::display_names(tx, {c.patient_user_id})[c.patient_user_id]},
          {"incident_date", documents::chinese_date(c.incident_date)},
          {"notice_date", documents::chinese_date(c.notice_date)},
          {"source_zh", t.term("source", c.source)}};
}

}  // namespace

Result<documents::IssuedDocument> ClaimsService::refusal_notice_pdf(const RequestContext& ctx, std::int64_t id) {
  return db_.write([&](db::Tx& tx) -> Result<documents::IssuedDocument> {
    MEDRISK_TRY(Claim c, load_for(tx, ctx, id, nullptr));
    if (c.state != "denied" || !c.decision) return err(errors::claim_not_denied, "claim in " + c.state);
    const documents::Template& t = *params_.pdf.find("claim_refusal_notice");
    json values = claim_values(tx, c, t);
    json reasons = json::array();
    int n = 0;
    for (const auto& code : c.decision->reason_codes) {
      auto r = params_.reasons.find(code);
      reasons.push_back(
          {{"n", std::to_string(++n)}, {"reason_zh", r == params_.reasons.end() ? code : r->second.zh_cn}});
    }
    values["reasons"] = reasons;
    values["note"] = c.decision->note;
    values["decided_on"] = date_zh(c.decision->decided_on);
    Date date = date_or(c.decision->decided_on, ctx.now().shanghai_date());
    documents::IssueRequest r{
        "claim_refusal", std::to_string(c.id), &t, values, values["insurer_name"].get<std::string>(), date};
    return documents::issue(tx, ctx, params_.pdf, r);
  });
}

Result<documents::IssuedDocument> ClaimsService::settlement_notice_pdf(const RequestContext& ctx, std::int64_t id) {
  return db_.write([&](db::Tx& tx) -> Result<documents::IssuedDocument> {
    MEDRISK_TRY(Claim c, load_for(tx, ctx, id, nullptr));
    if ((c.state != "approved" && c.state != "paid") || !c.payable_fen)
      return err(errors::claim_not_settled, "claim in " + c.state);
    const documents::Template& t = *params_.pdf.find("claim_settlement_notice");
    ClaimView v = view_of(tx, c);
    json values = claim_values(tx, c, t);
    Money payable = *c.payable_fen;
    values["payable_cny"] = payable.to_string();
    values["payable_capital"] = chinese_capital_amount(payable);
    values["per_incident_limit_cny"] = c.per_incident_limit_fen.to_string();
    values["deductible_cny"] = c.deductible_fen.to_string();
    values["state_zh"] = t.term("state", c.state);
    values["agreed_cny"] = c.agreed_amount_fen ? c.agreed_amount_fen->to_string() : "";
    values["basis_zh"] = documents::fill(t.term("basis", c.agreed_amount_fen ? "agreed" : "assessed"), values);
    values["fixed_on"] = c.payable_fixed_on ? date_zh(*c.payable_fixed_on) : "";
    std::string partial;
    if (c.decision && c.decision->outcome == "partial")
      for (const auto& code : c.decision->reason_codes) {
        auto r = params_.reasons.find(code);
        partial += (partial.empty() ? "" : "；") + (r == params_.reasons.end() ? code : r->second.zh_cn);
      }
    values["partial_reasons"] = partial;

    json shares = json::array();
    for (const auto& s : v.shares) {
      Money part = s.payable_fen.value_or(Money::zero());
      shares.push_back({{"insurer_name", s.share.insurer_name},
                        {"role_zh", t.term("role", s.share.role)},
                        {"share_percent", percent_text(s.share.share_bp)},
                        {"payable_cny", part.to_string()},
                        {"payable_capital", chinese_capital_amount(part)}});
    }
    values["shares"] = shares;

    json payments = json::array();
    for (const auto& row : store::list_payments(tx, c.id)) {
      const Payment& p = row.p;
      payments.push_back({{"reference", p.reference},
                          {"kind_zh", t.term("kind", p.kind)},
                          {"payee_zh", t.term("payee", p.payee)},
                          {"account_masked", p.account_masked},
                          {"amount_cny", p.amount_fen.to_string()},
                          {"state_zh", t.term("payment_state", p.state)},
                          {"confirmed_on", shanghai_date_zh(p.confirmed_at)}});
    }
    values["payments"] = payments;
    values["no_payments"] = payments.empty() ? t.term("notice", "no_payments") : "";
    Money remaining = std::max(Money::zero(), payable - c.paid_fen);
    values["paid_cny"] = c.paid_fen.to_string();
    values["paid_capital"] = chinese_capital_amount(c.paid_fen);
    values["remaining_cny"] = remaining.to_string();
    values["remaining_capital"] = chinese_capital_amount(remaining);
    // The document's date: the day the claim was paid in full, else the day the payable was fixed.
    const std::optional<std::string>& day = c.paid_on ? c.paid_on : c.payable_fixed_on;
    Date date = day ? date_or(*day, ctx.now().shanghai_date()) : ctx.now().shanghai_date();
    values["document_date"] = documents::chinese_date(date);
    documents::IssueRequest r{
        "claim_settlement", std::to_string(c.id), &t, values, values["insurer_name"].get<std::string>(), date};
    return documents::issue(tx, ctx, params_.pdf, r);
  });
}

}  // namespace medrisk::claims
