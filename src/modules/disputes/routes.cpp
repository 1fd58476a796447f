// HTTP ↔ disputes service: decode (JsonReader), call one service function, encode.
#include "modules/disputes/routes.hpp"
#include "platform/http/params.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "kernel/json.hpp"
#include "modules/disputes/errors.hpp"
#include "platform/documents/http.hpp"
#include "platform/exports/xlsx.hpp"

namespace medrisk::disputes {
namespace {

using http::context_of;
using http::id_param;
using http::nullable;

using http::Request;
using http::Response;
using nlohmann::json;

constexpr std::size_t kMaxTextCodePoints = 2000;
// The upload route takes a little more than the file limit so that an oversize file gets the
// module's own attachment_too_large answer; anything larger is cut off by the HTTP layer.
constexpr std::size_t kUploadMaxBodyBytes = kMaxAttachmentBytes + (64u << 10);
const Money kMaxAmount = Money::from_fen(100'000'000'000);  // 1 billion CNY: a sanity bound, not law

json to_json(const ComplaintView& v) {
  const Complaint& c = v.c;
  return {{"id", c.id}, {"patient_user_id", c.patient_user_id}, {"institution_org_id", c.institution_org_id},
          {"filed_by_user_id", c.filed_by_user_id}, {"category", c.category}, {"department", c.department},
          {"incident_date", c.incident_date.to_string()}, {"multi_department", c.multi_department},
          {"narrative", nullable(c.narrative)}, {"state", c.state}, {"response", nullable(c.response)},
          {"responded_on", nullable(c.responded_on)}, {"case_id", nullable(c.case_id)}, {"filed_on", c.filed_on},
          {"response_due", v.response_due}, {"confirmation_due", nullable(v.confirmation_due)}, {"overdue", v.overdue},
          {"calendar_uncovered", v.calendar_uncovered}, {"reopened_on", nullable(c.reopened_on)},
          {"created_at", c.created_at}, {"updated_at", c.updated_at}};
}

json figures_json(const CaseFigures& f) {
  auto rate = f.mediation_success_rate_bp();
  auto days = f.average_days_to_resolution();
  return {{"total", f.total}, {"open", f.open}, {"overdue", f.overdue}, {"resolved", f.resolved},
          {"by_state", f.by_state}, {"mediation_agreed", f.mediation_agreed}, {"mediation_failed", f.mediation_failed},
          {"mediation_success_rate_bp", rate ? json(*rate) : json(nullptr)},
          {"average_days_to_resolution", days ? json(*days) : json(nullptr)}};
}

json to_json(const DisputesSummary& s) {
  json complaints = nullptr;
  if (s.complaints_by_state) {
    json due = json::array();
    for (const auto& v : s.complaints_due_soon)
      due.push_back({{"id", v.c.id}, {"department", v.c.department}, {"response_due", v.response_due},
                     {"overdue", v.overdue}});
    complaints = {{"open", s.complaints_open}, {"overdue", s.complaints_overdue}, {"by_state", *s.complaints_by_state},
                  {"due_soon", due}};
  }
  json cases = figures_json(s.cases.all);
  json due = json::array();
  for (const auto& c : s.cases.due_soon)
    due.push_back({{"id", c.id}, {"state", c.state}, {"channel", nullable(c.channel)}, {"due_on", *c.due_on},
                   {"overdue", *c.due_on < s.as_of}});
  cases["due_soon"] = due;
  json regions = json::array();
  for (const auto& [code, f] : s.cases.by_region) {
    json r = figures_json(f);
    r["region_code"] = code;
    regions.push_back(r);
  }
  return {{"as_of", s.as_of}, {"complaints", complaints}, {"cases", cases}, {"by_region", regions}};
}

json to_json(const CaseView& v) {
  const DisputeCase& c = v.c;
  json deadlines = json::array();
  for (const auto& d : v.deadlines)
    deadlines.push_back({{"id", d.id}, {"due", d.due}, {"paused", d.paused}, {"overdue", d.overdue},
                         {"calendar_uncovered", d.calendar_uncovered},
                         {"remaining_working_days", d.remaining_working_days ? json(*d.remaining_working_days) : json(nullptr)}});
  return {{"id", c.id}, {"complaint_id", nullable(c.complaint_id)}, {"patient_user_id", c.patient_user_id},
          {"institution_org_id", c.institution_org_id}, {"clinician_user_id", nullable(c.clinician_user_id)},
          {"region_code", c.region_code}, {"case_type", c.case_type}, {"department", c.department},
          {"incident_date", c.incident_date.to_string()}, {"death_at", nullable(c.death_at)},
          {"narrative", nullable(c.narrative)}, {"narrative_withheld", c.narrative_withheld},
          {"compensation_demand_fen", c.compensation_demand_fen.fen()}, {"state", c.state}, {"channel", nullable(c.channel)},
          {"refusal_reason", nullable(c.refusal_reason)}, {"committee_org_id", nullable(c.committee_org_id)},
          {"mediator_user_id", nullable(c.mediator_user_id)}, {"insurer_org_id", nullable(c.insurer_org_id)},
          {"adjuster_user_id", nullable(c.adjuster_user_id)}, {"policy_id", nullable(c.policy_id)},
          {"legal_aid_org_id", nullable(c.legal_aid_org_id)}, {"lawyer_user_id", nullable(c.lawyer_user_id)},
          {"court", nullable(c.court)}, {"court_case_number", nullable(c.court_case_number)},
          {"judgment_fen", nullable(c.judgment_fen)}, {"agreement_fen", nullable(c.agreement_fen)}, {"filed_on", c.filed_on},
          {"accepted_on", nullable(c.accepted_on)}, {"due_on", nullable(v.due_on)}, {"deadlines", deadlines},
          {"missing_materials", v.missing_materials}, {"next_routes", v.next_routes},
          {"mediation_extended_working_days", v.mediation_extended_working_days}, {"created_at", c.created_at},
          {"updated_at", c.updated_at}};
}

json to_json(const CaseEvent& e) {
  return {{"id", e.id}, {"kind", e.kind}, {"from_state", nullable(e.from_state)}, {"to_state", nullable(e.to_state)},
          {"actor_user_id", nullable(e.actor_user_id)}, {"details", json::parse(e.details_json)}, {"at", e.at}};
}

json to_json(const Attachment& a) {
  return {{"id", a.id}, {"item_id", a.item_id}, {"file_name", a.file_name}, {"content_type", a.content_type},
          {"size_bytes", a.size_bytes}, {"sha256", a.sha256}, {"uploaded_at", a.uploaded_at}};
}

json to_json(const MaterialsView& v) {
  json items = json::array();
  for (const auto& i : v.items) {
    json files = json::array();
    for (const auto& a : i.attachments) files.push_back(to_json(a));
    items.push_back({{"item_id", i.item.id}, {"name_zh", i.item.name_zh}, {"name_en", i.item.name_en},
                     {"required", i.item.required}, {"status", i.status.status},
                     {"rejection_reason", nullable(i.status.rejection_reason)},
                     {"attachments", v.attachments_withheld ? json(nullptr) : files}});
  }
  return {{"case_type", v.case_type}, {"complete", v.complete}, {"missing", v.missing},
          {"attachments_withheld", v.attachments_withheld}, {"items", items}};
}

json to_json(const std::vector<ConsentGrant>& grants) {
  json items = json::array();
  for (const auto& g : grants)
    items.push_back({{"grantee_role", g.grantee_role}, {"granted", g.granted},
                     {"changed_at", g.changed_at.empty() ? json(nullptr) : json(g.changed_at)}});
  return {{"items", items}};
}

json to_json(const MediationSession& s) {
  json offers = json::array();
  for (const auto& o : s.offers) offers.push_back({{"party", o.party}, {"amount_fen", o.amount_fen.fen()}, {"note", o.note}});
  return {{"id", s.id}, {"scheduled_at", s.scheduled_at}, {"place", s.place}, {"attendees", s.attendees},
          {"minutes", nullable(s.minutes)}, {"offers", offers}, {"outcome", nullable(s.outcome)}, {"created_at", s.created_at}};
}

json to_json(const Agreement& a) {
  json payers = json::array();
  for (const auto& p : a.payers) payers.push_back({{"payer", p.payer}, {"amount_fen", p.amount_fen.fen()}});
  return {{"amount_fen", a.amount_fen.fen()}, {"payers", payers}, {"patient_signature", nullable(a.patient_signature)},
          {"patient_signed_at", nullable(a.patient_signed_at)}, {"provider_signature", nullable(a.provider_signature)},
          {"provider_signed_at", nullable(a.provider_signed_at)}, {"created_at", a.created_at}};
}

void add_complaint_routes(http::Router& r, DisputesService& s, const Clock& clock) {
  r.post("/api/v1/complaints", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(json body, req.json_body());
    JsonReader in(body);
    NewComplaint c;
    if (auto p = in.optional_integer("patient_user_id", 1, INT64_MAX)) c.patient_user_id = *p;
    c.institution_org_id = in.integer("institution_org_id", 1, INT64_MAX);
    c.category = in.one_of("category", {"diagnosis_treatment", "nursing", "service_attitude", "fees", "medical_records", "other"});
    c.department = in.string("department", 50);
    c.incident_date = in.date("incident_date");
    c.narrative = in.string("narrative", kMaxNarrativeCodePoints);
    c.multi_department = in.optional_boolean("multi_department").value_or(false);
    in.allow_only({"patient_user_id", "institution_org_id", "category", "department", "incident_date", "narrative",
                   "multi_department"});
    MEDRISK_CHECK(in.finish());
    MEDRISK_TRY(auto v, s.file_complaint(context_of(req, clock), c));
    return Response::json(201, to_json(v));
  });
  r.get("/api/v1/complaints", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(http::Page p, http::page_params(req, kMaxListPage));
    auto state = req.query_param("state");
    if (state && state->empty()) state.reset();
    MEDRISK_TRY(auto list, s.list_complaints(context_of(req, clock), state, p.after_id, p.limit));
    json items = json::array();
    for (const auto& v : list) items.push_back(to_json(v));
    return Response::json(200, http::page_json(items, list.size(), p.limit, list.empty() ? 0 : list.back().c.id));
  });
  r.get("/api/v1/complaints/institutions", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto list, s.institutions(context_of(req, clock)));
    json items = json::array();
    for (const auto& o : list) items.push_back({{"id", o.id}, {"name", o.name}, {"region_code", o.region_code}});
    return Response::json(200, {{"items", items}});
  });
  r.get("/api/v1/complaints/{id}", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto id, id_param(req, "id"));
    MEDRISK_TRY(auto v, s.get_complaint(context_of(req, clock), id));
    return Response::json(200, to_json(v));
  });
  r.post("/api/v1/complaints/{id}/actions", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto id, id_param(req, "id"));
    MEDRISK_TRY(json body, req.json_body());
    JsonReader in(body);
    auto action = in.one_of("action", {"respond", "confirm", "close", "reopen", "escalate"});
    auto text = in.optional_string("text", kMaxTextCodePoints);
    auto case_type = in.optional_string("case_type", 20);
    if (case_type && *case_type != "death" && *case_type != "disability" && *case_type != "other_harm")
      in.add("case_type", "field_value_not_allowed");
    auto demand = in.optional_money_fen("compensation_demand_fen", Money::zero(), kMaxAmount);
    in.allow_only({"action", "text", "case_type", "compensation_demand_fen"});
    MEDRISK_CHECK(in.finish());
    MEDRISK_TRY(auto v, s.complaint_action(context_of(req, clock), id, action, text, case_type, demand));
    return Response::json(200, to_json(v));
  });
}

// The list's filters (GET /cases and GET /cases.xlsx): state, institution_org_id, overdue=true.
Result<CaseFilter> case_filter(const Request& req) {
  CaseFilter f;
  if (auto st = req.query_param("state"); st && !st->empty()) f.state = *st;
  if (auto inst = req.query_param("institution_org_id"); inst && !inst->empty()) {
    try {
      f.institution_org_id = std::stoll(*inst);
    } catch (const std::exception&) {
      return Error::of("request_invalid").with("/institution_org_id", "field_wrong_type");
    }
  }
  f.overdue_only = req.query_param("overdue").value_or("") == "true";
  return f;
}

void add_case_routes(http::Router& r, DisputesService& s, const Clock& clock) {
  r.post("/api/v1/cases", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(json body, req.json_body());
    JsonReader in(body);
    NewCase c;
    if (auto p = in.optional_integer("patient_user_id", 1, INT64_MAX)) c.patient_user_id = *p;
    c.institution_org_id = in.integer("institution_org_id", 1, INT64_MAX);
    if (auto p = in.optional_integer("clinician_user_id", 1, INT64_MAX)) c.clinician_user_id = *p;
    c.case_type = in.one_of("case_type", {"death", "disability", "other_harm"});
    c.department = in.string("department", 50);
    c.incident_date = in.date("incident_date");
    if (auto t = in.optional_timestamp("death_at")) c.death_at = t->to_iso_utc();
    c.narrative = in.string("narrative", kMaxNarrativeCodePoints);
    c.compensation_demand_fen = in.money_fen("compensation_demand_fen", Money::zero(), kMaxAmount);
    in.allow_only({"patient_user_id", "institution_org_id", "clinician_user_id", "case_type", "department",
                   "incident_date", "death_at", "narrative", "compensation_demand_fen"});
    MEDRISK_CHECK(in.finish());
    MEDRISK_TRY(auto v, s.file_case(context_of(req, clock), c));
    return Response::json(201, to_json(v));
  });
  r.get("/api/v1/cases", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(http::Page p, http::page_params(req, kMaxListPage));
    MEDRISK_TRY(CaseFilter f, case_filter(req));
    f.after_id = p.after_id;
    f.limit = p.limit;
    MEDRISK_TRY(auto list, s.list_cases(context_of(req, clock), f));
    json items = json::array();
    for (const auto& v : list) items.push_back(to_json(v));
    return Response::json(200, http::page_json(items, list.size(), p.limit, list.empty() ? 0 : list.back().c.id));
  });
  // The list as an Excel workbook: the same filters, permissions and service call (platform/exports).
  r.get("/api/v1/cases.xlsx", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(CaseFilter f, case_filter(req));
    auto ctx = context_of(req, clock);
    return exports::export_list(req.lang == "en-US" ? "Cases" : "纠纷案件", export_columns(), req.lang, "cases",
                                kMaxListPage, [&](std::int64_t after_id, int limit) -> Result<exports::ExportPage> {
                                  f.after_id = after_id;
                                  f.limit = limit;
                                  MEDRISK_TRY(auto list, s.list_cases(ctx, f));
                                  exports::ExportPage page;
                                  for (const auto& v : list) page.rows.push_back(to_json(v));
                                  if (!list.empty()) page.last_id = list.back().c.id;
                                  return page;
                                });
  });
  r.get("/api/v1/disputes/summary", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto v, s.summary(context_of(req, clock)));
    return Response::json(200, to_json(v));
  });
  r.get("/api/v1/cases/{id}", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto id, id_param(req, "id"));
    MEDRISK_TRY(auto v, s.get_case(context_of(req, clock), id));
    return Response::json(200, to_json(v));
  });
  r.post("/api/v1/cases/{id}/transitions", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto id, id_param(req, "id"));
    MEDRISK_TRY(json body, req.json_body());
    JsonReader in(body);
    TransitionRequest t;
    t.action = in.string("action", 40);
    if (!t.action.empty() && !find_transition(t.action)) in.add("action", "field_value_not_allowed");
    t.reason = in.optional_string("reason", kMaxTextCodePoints);
    t.channel = in.optional_string("channel", 40);
    t.court = in.optional_string("court", 100);
    t.court_case_number = in.optional_string("court_case_number", 60);
    t.judgment_fen = in.optional_money_fen("judgment_fen", Money::zero(), kMaxAmount);
    in.allow_only({"action", "reason", "channel", "court", "court_case_number", "judgment_fen"});
    MEDRISK_CHECK(in.finish());
    MEDRISK_TRY(auto v, s.transition(context_of(req, clock), id, t));
    return Response::json(200, to_json(v));
  });
  // Decree 701 art. 38: people's mediation extended by agreement of the committee and both parties.
  r.post("/api/v1/cases/{id}/mediation-extensions", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto id, id_param(req, "id"));
    MEDRISK_TRY(json body, req.json_body());
    JsonReader in(body);
    ExtensionInput e;
    e.working_days = static_cast<int>(in.integer("working_days", 1, 1000));
    e.patient_agreed = in.boolean("patient_agreed");
    e.institution_agreed = in.boolean("institution_agreed");
    e.note = in.optional_string("note", kMaxTextCodePoints).value_or("");
    in.allow_only({"working_days", "patient_agreed", "institution_agreed", "note"});
    MEDRISK_CHECK(in.finish());
    MEDRISK_TRY(auto v, s.extend_mediation(context_of(req, clock), id, e));
    return Response::json(200, to_json(v));
  });
  r.get("/api/v1/cases/{id}/events", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto id, id_param(req, "id"));
    MEDRISK_TRY(http::Page p, http::page_params(req, kMaxEventsPerPage));
    MEDRISK_TRY(auto list, s.events(context_of(req, clock), id, p.after_id, p.limit));
    json items = json::array();
    for (const auto& e : list) items.push_back(to_json(e));
    return Response::json(200, http::page_json(items, list.size(), p.limit, list.empty() ? 0 : list.back().id));
  });
  r.post("/api/v1/cases/{id}/record-events", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto id, id_param(req, "id"));
    MEDRISK_TRY(json body, req.json_body());
    JsonReader in(body);
    RecordEventInput e;
    e.kind = in.one_of("kind", {"record_sealing", "record_unsealing", "record_copying"});
    e.at = in.timestamp("at");
    e.note = in.optional_string("note", kMaxTextCodePoints).value_or("");
    if (const json* present = in.array("present", kMaxAttendees)) {
      for (const auto& p : *present) {
        if (p.is_string() && !p.get<std::string>().empty() && p.get<std::string>().size() <= 200) e.present.push_back(p);
        else in.add("present", "field_wrong_type");
      }
      // Decree 701 art. 24: sealing happens with both parties present (unsealing too, unless the institution
      // unseals alone after the dispute or the 3 years: check_record_event).
      if (e.kind == "record_sealing" && e.present.size() < 2) in.add("present", "field_out_of_range", "both parties");
    }
    if (const json* records = in.array("records", kMaxSealedRecords, false)) {
      for (const auto& x : *records) {
        if (x.is_string() && !x.get<std::string>().empty() && x.get<std::string>().size() <= 200) e.records.push_back(x);
        else in.add("records", "field_wrong_type");
      }
      if (e.kind != "record_sealing") in.add("records", "field_value_not_allowed");
    }
    in.allow_only({"kind", "at", "present", "note", "records"});
    MEDRISK_CHECK(in.finish());
    MEDRISK_TRY(auto ev, s.record_event(context_of(req, clock), id, e));
    return Response::json(201, to_json(ev));
  });
}

void add_material_routes(http::Router& r, DisputesService& s, const Clock& clock) {
  r.get("/api/v1/cases/{id}/materials", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto id, id_param(req, "id"));
    MEDRISK_TRY(auto v, s.materials(context_of(req, clock), id));
    return Response::json(200, to_json(v));
  });
  http::Route upload;
  upload.method = http::Method::post;
  upload.pattern = "/api/v1/cases/{id}/materials/{item_id}/attachments";
  upload.max_body_bytes = kUploadMaxBodyBytes;
  upload.body = http::Body::raw;  // the file itself; its type is checked by its magic bytes
  upload.handler = [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto id, id_param(req, "id"));
    MEDRISK_TRY(auto u, http::upload_params(req));
    MEDRISK_TRY(auto a, s.upload(context_of(req, clock), id, std::string(req.param("item_id")), u.file_name, u.media_type, req.body));
    return Response::json(201, to_json(a));
  };
  r.add(std::move(upload));
  r.post("/api/v1/cases/{id}/materials/{item_id}/review", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto id, id_param(req, "id"));
    MEDRISK_TRY(json body, req.json_body());
    JsonReader in(body);
    auto decision = in.one_of("decision", {"accept", "reject"});
    auto reason = in.optional_string("reason", kMaxTextCodePoints);
    in.allow_only({"decision", "reason"});
    MEDRISK_CHECK(in.finish());
    MEDRISK_TRY(auto v, s.review_material(context_of(req, clock), id, std::string(req.param("item_id")),
                                          decision == "accept", reason));
    return Response::json(200, to_json(v));
  });
  r.get("/api/v1/cases/{id}/attachments/{attachment_id}", [&s, &clock](Request& req) -> Result<Response> {
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

void add_consent_and_mediation_routes(http::Router& r, DisputesService& s, const Clock& clock) {
  r.get("/api/v1/cases/{id}/consent-grants", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto id, id_param(req, "id"));
    MEDRISK_TRY(auto v, s.consents(context_of(req, clock), id));
    return Response::json(200, to_json(v));
  });
  r.post("/api/v1/cases/{id}/consent-grants", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto id, id_param(req, "id"));
    MEDRISK_TRY(json body, req.json_body());
    JsonReader in(body);
    auto role = in.one_of("grantee_role", {"mediator", "adjuster", "expert", "lawyer"});
    auto granted = in.boolean("granted");
    in.allow_only({"grantee_role", "granted"});
    MEDRISK_CHECK(in.finish());
    MEDRISK_TRY(auto v, s.set_consent(context_of(req, clock), id, role, granted));
    return Response::json(200, to_json(v));
  });
  r.get("/api/v1/cases/{id}/mediation-sessions", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto id, id_param(req, "id"));
    MEDRISK_TRY(auto list, s.sessions(context_of(req, clock), id));
    json items = json::array();
    for (const auto& m : list) items.push_back(to_json(m));
    return Response::json(200, {{"items", items}});
  });
  r.post("/api/v1/cases/{id}/mediation-sessions", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto id, id_param(req, "id"));
    MEDRISK_TRY(json body, req.json_body());
    JsonReader in(body);
    MediationSession m;
    m.scheduled_at = in.timestamp("scheduled_at").to_iso_utc();
    m.place = in.string("place", 100);
    m.minutes = in.optional_string("minutes", kMaxNarrativeCodePoints);
    if (auto o = in.optional_string("outcome", 20)) {
      if (*o != "continued" && *o != "agreed" && *o != "failed") in.add("outcome", "field_value_not_allowed");
      m.outcome = *o;
    }
    if (const json* people = in.array("attendees", kMaxAttendees)) {
      for (const auto& p : *people) {
        if (p.is_string() && !p.get<std::string>().empty() && p.get<std::string>().size() <= 200) m.attendees.push_back(p);
        else in.add("attendees", "field_wrong_type");
      }
    }
    if (const json* offers = in.array("offers", kMaxOffersPerSession, false))
      for (std::size_t i = 0; i < offers->size(); ++i) {
        JsonReader o((*offers)[i], in.path_of("offers") + "/" + std::to_string(i));
        Offer off{o.one_of("party", {"patient_side", "provider", "insurer"}),
                  o.money_fen("amount_fen", Money::zero(), kMaxAmount), o.optional_string("note", 500).value_or("")};
        o.allow_only({"party", "amount_fen", "note"});
        if (o.ok()) m.offers.push_back(off);
        in.merge(std::move(o));
      }
    in.allow_only({"scheduled_at", "place", "minutes", "outcome", "attendees", "offers"});
    MEDRISK_CHECK(in.finish());
    MEDRISK_TRY(auto v, s.add_session(context_of(req, clock), id, m));
    return Response::json(201, to_json(v));
  });
  r.post("/api/v1/legal-aid-requests", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(json body, req.json_body());
    JsonReader in(body);
    auto case_id = in.integer("case_id", 1, INT64_MAX);
    auto note = in.optional_string("note", kMaxTextCodePoints).value_or("");
    in.allow_only({"case_id", "note"});
    MEDRISK_CHECK(in.finish());
    MEDRISK_TRY(auto v, s.request_legal_aid(context_of(req, clock), case_id, note));
    return Response::json(201, to_json(v));
  });
  r.post("/api/v1/cases/{id}/consultations", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto id, id_param(req, "id"));
    MEDRISK_TRY(json body, req.json_body());
    JsonReader in(body);
    auto summary = in.string("summary", kMaxTextCodePoints);
    in.allow_only({"summary"});
    MEDRISK_CHECK(in.finish());
    MEDRISK_TRY(auto ev, s.log_consultation(context_of(req, clock), id, summary));
    return Response::json(201, to_json(ev));
  });
  r.get("/api/v1/cases/{id}/agreement", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto id, id_param(req, "id"));
    MEDRISK_TRY(auto a, s.agreement(context_of(req, clock), id));
    if (!a) return Error::of(std::string(errors::agreement_missing));
    return Response::json(200, to_json(*a));
  });
  r.get("/api/v1/cases/{id}/agreement/document.pdf", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto id, id_param(req, "id"));
    MEDRISK_TRY(auto d, s.agreement_pdf(context_of(req, clock), id));
    return documents::pdf_response(d, "mediation-agreement-" + std::to_string(id));
  });
  r.post("/api/v1/cases/{id}/agreement", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto id, id_param(req, "id"));
    MEDRISK_TRY(json body, req.json_body());
    JsonReader in(body);
    AgreementInput a;
    a.amount_fen = in.money_fen("amount_fen", Money::from_fen(1), kMaxAmount);
    if (const json* payers = in.array("payers", 5))
      for (std::size_t i = 0; i < payers->size(); ++i) {
        JsonReader p((*payers)[i], in.path_of("payers") + "/" + std::to_string(i));
        Payer payer{p.one_of("payer", {"insurer", "institution", "accident_cover"}),
                           p.money_fen("amount_fen", Money::zero(), kMaxAmount)};
        p.allow_only({"payer", "amount_fen"});
        if (p.ok()) a.payers.push_back(payer);
        in.merge(std::move(p));
      }
    in.allow_only({"amount_fen", "payers"});
    MEDRISK_CHECK(in.finish());
    MEDRISK_TRY(auto v, s.draft_agreement(context_of(req, clock), id, a));
    return Response::json(201, to_json(v));
  });
  r.post("/api/v1/cases/{id}/agreement/signatures", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto id, id_param(req, "id"));
    MEDRISK_TRY(json body, req.json_body());
    JsonReader in(body);
    auto signature = in.string("signature_text", 200);
    in.allow_only({"signature_text"});
    MEDRISK_CHECK(in.finish());
    MEDRISK_TRY(auto v, s.sign_agreement(context_of(req, clock), id, signature));
    return Response::json(200, to_json(v));
  });
}

// The legal-aid "1+3" documents and the report to the health authority (Decree 701 art. 28).
void add_document_and_report_routes(http::Router& r, DisputesService& s, const Clock& clock) {
  r.post("/api/v1/cases/{id}/health-authority-reports", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto id, id_param(req, "id"));
    MEDRISK_TRY(json body, req.json_body());
    JsonReader in(body);
    HealthReportInput h;
    h.authority = in.string("authority", 100);
    h.reference = in.optional_string("reference", 60).value_or("");
    h.note = in.optional_string("note", kMaxTextCodePoints).value_or("");
    in.allow_only({"authority", "reference", "note"});
    MEDRISK_CHECK(in.finish());
    MEDRISK_TRY(auto ev, s.report_to_health_authority(context_of(req, clock), id, h));
    return Response::json(201, to_json(ev));
  });
  r.get("/api/v1/cases/{id}/documents/{template}/document.pdf", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto id, id_param(req, "id"));
    std::string tpl(req.param("template"));
    MEDRISK_TRY(auto d, s.document_pdf(context_of(req, clock), id, tpl));
    std::string stem = tpl;
    std::replace(stem.begin(), stem.end(), '_', '-');
    return documents::pdf_response(d, stem + "-" + std::to_string(id));
  });
  r.get("/api/v1/cases/{id}/documents/{template}", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto id, id_param(req, "id"));
    MEDRISK_TRY(auto d, s.document(context_of(req, clock), id, std::string(req.param("template"))));
    return Response::json(200, json{{"template", d.id}, {"title", d.title}, {"format", "markdown"}, {"body", d.body}});
  });
}

}  // namespace

// The columns of GET /cases.xlsx: keys of the list item's JSON (the narrative is left out: an export
// travels further than the case page), money in yuan with the currency format.
const std::vector<exports::Column>& export_columns() {
  using exports::Type;
  static const std::vector<exports::Column> columns = {
      {"id", "案件编号", "Case", Type::integer, 10},
      {"state", "状态", "State", Type::text, 16},
      {"case_type", "案件类型", "Case type", Type::text, 12},
      {"channel", "处理途径", "Channel", Type::text, 16},
      {"department", "科室", "Department", Type::text, 12},
      {"institution_org_id", "医疗机构编号", "Institution", Type::integer, 12},
      {"incident_date", "发生日期", "Incident date", Type::date, 12},
      {"filed_on", "申请日期", "Filed on", Type::date, 12},
      {"due_on", "办理期限", "Due on", Type::date, 12},
      {"compensation_demand_fen", "索赔金额（元）", "Demand (CNY)", Type::money_fen, 16},
      {"agreement_fen", "协议金额（元）", "Agreement (CNY)", Type::money_fen, 16},
      {"judgment_fen", "判决金额（元）", "Judgment (CNY)", Type::money_fen, 16},
      {"created_at", "创建时间", "Created at", Type::timestamp, 18}};
  return columns;
}

void add_routes(http::Router& router, DisputesService& service, const Clock& clock) {
  add_complaint_routes(router, service, clock);
  add_case_routes(router, service, clock);
  add_material_routes(router, service, clock);
  add_consent_and_mediation_routes(router, service, clock);
  add_document_and_report_routes(router, service, clock);
}

}  // namespace medrisk::disputes
