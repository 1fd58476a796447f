// HTTP ↔ appraisal service: decode (JsonReader), call one service function, encode.
#include "modules/appraisal/routes.hpp"
#include "platform/http/params.hpp"

#include <nlohmann/json.hpp>

#include "kernel/json.hpp"
#include "modules/appraisal/errors.hpp"

namespace medrisk::appraisal {
namespace {

using http::context_of;
using http::id_param;
using http::nullable;

using http::Request;
using http::Response;
using nlohmann::json;

constexpr std::size_t kMaxListItems = 50;  // specialties, conflicts, parties, duties, grades, answers

std::vector<std::string> strings(JsonReader& in, std::string_view field, std::size_t max_len, bool required = true) {
  std::vector<std::string> out;
  if (const json* a = in.array(field, kMaxListItems, required))
    for (const auto& v : *a) {
      if (!v.is_string() || v.get<std::string>().size() > max_len)
        in.add(field, "field_wrong_type");
      else
        out.push_back(v.get<std::string>());
    }
  return out;
}

template <class Int>
std::vector<Int> integers(JsonReader& in, std::string_view field, Int min, Int max, bool required = false) {
  std::vector<Int> out;
  if (const json* a = in.array(field, kMaxListItems, required))
    for (const auto& v : *a) {
      if (!v.is_number_integer() || v.get<std::int64_t>() < min || v.get<std::int64_t>() > max)
        in.add(field, "field_wrong_type");
      else
        out.push_back(static_cast<Int>(v.get<std::int64_t>()));
    }
  return out;
}

json to_json(const Expert& e) {
  return {{"id", e.id},
          {"user_id", e.user_id},
          {"display_name", e.display_name},
          {"specialties", e.specialties},
          {"title", e.title},
          {"institution_id", nullable(e.institution_id)},
          {"institution_name", e.institution_name},
          {"region_code", e.region_code},
          {"conflict_organization_ids", e.conflict_organization_ids},
          {"conflict_case_ids", e.conflict_case_ids},
          {"available", e.available},
          {"open_assignments", e.open_assignments},
          {"created_at", e.created_at},
          {"updated_at", e.updated_at}};
}

json to_json(const DelphiRound& r) {
  return {{"id", r.id},
          {"study_id", r.study_id},
          {"round_number", r.round_number},
          {"status", r.status},
          {"opened_at", r.opened_at},
          {"closed_at", nullable(r.closed_at)},
          {"consensus", r.consensus},
          {"responses", r.responses}};
}

json to_json(const DelphiItem& i) {
  return {{"key", i.key}, {"kind", i.kind}, {"label_zh", i.label_zh}, {"label_en", i.label_en}, {"classes", i.classes}};
}

json to_json(const DelphiStudy& s) {
  json items = json::array();
  for (const auto& i : s.items) items.push_back(to_json(i));
  return {{"id", s.id},        {"panel_id", nullable(s.panel_id)},         {"title", s.title},
          {"items", items},    {"participants", s.expert_ids.size()}, {"max_rounds", s.max_rounds},
          {"status", s.status}};
}

json to_json(const Panel& p, bool with_reasons) {
  json members = json::array();
  for (const auto& m : p.members) {
    json j = {{"expert_id", m.expert_id}, {"display_name", m.display_name}, {"status", m.status},
              {"draw_id", m.draw_id},     {"joined_at", m.joined_at},       {"declined_at", nullable(m.declined_at)}};
    if (with_reasons) j["decline_reason"] = nullable(m.decline_reason);
    members.push_back(std::move(j));
  }
  return {{"id", p.id},
          {"case_id", p.case_id},
          {"institution_id", p.institution_id},
          {"specialty", p.specialty},
          {"size", p.size},
          {"party_organization_ids", p.party_organization_ids},
          {"members", members},
          {"created_at", p.created_at}};
}

const char* viewer_name(Viewer v) {
  return v == Viewer::admin ? "admin" : v == Viewer::member ? "member" : "party";
}

json to_json(const PanelView& v) {
  json out = to_json(v.panel, v.viewer != Viewer::party);
  out["viewer"] = viewer_name(v.viewer);
  out["delphi"] = nullptr;
  if (v.study) {
    json rounds = json::array();
    for (const auto& r : v.rounds) rounds.push_back(to_json(r));
    json latest = nullptr;
    for (const auto& r : v.rounds)
      if (r.statistics_json) latest = json::parse(*r.statistics_json);
    out["delphi"] = {{"study", to_json(*v.study)}, {"rounds", rounds}, {"latest_statistics", latest}};
  }
  return out;
}

json to_json(const Opinion& o) {
  const auto& c = o.content;
  return {{"id", o.id},
          {"panel_id", o.panel_id},
          {"expert_id", o.expert_id},
          {"has_damage", c.has_damage},
          {"has_fault", c.has_fault},
          {"breached_duties", c.breached_duties},
          {"causation_degree", c.causation_degree},
          {"causation_percent", c.causation_percent ? json(*c.causation_percent) : json(nullptr)},
          {"disability_grades", c.disability_grades},
          {"reasons", c.reasons},
          {"status", o.status},
          {"digest", nullable(o.digest)},
          {"signed_by_user_id", nullable(o.signed_by_user_id)},
          {"signed_at", nullable(o.signed_at)},
          {"digest_valid", o.status == "signed" ? json(AppraisalService::digest_matches(o)) : json(nullptr)},
          {"created_at", o.created_at},
          {"updated_at", o.updated_at}};
}

json answers_json(const std::vector<DelphiAnswer>& answers) {
  json out = json::array();
  for (const auto& a : answers)
    out.push_back({{"item", a.item}, {"value", nullable(a.value)}, {"ranking", a.ranking}, {"reason", a.reason}});
  return out;
}

json to_json(const RoundView& v) {
  json out = to_json(v.round);
  out["study"] = to_json(v.study);
  out["viewer"] = viewer_name(v.viewer);
  out["my_answers"] = v.my_answers ? answers_json(*v.my_answers) : json(nullptr);
  out["statistics"] = v.statistics ? *v.statistics : json(nullptr);
  json reasons = nullptr;
  if (v.reasons) {
    reasons = json::array();
    for (std::size_t i = 0; i < v.reasons->size(); ++i)
      reasons.push_back({{"item", v.study.items[i].key}, {"reasons", (*v.reasons)[i]}});
  }
  out["reasons"] = reasons;
  return out;
}

// ---------------------------------------------------------------- request decoding

NewExpert decode_expert(JsonReader& in) {
  NewExpert e;
  e.user_id = in.integer("user_id", 1, INT64_MAX);
  e.specialties = strings(in, "specialties", 40);
  if (e.specialties.empty()) in.add("specialties", "field_required");
  e.title = in.string("title", 40);
  e.institution_id = in.optional_integer("institution_id", 1, INT64_MAX);
  e.institution_name = in.string("institution_name", 100);
  e.region_code = in.string("region_code", 6);
  e.conflict_organization_ids = integers<std::int64_t>(in, "conflict_organization_ids", 1, INT64_MAX);
  e.conflict_case_ids = integers<std::int64_t>(in, "conflict_case_ids", 1, INT64_MAX);
  e.available = in.optional_boolean("available").value_or(true);
  in.allow_only({"user_id", "specialties", "title", "institution_id", "institution_name", "region_code",
                 "conflict_organization_ids", "conflict_case_ids", "available"});
  return e;
}

OpinionContent decode_opinion(JsonReader& in) {
  OpinionContent c;
  c.has_damage = in.boolean("has_damage");
  c.has_fault = in.boolean("has_fault");
  c.breached_duties = strings(in, "breached_duties", 40);
  c.causation_degree = in.string("causation_degree", 20);
  if (auto p = in.optional_integer("causation_percent", 0, 100)) c.causation_percent = static_cast<int>(*p);
  c.disability_grades = integers<int>(in, "disability_grades", 1, 10);
  c.reasons = in.string("reasons", kMaxReasonLength);
  in.allow_only({"has_damage", "has_fault", "breached_duties", "causation_degree", "causation_percent",
                 "disability_grades", "reasons"});
  return c;
}

std::vector<DelphiItem> decode_items(JsonReader& in) {
  std::vector<DelphiItem> items;
  const json* list = in.array("items", kMaxDelphiItems, true);
  if (!list) return items;
  for (std::size_t i = 0; i < list->size(); ++i) {
    JsonReader item((*list)[i], in.path_of("items") + "/" + std::to_string(i));
    DelphiItem d;
    d.key = item.string("key", 40);
    d.kind = item.one_of("kind", {"rating", "ranking"});
    d.label_zh = item.string("label_zh", 100);
    d.label_en = item.string("label_en", 100);
    if (const json* classes = item.array("classes", kMaxDelphiClasses, true))
      for (const auto& c : *classes) {
        if (!c.is_string() || c.get<std::string>().empty() || c.get<std::string>().size() > 60)
          item.add("classes", "field_wrong_type");
        else
          d.classes.push_back(c.get<std::string>());
      }
    item.allow_only({"key", "kind", "label_zh", "label_en", "classes"});
    in.merge(std::move(item));
    items.push_back(std::move(d));
  }
  return items;
}

std::vector<DelphiAnswer> decode_answers(JsonReader& in) {
  std::vector<DelphiAnswer> answers;
  const json* list = in.array("answers", kMaxDelphiItems, true);
  if (!list) return answers;
  for (std::size_t i = 0; i < list->size(); ++i) {
    JsonReader a((*list)[i], in.path_of("answers") + "/" + std::to_string(i));
    DelphiAnswer d;
    d.item = a.string("item", 40);
    d.value = a.optional_string("value", 60);
    d.ranking = strings(a, "ranking", 60, false);
    d.reason = a.optional_string("reason", kMaxReasonLength).value_or("");
    a.allow_only({"item", "value", "ranking", "reason"});
    in.merge(std::move(a));
    answers.push_back(std::move(d));
  }
  return answers;
}

// ---------------------------------------------------------------- routes

void add_expert_routes(http::Router& r, AppraisalService& s, const Clock& clock) {
  r.get("/api/v1/experts", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(http::Page p, http::page_params(req));
    MEDRISK_TRY(auto experts, s.list_experts(context_of(req, clock), p.after_id, p.limit));
    json items = json::array();
    for (const auto& e : experts) items.push_back(to_json(e));
    return Response::json(200, http::page_json(experts, items, p.limit));
  });
  r.post("/api/v1/experts", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(json body, req.json_body());
    JsonReader in(body);
    NewExpert e = decode_expert(in);
    MEDRISK_CHECK(in.finish());
    MEDRISK_TRY(Expert created, s.create_expert(context_of(req, clock), e));
    return Response::json(201, to_json(created));
  });
  r.get("/api/v1/experts/{id}", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(std::int64_t id, id_param(req, "id"));
    MEDRISK_TRY(Expert e, s.get_expert(context_of(req, clock), id));
    return Response::json(200, to_json(e));
  });
  r.put("/api/v1/experts/{id}", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(std::int64_t id, id_param(req, "id"));
    MEDRISK_TRY(json body, req.json_body());
    JsonReader in(body);
    NewExpert e = decode_expert(in);
    MEDRISK_CHECK(in.finish());
    MEDRISK_TRY(Expert updated, s.update_expert(context_of(req, clock), id, e));
    return Response::json(200, to_json(updated));
  });
}

void add_panel_routes(http::Router& r, AppraisalService& s, const Clock& clock) {
  r.get("/api/v1/panels", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(http::Page p, http::page_params(req));
    MEDRISK_TRY(auto panels, s.list_panels(context_of(req, clock), p.after_id, p.limit));
    json items = json::array();
    for (const auto& panel : panels) items.push_back(to_json(panel, false));
    return Response::json(200, http::page_json(panels, items, p.limit));
  });
  r.post("/api/v1/panels", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(json body, req.json_body());
    JsonReader in(body);
    NewPanel p;
    p.case_id = in.integer("case_id", 1, INT64_MAX);
    p.institution_id = in.integer("institution_id", 1, INT64_MAX);
    p.specialty = in.string("specialty", 40);
    p.size = static_cast<int>(in.integer("size", 1, 99));
    p.party_organization_ids = integers<std::int64_t>(in, "party_organization_ids", 1, INT64_MAX);
    in.allow_only({"case_id", "institution_id", "specialty", "size", "party_organization_ids"});
    MEDRISK_CHECK(in.finish());
    MEDRISK_TRY(PanelView v, s.create_panel(context_of(req, clock), p));
    return Response::json(201, to_json(v));
  });
  r.get("/api/v1/panels/{id}", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(std::int64_t id, id_param(req, "id"));
    MEDRISK_TRY(PanelView v, s.get_panel(context_of(req, clock), id));
    return Response::json(200, to_json(v));
  });
  r.get("/api/v1/panels/{id}/draws", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(std::int64_t id, id_param(req, "id"));
    MEDRISK_TRY(auto draws, s.draws(context_of(req, clock), id));
    json items = json::array();
    for (const auto& d : draws)
      items.push_back({{"id", d.draw.id},
                       {"seq", d.draw.seq},
                       {"kind", d.draw.kind},
                       {"seed", std::to_string(d.draw.seed)},
                       {"inputs", json::parse(d.draw.inputs_json)},
                       {"drawn", d.draw.drawn},
                       {"created_at", d.draw.created_at},
                       {"replay_matches", d.replay_matches}});
    return Response::json(200, {{"items", items}});
  });
  r.post("/api/v1/panels/{id}/members/{expert_id}/decline", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(std::int64_t id, id_param(req, "id"));
    MEDRISK_TRY(std::int64_t expert_id, id_param(req, "expert_id"));
    MEDRISK_TRY(json body, req.json_body());
    JsonReader in(body);
    auto reason = in.string("reason", 500);
    in.allow_only({"reason"});
    MEDRISK_CHECK(in.finish());
    MEDRISK_TRY(PanelView v, s.decline(context_of(req, clock), id, expert_id, reason));
    return Response::json(200, to_json(v));
  });
}

void add_opinion_routes(http::Router& r, AppraisalService& s, const Clock& clock) {
  r.get("/api/v1/panels/{id}/opinions", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(std::int64_t id, id_param(req, "id"));
    MEDRISK_TRY(auto opinions, s.list_opinions(context_of(req, clock), id));
    json items = json::array();
    for (const auto& o : opinions) items.push_back(to_json(o));
    return Response::json(200, {{"items", items}});
  });
  r.post("/api/v1/panels/{id}/opinions", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(std::int64_t id, id_param(req, "id"));
    MEDRISK_TRY(json body, req.json_body());
    JsonReader in(body);
    OpinionContent c = decode_opinion(in);
    MEDRISK_CHECK(in.finish());
    MEDRISK_TRY(Opinion o, s.create_opinion(context_of(req, clock), id, c));
    return Response::json(201, to_json(o));
  });
  r.get("/api/v1/opinions/{id}", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(std::int64_t id, id_param(req, "id"));
    MEDRISK_TRY(Opinion o, s.get_opinion(context_of(req, clock), id));
    return Response::json(200, to_json(o));
  });
  r.put("/api/v1/opinions/{id}", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(std::int64_t id, id_param(req, "id"));
    MEDRISK_TRY(json body, req.json_body());
    JsonReader in(body);
    OpinionContent c = decode_opinion(in);
    MEDRISK_CHECK(in.finish());
    MEDRISK_TRY(Opinion o, s.update_opinion(context_of(req, clock), id, c));
    return Response::json(200, to_json(o));
  });
  r.post("/api/v1/opinions/{id}/sign", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(std::int64_t id, id_param(req, "id"));
    MEDRISK_TRY(Opinion o, s.sign_opinion(context_of(req, clock), id));
    return Response::json(200, to_json(o));
  }, http::Access::authenticated, http::Body::none);
}

void add_delphi_routes(http::Router& r, AppraisalService& s, const Clock& clock) {
  r.get("/api/v1/delphi-rounds", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(http::Page p, http::page_params(req));
    MEDRISK_TRY(auto rounds, s.list_rounds(context_of(req, clock), p.after_id, p.limit));
    json items = json::array();
    for (const auto& round : rounds) items.push_back(to_json(round));
    return Response::json(200, http::page_json(rounds, items, p.limit));
  });
  r.post("/api/v1/delphi-rounds", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(json body, req.json_body());
    JsonReader in(body);
    OpenRound o;
    o.panel_id = in.optional_integer("panel_id", 1, INT64_MAX);
    o.study_id = in.optional_integer("study_id", 1, INT64_MAX);
    o.title = in.optional_string("title", 200);
    if (int(o.panel_id.has_value()) + int(o.study_id.has_value()) + int(o.title.has_value()) != 1)
      in.add("", "field_required", "exactly one of panel_id, study_id, title");
    if (o.title) {
      o.items = decode_items(in);
      o.expert_ids = integers<std::int64_t>(in, "expert_ids", 1, INT64_MAX, true);
    }
    in.allow_only({"panel_id", "study_id", "title", "items", "expert_ids"});
    MEDRISK_CHECK(in.finish());
    MEDRISK_TRY(RoundView v, s.open_round(context_of(req, clock), o));
    return Response::json(201, to_json(v));
  });
  r.get("/api/v1/delphi-rounds/{id}", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(std::int64_t id, id_param(req, "id"));
    MEDRISK_TRY(RoundView v, s.get_round(context_of(req, clock), id));
    return Response::json(200, to_json(v));
  });
  r.post("/api/v1/delphi-rounds/{id}/responses", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(std::int64_t id, id_param(req, "id"));
    MEDRISK_TRY(json body, req.json_body());
    JsonReader in(body);
    auto answers = decode_answers(in);
    in.allow_only({"answers"});
    MEDRISK_CHECK(in.finish());
    MEDRISK_TRY(RoundView v, s.submit(context_of(req, clock), id, answers));
    return Response::json(201, to_json(v));
  });
  r.post("/api/v1/delphi-rounds/{id}/close", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(std::int64_t id, id_param(req, "id"));
    MEDRISK_TRY(RoundView v, s.close_round(context_of(req, clock), id));
    return Response::json(200, to_json(v));
  }, http::Access::authenticated, http::Body::none);
}

}  // namespace

void add_routes(http::Router& router, AppraisalService& service, const Clock& clock) {
  add_expert_routes(router, service, clock);
  add_panel_routes(router, service, clock);
  add_opinion_routes(router, service, clock);
  add_delphi_routes(router, service, clock);
}

}  // namespace medrisk::appraisal
