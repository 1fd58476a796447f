// Legal-aid "1+3" documents (投诉书, 调解申请书, 民事起诉状): pure rendering of a data template
// (data/disputes/templates/*.md) with values taken from a case. No I/O, no database.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kernel/date.hpp"
#include "kernel/money.hpp"

namespace medrisk::disputes {

// The templates a party may render; each is data/disputes/templates/<id>.md.
const std::vector<std::string>& document_template_ids();

struct DocumentTemplate {
  std::string id, title, body;  // body holds {{placeholders}}
};

// What a document says about a case. `facts` is the narrative, nullopt when the reader may not see it.
struct DocumentFacts {
  std::int64_t case_id = 0;
  std::string patient_name, institution_name, department, case_type;
  Date incident_date;
  std::optional<std::string> facts;
  Money demand_fen;
  Date today;
};

// Placeholder values: case_id, patient_name, institution_name, department, case_type_zh, incident_date
// (YYYY年M月D日), facts (or a line asking the patient to fill them in), demand_cny ("人民币 1,500.00 元"), today.
std::map<std::string, std::string> document_values(const DocumentFacts& f);

// Replaces every {{name}} with its value; a placeholder without a value stays as written so a template
// mistake is visible in the document instead of silently dropping text.
std::string render_document(const std::string& body, const std::map<std::string, std::string>& values);

// "2026年3月5日" (the date format of Chinese court and complaint documents).
std::string chinese_date(Date d);

}  // namespace medrisk::disputes
