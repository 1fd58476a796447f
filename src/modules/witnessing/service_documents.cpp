// The witness certificate (术前谈话见证证书) as a PDF: what was witnessed with initials only, the risks
// acknowledged one by one, the record hash and leaf index, and a QR code that opens the public
// verification page /verify/witness/{public id}. Wording in data/documents/witness_certificate.json.
#include <nlohmann/json.hpp>

#include "modules/witnessing/api.hpp"
#include "modules/witnessing/errors.hpp"
#include "modules/witnessing/rules.hpp"

namespace medrisk::witnessing {
namespace {

using nlohmann::json;

std::string shanghai_time(const std::string& iso) {
  auto t = Timestamp::parse(iso);
  return t.ok() ? t->to_shanghai() : iso;
}

}  // namespace

Result<documents::IssuedDocument> WitnessingService::certificate(const RequestContext& ctx, std::int64_t id) {
  const documents::Template* t = pdf_.find("witness_certificate");
  if (!t) return Error::of("internal_error", "witness_certificate template not loaded");
  return db_.write([&](db::Tx& tx) -> Result<documents::IssuedDocument> {
    MEDRISK_TRY(RecordView v, load(tx, ctx, id));
    const WitnessRecord& r = v.record;
    if (r.status != "sealed") return err(errors::witness_not_sealed);
    json risks = json::array();
    int n = 0;
    for (const auto& k : r.risks)
      risks.push_back({{"n", std::to_string(++n)},
                       {"text", k.text_zh},
                       {"acknowledged_at", k.acknowledged_at ? shanghai_time(*k.acknowledged_at) : std::string()}});
    json values = {{"public_id", r.public_id},
                   {"institution_name", r.institution_name},
                   {"procedure_name", r.procedure_name_zh},
                   {"procedure_code", r.procedure_code},
                   {"procedure_date", documents::chinese_date(r.procedure_date)},
                   {"surgeon_initials", initials(r.surgeon_name)},
                   {"patient_initials", initials(r.personal.patient_name)},
                   {"surgeon_signed_at", shanghai_time(r.personal.surgeon_signature->signed_at)},
                   {"patient_signed_at", shanghai_time(r.personal.patient_signature->signed_at)},
                   {"risks", risks},
                   {"questions_count", std::to_string(r.personal.questions.size())},
                   {"alternatives_count", std::to_string(r.personal.alternatives.size())},
                   {"attachments_count", std::to_string(r.attachments.size())},
                   {"record_hash", *r.record_hash},
                   {"leaf_index", r.leaf_index ? std::to_string(*r.leaf_index) : std::string("—")},
                   {"sealed_at", shanghai_time(*r.sealed_at)},
                   {"sealed_on", documents::chinese_date(Timestamp::parse(*r.sealed_at)->shanghai_date())},
                   {"verify_path", "/verify/witness/" + r.public_id},
                   {"corrects", r.corrects_public_id ? json(*r.corrects_public_id) : json("")}};
    documents::IssueRequest req{"witness_record", std::to_string(r.id), t, values, r.institution_name,
                                Timestamp::parse(*r.sealed_at)->shanghai_date()};
    return documents::issue(tx, ctx, pdf_, req);
  });
}

}  // namespace medrisk::witnessing
