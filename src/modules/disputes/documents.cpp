// Legal-aid "1+3" documents: template placeholders filled from a case (see documents.hpp).
#include "modules/disputes/documents.hpp"

namespace medrisk::disputes {

const std::vector<std::string>& document_template_ids() {
  static const std::vector<std::string> ids = {"complaint_letter", "mediation_application", "statement_of_claim"};
  return ids;
}

std::string chinese_date(Date d) {
  return std::to_string(d.year()) + "年" + std::to_string(d.month()) + "月" + std::to_string(d.day()) + "日";
}

namespace {
std::string case_type_zh(const std::string& t) {
  if (t == "death") return "患者死亡";
  if (t == "disability") return "患者残疾";
  return "患者人身损害";
}
}  // namespace

std::map<std::string, std::string> document_values(const DocumentFacts& f) {
  return {{"case_id", std::to_string(f.case_id)},
          {"patient_name", f.patient_name},
          {"institution_name", f.institution_name},
          {"department", f.department},
          {"case_type_zh", case_type_zh(f.case_type)},
          {"incident_date", chinese_date(f.incident_date)},
          {"facts", f.facts.value_or("（事实经过由患者本人补充；未经患者同意，本文书不载明其陈述。）")},
          {"demand_cny", "人民币 " + f.demand_fen.to_string() + " 元"},
          {"today", chinese_date(f.today)}};
}

std::string render_document(const std::string& body, const std::map<std::string, std::string>& values) {
  std::string out;
  out.reserve(body.size());
  std::size_t pos = 0;
  while (pos < body.size()) {
    std::size_t open = body.find("{{", pos);
    std::size_t close = open == std::string::npos ? open : body.find("}}", open + 2);
    if (close == std::string::npos) {
      out.append(body, pos, std::string::npos);
      break;
    }
    out.append(body, pos, open - pos);
    auto it = values.find(body.substr(open + 2, close - open - 2));
    if (it != values.end()) out += it->second;
    else out.append(body, open, close + 2 - open);
    pos = close + 2;
  }
  return out;
}

}  // namespace medrisk::disputes
