// Disputes use cases for the legal-aid "1+3" documents: loading the templates of data/disputes/templates/
// and rendering one from a case for the patient, the assigned lawyer and the institution's officer.
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "modules/accounts/api.hpp"
#include "modules/disputes/errors.hpp"
#include "modules/disputes/people.hpp"
#include "modules/disputes/api.hpp"
#include "modules/disputes/store.hpp"
#include "platform/crypto/crypto.hpp"

namespace medrisk::disputes {
namespace {

constexpr std::string_view kNarrativeAad = "dispute_cases.narrative_enc";

std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + p.string());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

bool may_draw_up(const Actor& a, const DisputeCase& c) {
  if (a.has_role("patient") || a.has_role("medical_officer")) return true;
  return a.has_role("lawyer") && c.lawyer_user_id == a.user_id;
}

}  // namespace

std::map<std::string, DocumentTemplate> load_templates(const std::filesystem::path& dir) {
  auto index = nlohmann::json::parse(read_text(dir / "templates.json"));
  if (!index.contains("source")) throw std::runtime_error("templates.json: source missing");
  std::map<std::string, DocumentTemplate> out;
  for (const auto& t : index.at("templates")) {
    DocumentTemplate d{t.at("id"), t.at("title"), read_text(dir / t.at("file").get<std::string>())};
    out.emplace(d.id, std::move(d));
  }
  for (const auto& id : document_template_ids())
    if (!out.count(id)) throw std::runtime_error("templates.json: template missing: " + id);
  return out;
}

Result<DocumentTemplate> DisputesService::document(const RequestContext& ctx, std::int64_t id,
                                                   const std::string& template_id) {
  return reading(ctx, [&](db::Tx& tx) -> Result<DocumentTemplate> {
    MEDRISK_TRY(store::CaseRow row, load_for(tx, ctx, id, false));
    if (!may_draw_up(ctx.actor, row.c)) return Error::of(std::string(errors::document_not_for_role));
    auto t = params_.templates.find(template_id);
    if (t == params_.templates.end()) return Error::of(std::string(errors::document_template_unknown), template_id);
    DocumentFacts f = document_facts(tx, ctx, row);
    return DocumentTemplate{t->second.id, t->second.title, render_document(t->second.body, document_values(f))};
  });
}

DocumentFacts DisputesService::document_facts(db::Tx& tx, const RequestContext& ctx, const store::CaseRow& row) {
  const DisputeCase& c = row.c;
  DocumentFacts f;
  f.case_id = c.id;
  f.patient_name = accounts::directory::display_names(tx, {c.patient_user_id})[c.patient_user_id];
  auto org = accounts::directory::organization(tx, accounts::OrganizationId{c.institution_org_id});
  f.institution_name = org ? org->name : "";
  f.department = c.department;
  f.case_type = c.case_type;
  f.incident_date = c.incident_date;
  // Same rule as the case's narrative (PIPL art. 29): without the patient's consent, no facts.
  if (shared_read(tx, ctx, row, consent::kNarrative, "case:" + std::to_string(row.c.id) + "/document"))
    f.facts = keys_.decrypt(row.narrative_enc, kNarrativeAad);
  f.demand_fen = c.compensation_demand_fen;
  f.today = clock_.today();
  return f;
}

// The same document as a PDF (platform/documents): the Markdown wording becomes the template, the
// case's values its content; the digest covers the wording too (wording_sha256), so a changed text is a
// new version. "today" is the document's date, so a later day's download is a new version.
Result<documents::IssuedDocument> DisputesService::document_pdf(const RequestContext& ctx, std::int64_t id,
                                                                const std::string& template_id) {
  return db_.write([&](db::Tx& tx) -> Result<documents::IssuedDocument> {
    MEDRISK_TRY(store::CaseRow row, load_for(tx, ctx, id, false));
    if (!may_draw_up(ctx.actor, row.c)) return Error::of(std::string(errors::document_not_for_role));
    auto t = params_.templates.find(template_id);
    if (t == params_.templates.end()) return Error::of(std::string(errors::document_template_unknown), template_id);
    DocumentFacts f = document_facts(tx, ctx, row);
    nlohmann::json values = nlohmann::json::object();
    for (const auto& [k, v] : document_values(f)) values[k] = v;
    values["wording_sha256"] = crypto::sha256_hex(t->second.body);
    auto tpl = documents::template_from_markdown(t->second.id, 1, t->second.title, "医险通法援", "data/disputes/templates",
                                                 t->second.body);
    auto org = accounts::directory::organization(
        tx, accounts::OrganizationId{row.c.legal_aid_org_id.value_or(row.c.institution_org_id)});
    documents::IssueRequest r{"case_document:" + template_id, std::to_string(row.c.id), &tpl, values,
                              org ? org->name : "", f.today};
    return documents::issue(tx, ctx, params_.pdf, r);
  });
}

}  // namespace medrisk::disputes
