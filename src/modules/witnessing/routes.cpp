// HTTP ↔ witnessing service: decode (JsonReader), call one service function, encode.
#include "modules/witnessing/routes.hpp"

#include <nlohmann/json.hpp>

#include "kernel/json.hpp"
#include "modules/witnessing/errors.hpp"
#include "modules/witnessing/rules.hpp"
#include "platform/documents/http.hpp"
#include "platform/http/params.hpp"

namespace medrisk::witnessing {
namespace {

using http::context_of;
using http::id_param;
using http::nullable;
using http::Request;
using http::Response;
using nlohmann::json;

constexpr std::size_t kMaxNameCodePoints = 100;
constexpr std::size_t kUploadMaxBodyBytes = kMaxAttachmentBytes + (64u << 10);

std::string_view viewer_name(Viewer v) {
  switch (v) {
    case Viewer::surgeon: return "surgeon";
    case Viewer::institution: return "institution";
    case Viewer::patient: return "patient";
    case Viewer::grantee: return "grantee";
  }
  return "institution";
}

json signature_json(const std::optional<Signature>& s) {
  if (!s) return nullptr;
  return {{"text", s->text}, {"signed_at", s->signed_at}};
}

json to_json(const Attachment& a) {
  return {{"id", a.id},         {"kind", a.kind},       {"file_name", a.file_name}, {"content_type", a.content_type},
          {"sha256", a.sha256}, {"size_bytes", a.size_bytes}, {"uploaded_at", a.uploaded_at}};
}

json to_json(const WitnessRecord& r) {
  json risks = json::array();
  for (const auto& k : r.risks)
    risks.push_back({{"key", k.key}, {"text_zh", k.text_zh}, {"text_en", k.text_en}, {"acknowledged_at", nullable(k.acknowledged_at)}});
  json qs = json::array();
  for (const auto& q : r.personal.questions) qs.push_back({{"question", q.question}, {"answer", q.answer}});
  json files = json::array();
  for (const auto& a : r.attachments) files.push_back(to_json(a));
  return {{"id", r.id},
          {"public_id", r.public_id},
          {"institution_id", r.institution_id},
          {"institution_name", r.institution_name},
          {"surgeon_user_id", r.surgeon_user_id},
          {"surgeon_name", r.surgeon_name},
          {"procedure_code", r.procedure_code},
          {"procedure_name_zh", r.procedure_name_zh},
          {"procedure_name_en", r.procedure_name_en},
          {"procedure_date", r.procedure_date.to_string()},
          {"status", r.status},
          {"stage", stage(r)},
          {"patient_name", r.personal.patient_name},
          {"patient_phone", r.personal.patient_phone},
          {"representative_name", nullable(r.personal.representative_name)},
          {"representative_relationship", nullable(r.personal.representative_relationship)},
          {"risks", risks},
          {"risks_acknowledged", acknowledged_count(r)},
          {"questions", qs},
          {"alternatives", r.personal.alternatives},
          {"attachments", files},
          {"surgeon_signature", signature_json(r.personal.surgeon_signature)},
          {"patient_signature", signature_json(r.personal.patient_signature)},
          {"corrects_id", nullable(r.corrects_id)},
          {"corrected_by_id", nullable(r.corrected_by_id)},
          {"record_hash", nullable(r.record_hash)},
          {"leaf_index", nullable(r.leaf_index)},
          {"sealed_at", nullable(r.sealed_at)},
          {"created_at", r.created_at},
          {"updated_at", r.updated_at}};
}

json to_json(const insurance::SurgicalCover& c) {
  return {{"policy_number", c.policy_number},     {"product_code", c.product_code},
          {"period_start", c.period_start.to_string()}, {"period_end", c.period_end.to_string()},
          {"premium_fen", c.premium_fen.fen()},    {"sum_insured_fen", c.sum_insured_fen.fen()},
          {"medical_costs_limit_fen", c.medical_costs_limit_fen.fen()}, {"created_at", c.created_at}};
}

json to_json(const RecordView& v, const insurance::Product* offer) {
  json j = to_json(v.record);
  j["viewer"] = viewer_name(v.viewer);
  j["surgical_cover"] = v.cover ? to_json(*v.cover) : json(nullptr);
  j["surgical_cover_offer"] =
      offer && offer->premium_fen
          ? json{{"product_code", offer->code}, {"name_zh", offer->name_zh}, {"name_en", offer->name_en},
                 {"premium_fen", offer->premium_fen->fen()}, {"sum_insured_fen", offer->per_person_limit_fen.fen()},
                 {"term_days", offer->term_days}}
          : json(nullptr);
  return j;
}

std::vector<QuestionAnswer> decode_questions(JsonReader& in) {
  std::vector<QuestionAnswer> out;
  if (const json* a = in.array("questions", kMaxQuestions, false))
    for (std::size_t i = 0; i < a->size(); ++i) {
      JsonReader q((*a)[i], in.path_of("questions") + "/" + std::to_string(i));
      if (!(*a)[i].is_object()) {
        in.add("questions", "field_wrong_type");
        continue;
      }
      QuestionAnswer qa{q.string("question", kMaxTextLength), q.string("answer", kMaxTextLength)};
      q.allow_only({"question", "answer"});
      in.merge(std::move(q));
      out.push_back(std::move(qa));
    }
  return out;
}

std::vector<std::string> decode_alternatives(JsonReader& in) {
  std::vector<std::string> out;
  if (const json* a = in.array("alternatives", kMaxAlternatives, false))
    for (const auto& v : *a) {
      if (!v.is_string() || !utf8_length(v.get<std::string>()) || *utf8_length(v.get<std::string>()) > kMaxTextLength)
        in.add("alternatives", "field_wrong_type");
      else
        out.push_back(v.get<std::string>());
    }
  return out;
}

void add_record_routes(http::Router& r, WitnessingService& s, const Clock& clock) {
  r.get("/api/v1/witness-templates", [&s](Request&) -> Result<Response> {
    json items = json::array();
    for (const auto& p : s.templates().procedures) {
      json risks = json::array(), alts = json::array();
      for (const auto& k : p.risks) risks.push_back({{"key", k.key}, {"text_zh", k.text_zh}, {"text_en", k.text_en}});
      for (const auto& a : p.alternatives) alts.push_back({{"text_zh", a.text_zh}, {"text_en", a.text_en}});
      items.push_back({{"code", p.code}, {"name_zh", p.name_zh}, {"name_en", p.name_en}, {"risks", risks}, {"alternatives", alts}});
    }
    return Response::json(200, {{"version", s.templates().version}, {"items", items}});
  });
  r.get("/api/v1/witness-records", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(http::Page p, http::page_params(req, kMaxPageSize));
    MEDRISK_TRY(auto list, s.list(context_of(req, clock), p.after_id, p.limit));
    json items = json::array();
    for (const auto& w : list) items.push_back(to_json(w));
    return Response::json(200, http::page_json(list, items, p.limit));
  });
  r.post("/api/v1/witness-records", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(json body, req.json_body());
    JsonReader in(body);
    NewRecord n;
    n.procedure_code = in.string("procedure_code", 20);
    n.procedure_date = in.date("procedure_date");
    n.patient_name = in.string("patient_name", kMaxNameCodePoints);
    n.patient_phone = in.string("patient_phone", 20);
    n.representative_name = in.optional_string("representative_name", kMaxNameCodePoints);
    n.representative_relationship = in.optional_string("representative_relationship", 20);
    n.questions = decode_questions(in);
    n.alternatives = decode_alternatives(in);
    in.allow_only({"procedure_code", "procedure_date", "patient_name", "patient_phone", "representative_name",
                   "representative_relationship", "questions", "alternatives"});
    MEDRISK_CHECK(in.finish());
    MEDRISK_TRY(RecordView v, s.create(context_of(req, clock), n));
    return Response::json(201, to_json(v, s.cover_product()));
  });
  r.get("/api/v1/witness-records/{id}", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(std::int64_t id, id_param(req, "id"));
    MEDRISK_TRY(RecordView v, s.get(context_of(req, clock), id));
    return Response::json(200, to_json(v, s.cover_product()));
  });
  r.put("/api/v1/witness-records/{id}", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(std::int64_t id, id_param(req, "id"));
    MEDRISK_TRY(json body, req.json_body());
    JsonReader in(body);
    Content c{decode_questions(in), decode_alternatives(in)};
    in.allow_only({"questions", "alternatives"});
    MEDRISK_CHECK(in.finish());
    MEDRISK_TRY(RecordView v, s.update_content(context_of(req, clock), id, c));
    return Response::json(200, to_json(v, s.cover_product()));
  });
  r.post("/api/v1/witness-records/{id}/acknowledgements", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(std::int64_t id, id_param(req, "id"));
    MEDRISK_TRY(json body, req.json_body());
    JsonReader in(body);
    auto key = in.string("risk_key", 64);
    in.allow_only({"risk_key"});
    MEDRISK_CHECK(in.finish());
    MEDRISK_TRY(RecordView v, s.acknowledge(context_of(req, clock), id, key));
    return Response::json(200, to_json(v, s.cover_product()));
  });
  r.post("/api/v1/witness-records/{id}/signatures", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(std::int64_t id, id_param(req, "id"));
    MEDRISK_TRY(json body, req.json_body());
    JsonReader in(body);
    auto text = in.string("signature_text", kMaxNameCodePoints);
    in.allow_only({"signature_text"});
    if (in.ok() && text.find_first_not_of(" \t") == std::string::npos) in.add("signature_text", "field_required");
    MEDRISK_CHECK(in.finish());
    MEDRISK_TRY(RecordView v, s.sign(context_of(req, clock), id, text));
    return Response::json(200, to_json(v, s.cover_product()));
  });
  r.post("/api/v1/witness-records/{id}/corrections", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(std::int64_t id, id_param(req, "id"));
    MEDRISK_TRY(RecordView v, s.correct(context_of(req, clock), id));
    return Response::json(201, to_json(v, s.cover_product()));
  }, http::Access::authenticated, http::Body::none);
  r.post("/api/v1/witness-records/{id}/surgical-cover", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(std::int64_t id, id_param(req, "id"));
    MEDRISK_TRY(auto c, s.buy_cover(context_of(req, clock), id));
    return Response::json(201, to_json(c));
  }, http::Access::authenticated, http::Body::none);
  r.get("/api/v1/witness-records/{id}/certificate.pdf", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(std::int64_t id, id_param(req, "id"));
    MEDRISK_TRY(auto d, s.certificate(context_of(req, clock), id));
    return documents::pdf_response(d, "witness-certificate-" + std::to_string(id));
  });
}

void add_attachment_routes(http::Router& r, WitnessingService& s, const Clock& clock) {
  http::Route upload;
  upload.method = http::Method::post;
  upload.pattern = "/api/v1/witness-records/{id}/attachments";
  upload.max_body_bytes = kUploadMaxBodyBytes;
  upload.body = http::Body::raw;  // the file itself; its type is checked by its first bytes
  upload.handler = [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto id, id_param(req, "id"));
    MEDRISK_TRY(auto u, http::upload_params(req));
    MEDRISK_TRY(auto a, s.upload(context_of(req, clock), id, u.file_name, u.media_type, req.body));
    return Response::json(201, to_json(a));
  };
  r.add(std::move(upload));
  r.get("/api/v1/witness-records/{id}/attachments/{attachment_id}", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto id, id_param(req, "id"));
    MEDRISK_TRY(auto aid, id_param(req, "attachment_id"));
    MEDRISK_TRY(auto f, s.download(context_of(req, clock), id, aid));
    Response resp;
    resp.content_type = f.meta.content_type;
    resp.body = std::move(f.bytes);
    resp.headers.emplace_back("Content-Disposition", "attachment");
    resp.headers.emplace_back("X-Content-SHA256", f.meta.sha256);
    return resp;
  });
}

void add_public_routes(http::Router& r, WitnessingService& s) {
  r.get("/api/v1/witness-verifications/{public_id}", [&s](Request& req) -> Result<Response> {
    std::string id(req.param("public_id"));
    if (id.empty() || id.size() > 64) return err(errors::resource_not_found);
    MEDRISK_TRY(PublicView v, s.public_view(id));
    json out = v.view;
    out["canonical"] = v.canonical;
    out["proof"] = v.proof ? *v.proof : json(nullptr);
    return Response::json(200, out);
  }, http::Access::public_);
}

}  // namespace

void add_routes(http::Router& router, WitnessingService& service, const Clock& clock) {
  add_record_routes(router, service, clock);
  add_attachment_routes(router, service, clock);
  add_public_routes(router, service);
}

}  // namespace medrisk::witnessing
