// A saved calculation as an itemized PDF (医疗损害赔偿计算明细表): each head of damages with its formula
// and amount, the causation share and what the provider owes, the insurance part with the deductible
// and limits and the co-insurers' split, amounts owed in figures and in Chinese capitals. Printed from
// the stored result (what was saved is what is shown); wording in data/documents/compensation_calculation.json.
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "kernel/chinese_amount.hpp"
#include "kernel/percent.hpp"
#include "modules/compensation/api.hpp"

namespace medrisk::compensation {
namespace {

using nlohmann::json;

std::string cny(const json& fen) {
  return Money::from_fen(fen.get<std::int64_t>()).to_string();
}
std::string capital(const json& fen) {
  return chinese_capital_amount(Money::from_fen(fen.get<std::int64_t>()));
}

json lines_of(const json& lines, const documents::Template& t) {
  json out = json::array();
  for (const auto& l : lines)
    out.push_back({{"item_zh", t.term("item", l.at("item").get<std::string>())},
                   {"formula_zh", l.at("formula_zh")},
                   {"amount_cny", cny(l.at("amount_fen"))}});
  return out;
}

}  // namespace

void CompensationService::set_documents(documents::DocumentSet set) {
  if (!set.find("compensation_calculation"))
    throw std::runtime_error("data/documents: compensation_calculation missing");
  pdf_ = std::move(set);
}

Result<documents::IssuedDocument> CompensationService::calculation_pdf(const RequestContext& ctx, std::int64_t id) {
  MEDRISK_TRY(SavedCalculation c, get(ctx, id));
  const documents::Template* tp = pdf_.find("compensation_calculation");
  if (!tp) return Error::of("internal_error", "compensation_calculation template not loaded");
  const documents::Template& t = *tp;
  json result = json::parse(c.result_json);
  auto created = Timestamp::parse(c.created_at);
  Date date = created.ok() ? created->shanghai_date() : ctx.now().shanghai_date();
  json values = {
      {"label", c.label},
      {"case_id", std::to_string(c.case_id)},
      {"created_on", documents::chinese_date(date)},
      {"parameter_version", c.parameter_version},
      {"unverified_notice", result.value("parameters_verified", false) ? "" : t.term("notice", "unverified")},
      {"lines", lines_of(result.at("lines"), t)},
      {"gross_cny", cny(result.at("gross_fen"))},
      {"causation_formula", result.at("causation").at("formula_zh")},
      {"liable_cny", cny(result.at("liable_fen"))},
      {"liable_capital", capital(result.at("liable_fen"))}};
  const json& ins = result.at("insurance");
  if (ins.is_null()) {
    values["no_insurance"] = t.term("notice", "no_insurance");
  } else {
    values["cover_zh"] = t.term("cover", ins.at("cover").get<std::string>());
    values["insured_base_cny"] = cny(ins.at("base_fen"));
    values["payable_cny"] = cny(ins.at("payable_fen"));
    values["payable_capital"] = capital(ins.at("payable_fen"));
    values["uncovered_cny"] = cny(ins.at("uncovered_fen"));
    values["insurance_lines"] = lines_of(ins.at("lines"), t);
    json shares = json::array();
    for (const auto& s : ins.at("coinsurers"))
      shares.push_back({{"name", s.at("name")},
                        {"share_percent", percent_text(s.at("share_bp").get<std::int64_t>())},
                        {"amount_cny", cny(s.at("amount_fen"))},
                        {"amount_capital", capital(s.at("amount_fen"))}});
    values["coinsurers"] = shares;
  }
  documents::IssueRequest r{"compensation_calculation", std::to_string(c.id), &t, values, "", date};
  return db_.write([&](db::Tx& tx) -> Result<documents::IssuedDocument> { return documents::issue(tx, ctx, pdf_, r); });
}

}  // namespace medrisk::compensation
