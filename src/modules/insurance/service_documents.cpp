// The policy as a PDF (保险单, 保险法 arts. 13 and 18): the insured, the insurers and their shares, the
// product, period, limits, deductible, the premium in figures and in Chinese capitals with who pays it,
// and the clinicians covered. Wording in data/documents/policy_certificate.json; platform/documents
// renders and records each version (an endorsement or a cancellation changes the content: a new version).
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "kernel/chinese_amount.hpp"
#include "kernel/percent.hpp"
#include "modules/insurance/api.hpp"
#include "modules/insurance/errors.hpp"

namespace medrisk::insurance {
namespace {

using nlohmann::json;

std::string yuan_or(const documents::Template& t, Money m) {
  return m.is_zero() ? t.term("notice", "no_limit") : "人民币" + m.to_string() + "元";
}

}  // namespace

void InsuranceService::set_documents(documents::DocumentSet set) {
  if (!set.find("policy_certificate")) throw std::runtime_error("data/documents: policy_certificate missing");
  pdf_ = std::move(set);
}

Result<documents::IssuedDocument> InsuranceService::policy_pdf(const RequestContext& ctx, std::int64_t id) {
  if (!ctx.actor.has("policies.read") && !ctx.actor.has("policies.read_own"))
    return accounts::authorize(ctx.actor, "policies.read").take_error();
  const documents::Template* tp = pdf_.find("policy_certificate");
  if (!tp) return Error::of("internal_error", "policy_certificate template not loaded");
  const documents::Template& t = *tp;
  return db_.write([&](db::Tx& tx) -> Result<documents::IssuedDocument> {
    MEDRISK_TRY(Policy p, load_policy(tx, ctx, id, "policies.read"));
    std::vector<std::int64_t> org_ids{p.insured_org_id, p.insurer_org_id};
    for (const auto& m : p.coinsurance_pool) org_ids.push_back(m.insurer_org_id);
    auto orgs = accounts::directory::organization_names(tx, org_ids);
    std::vector<std::int64_t> user_ids;
    for (const auto& c : p.clinicians) user_ids.push_back(c.user_id);
    auto people = accounts::directory::display_names(tx, user_ids);
    const Product* product = find_product(p.product_code);
    Date issued =
        Timestamp::parse(p.created_at).ok() ? Timestamp::parse(p.created_at)->shanghai_date() : p.period_start;

    json values = {{"policy_number", p.policy_number},
                   {"product_name", product ? product->name_zh : p.product_code},
                   {"insured_name", orgs[p.insured_org_id]},
                   {"insurer_name", orgs[p.insurer_org_id]},
                   {"status_zh", t.term("status", p.status)},
                   {"issued_on", documents::chinese_date(issued)},
                   {"period_start", documents::chinese_date(p.period_start)},
                   {"period_end", documents::chinese_date(p.period_end)},
                   {"trigger_zh", t.term("trigger", p.trigger)},
                   {"retroactive_date",
                    p.retroactive_date ? documents::chinese_date(*p.retroactive_date) : t.term("notice", "no_limit")},
                   {"per_incident_limit", yuan_or(t, p.per_incident_limit_fen)},
                   {"aggregate_limit", yuan_or(t, p.aggregate_limit_fen)},
                   {"deductible_cny", p.deductible_fen.to_string()},
                   {"premium_cny", p.premium_fen.to_string()},
                   {"premium_capital", chinese_capital_amount(p.premium_fen)},
                   {"certificate_code", p.certificate_code}};
    json cancelled_values = {{"cancelled_on", p.cancelled_on ? documents::chinese_date(*p.cancelled_on) : ""},
                             {"refund_cny", p.refund_fen.to_string()},
                             {"refund_capital", chinese_capital_amount(p.refund_fen)}};
    values["cancelled_notice"] =
        p.status == "cancelled" ? documents::fill(t.term("notice", "cancelled"), cancelled_values) : "";

    json funding = json::array();
    for (const auto& f : p.funding_split)
      funding.push_back({{"payer_zh", t.term("payer", f.payer)},
                         {"share_percent", percent_text(f.share_bp)},
                         {"amount_cny", f.amount_fen.to_string()},
                         {"amount_capital", chinese_capital_amount(f.amount_fen)}});
    values["funding"] = funding;
    json insurers = json::array();
    if (p.coinsurance_pool.empty())
      insurers.push_back({{"insurer_name", orgs[p.insurer_org_id]},
                          {"role_zh", t.term("role", "lead")},
                          {"share_percent", "100%"},
                          {"premium_cny", p.premium_fen.to_string()}});
    for (const auto& m : p.coinsurance_pool)
      insurers.push_back({{"insurer_name", orgs[m.insurer_org_id]},
                          {"role_zh", t.term("role", m.role)},
                          {"share_percent", percent_text(m.share_bp)},
                          {"premium_cny", m.premium_fen.to_string()}});
    values["insurers"] = insurers;
    json clinicians = json::array();
    for (const auto& c : p.clinicians)
      clinicians.push_back({{"name", people[c.user_id]},
                            {"title", t.term("title", c.title)},
                            {"risk_class", t.term("risk_class", c.department_risk_class)},
                            {"added_on", documents::chinese_date(c.added_on)},
                            {"removed_on", c.removed_on ? documents::chinese_date(*c.removed_on) : "—"}});
    values["clinicians"] = clinicians;
    values["no_clinicians"] = clinicians.empty() ? t.term("notice", "no_clinicians") : "";

    documents::IssueRequest r{"policy", std::to_string(p.id), &t, values, orgs[p.insurer_org_id], issued};
    return documents::issue(tx, ctx, pdf_, r);
  });
}

}  // namespace medrisk::insurance
