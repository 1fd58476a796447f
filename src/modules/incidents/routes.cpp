// HTTP ↔ incidents service (/api/v1/incidents…): decode (JsonReader), call one service function, encode.
// The anonymous reporter's token travels in a POST body, never in a URL (URLs reach access logs).
#include "modules/incidents/routes.hpp"

#include <nlohmann/json.hpp>

#include "kernel/json.hpp"
#include "modules/incidents/errors.hpp"
#include "platform/http/params.hpp"

namespace medrisk::incidents {
namespace {

using http::context_of;
using http::id_param;
using http::id_query;
using http::nullable;
using http::Request;
using http::Response;
using nlohmann::json;

constexpr std::size_t kMaxShortText = 100;
constexpr std::size_t kMaxTokenLength = 200;

json to_json(const Message& m) {
  return {{"id", m.id}, {"author", to_string(m.author)}, {"body", m.body}, {"at", m.at}};
}

json to_json(const CorrectiveAction& a) {
  return {{"id", a.id},
          {"description", a.description},
          {"owner_user_id", a.owner_user_id},
          {"owner_name", a.owner_name},
          {"due_on", a.due_on.to_string()},
          {"status", to_string(a.status)},
          {"done_at", nullable(a.done_at)}};
}

json to_json(const IncidentView& v, bool detail) {
  const Incident& i = v.i;
  json out = {{"id", i.id},
              {"number", incident_number(i)},
              {"organization_id", i.organization_id},
              {"organization_name", v.organization_name},
              {"anonymous", i.anonymous},
              {"reporter_name", nullable(v.reporter_name)},
              {"category", i.category},
              {"department", i.department},
              {"place", i.place},
              {"harm_degree", i.harm_degree},
              {"occurred_at", i.occurred_at},
              {"discovered_at", i.discovered_at},
              {"severity_class", to_string(i.severity_class)},
              {"report_due_at", i.report_due_at},
              {"overdue", v.overdue},
              {"state", to_string(i.state)},
              {"complaint_id", nullable(i.complaint_id)},
              {"case_id", nullable(i.case_id)},
              {"insurer_notified_at", nullable(i.insurer_notified_at)},
              {"created_at", i.created_at},
              {"can_review", v.can_review}};
  json report = nullptr;
  if (i.authority_report)
    report = {{"reported_at", i.authority_report->reported_at},
              {"authority", i.authority_report->authority},
              {"reference", i.authority_report->reference},
              {"late", i.authority_report->late}};
  out["authority_report"] = report;
  if (!detail) return out;
  out["description"] = i.description;
  out["rca"] = i.rca ? rca_to_json(*i.rca) : json();
  json actions = json::array(), messages = json::array();
  for (const auto& a : v.actions) actions.push_back(to_json(a));
  for (const auto& m : v.messages) messages.push_back(to_json(m));
  out["actions"] = actions;
  out["messages"] = messages;
  return out;
}

json to_json(const TokenView& v) {
  json messages = json::array();
  for (const auto& m : v.messages) messages.push_back(to_json(m));
  return {{"id", v.id},           {"number", v.number}, {"category", v.category}, {"severity_class", v.severity_class},
          {"state", v.state},     {"created_at", v.created_at}, {"messages", messages}};
}

json named(const std::vector<NamedItem>& items) {
  json out = json::array();
  for (const auto& i : items) out.push_back({{"id", i.id}, {"zh-CN", i.zh_cn}, {"en-US", i.en_us}});
  return out;
}

json parameters_json(const IncidentsParams& p) {
  json classes = json::array();
  for (const auto& c : p.classes)
    classes.push_back({{"id", to_string(c.severity_class)},
                       {"zh-CN", c.zh_cn},
                       {"en-US", c.en_us},
                       {"report_within", {{"value", c.value}, {"unit", c.unit == ClassDeadline::Unit::hours ? "hours" : "days"}}}});
  return {{"version", p.version},
          {"source", p.source},
          {"classes", classes},
          {"categories", named(p.categories)},
          {"harm_degrees", named(p.harm_degrees)},
          {"fishbone_categories", named(p.fishbone_categories)}};
}

Result<IncidentFilter> list_filter(const Request& req) {
  IncidentFilter f;
  if (auto st = req.query_param("state"); st && !st->empty()) {
    f.state = state_from_string(*st);
    if (!f.state) return Error::of("request_invalid").with("/state", "field_value_not_allowed");
  }
  if (auto c = req.query_param("severity_class"); c && !c->empty()) {
    f.severity_class = class_from_string(*c);
    if (!f.severity_class) return Error::of("request_invalid").with("/severity_class", "field_value_not_allowed");
  }
  f.overdue_only = req.query_param("overdue").value_or("") == "true";
  MEDRISK_TRY(f.case_id, id_query(req, "case_id"));
  MEDRISK_TRY(f.complaint_id, id_query(req, "complaint_id"));
  MEDRISK_TRY(http::Page page, http::page_params(req, kMaxListPage));
  f.limit = page.limit;
  f.after_id = page.after_id;
  return f;
}

Result<NewIncident> new_incident(const json& body) {
  JsonReader in(body);
  NewIncident n;
  n.anonymous = in.optional_boolean("anonymous").value_or(false);
  n.category = in.string("category", kMaxShortText);
  n.department = in.string("department", kMaxShortText);
  n.place = in.string("place", kMaxShortText);
  n.harm_degree = in.string("harm_degree", kMaxShortText);
  n.description = in.string("description", kMaxDescriptionCodePoints);
  n.occurred_at = in.timestamp("occurred_at");
  n.discovered_at = in.timestamp("discovered_at");
  auto cls = in.one_of("severity_class", {"general", "major", "extraordinary"});
  n.complaint_id = in.optional_integer("complaint_id", 1, INT64_MAX);
  n.case_id = in.optional_integer("case_id", 1, INT64_MAX);
  in.allow_only({"anonymous", "category", "department", "place", "harm_degree", "description", "occurred_at",
                 "discovered_at", "severity_class", "complaint_id", "case_id"});
  MEDRISK_CHECK(in.finish());
  n.severity_class = *class_from_string(cls);
  return n;
}

Result<RootCauseAnalysis> rca_input(const json& body) {
  JsonReader in(body);
  RootCauseAnalysis r;
  r.method = *rca_method_from_string(in.one_of("method", {"fishbone", "five_whys"}));
  r.root_cause = in.optional_string("root_cause", kMaxCauseCodePoints).value_or("");
  const json* fishbone = in.object("fishbone", false);
  const json* whys = in.array("whys", 20, false);
  in.allow_only({"method", "fishbone", "whys", "root_cause"});
  MEDRISK_CHECK(in.finish());
  auto text_list = [](const json& list, const std::string& path) -> Result<std::vector<std::string>> {
    if (!list.is_array()) return Error::of("request_invalid").with(path, "field_wrong_type");
    std::vector<std::string> out;
    for (const auto& x : list) {
      if (!x.is_string()) return Error::of("request_invalid").with(path, "field_wrong_type");
      if (x.get<std::string>().size() > kMaxCauseCodePoints * 4) return Error::of("request_invalid").with(path, "field_too_long");
      out.push_back(x.get<std::string>());
    }
    return out;
  };
  if (fishbone && fishbone->is_object())
    for (const auto& [cat, list] : fishbone->items()) {
      MEDRISK_TRY(r.fishbone[cat], text_list(list, "/fishbone/" + cat));
    }
  if (whys) {
    MEDRISK_TRY(r.whys, text_list(*whys, "/whys"));
  }
  return r;
}

void add_public_routes(http::Router& r, IncidentService& s) {
  r.get("/api/v1/incidents/parameters",
        [&s](Request&) -> Result<Response> { return Response::json(200, parameters_json(s.params())); },
        http::Access::public_);
  r.post("/api/v1/incidents/by-token", [&s](Request& req) -> Result<Response> {
    req.address_private = true;  // the anonymous reporter's side of the thread
    MEDRISK_TRY(json body, req.json_body());
    JsonReader in(body);
    auto token = in.string("token", kMaxTokenLength);
    in.allow_only({"token"});
    MEDRISK_CHECK(in.finish());
    MEDRISK_TRY(auto v, s.by_token(token));
    return Response::json(200, to_json(v));
  }, http::Access::public_);
  r.post("/api/v1/incidents/by-token/messages", [&s](Request& req) -> Result<Response> {
    req.address_private = true;  // the anonymous reporter's side of the thread
    MEDRISK_TRY(json body, req.json_body());
    JsonReader in(body);
    auto token = in.string("token", kMaxTokenLength);
    auto text = in.string("body", kMaxMessageCodePoints);
    in.allow_only({"token", "body"});
    MEDRISK_CHECK(in.finish());
    MEDRISK_TRY(auto v, s.post_by_token(token, text));
    return Response::json(201, to_json(v));
  }, http::Access::public_);
}

void add_reading_routes(http::Router& r, IncidentService& s, const Clock& clock) {
  r.get("/api/v1/incidents/summary", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto sum, s.summary(context_of(req, clock)));
    json months = json::array(), review = json::array();
    for (const auto& [m, n] : sum.by_month) months.push_back({{"month", m}, {"count", n}});
    for (const auto& v : sum.to_review) review.push_back(to_json(v, false));
    return Response::json(200, {{"scope", sum.scope},
                                {"total", sum.total},
                                {"overdue", sum.overdue},
                                {"by_state", sum.by_state},
                                {"by_class", sum.by_class},
                                {"by_month", months},
                                {"to_review", review}});
  });
  r.get("/api/v1/incidents/owners", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto list, s.owners(context_of(req, clock)));
    json out = json::array();
    for (const auto& [id, name] : list) out.push_back({{"user_id", id}, {"display_name", name}});
    return Response::json(200, {{"items", out}});
  });
  r.get("/api/v1/incidents", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(IncidentFilter f, list_filter(req));
    MEDRISK_TRY(auto list, s.list(context_of(req, clock), f));
    json out = json::array();
    for (const auto& v : list) out.push_back(to_json(v, false));
    return Response::json(200, http::page_json(out, list.size(), f.limit, list.empty() ? 0 : list.back().i.id));
  });
  r.get("/api/v1/incidents/{id}", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto id, id_param(req));
    MEDRISK_TRY(auto v, s.get(context_of(req, clock), id));
    return Response::json(200, to_json(v, true));
  });
}

void add_writing_routes(http::Router& r, IncidentService& s, const Clock& clock) {
  r.post("/api/v1/incidents", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(json body, req.json_body());
    MEDRISK_TRY(auto in, new_incident(body));
    req.address_private = in.anonymous;  // the access log must not tie an anonymous report to an address
    MEDRISK_TRY(auto rep, s.report(context_of(req, clock), in));
    json out = to_json(rep.view, true);
    out["reply_token"] = nullable(rep.reply_token);
    return Response::json(201, out);
  });
  r.post("/api/v1/incidents/{id}/transitions", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto id, id_param(req));
    MEDRISK_TRY(json body, req.json_body());
    JsonReader in(body);
    auto action = in.one_of("action", {"start_review", "start_rca", "plan_actions", "close"});
    in.allow_only({"action"});
    MEDRISK_CHECK(in.finish());
    MEDRISK_TRY(auto v, s.transition(context_of(req, clock), id, *action_from_string(action)));
    return Response::json(200, to_json(v, true));
  });
  r.post("/api/v1/incidents/{id}/rca", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto id, id_param(req));
    MEDRISK_TRY(json body, req.json_body());
    MEDRISK_TRY(auto rca, rca_input(body));
    MEDRISK_TRY(auto v, s.record_rca(context_of(req, clock), id, rca));
    return Response::json(200, to_json(v, true));
  });
  r.post("/api/v1/incidents/{id}/actions", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto id, id_param(req));
    MEDRISK_TRY(json body, req.json_body());
    JsonReader in(body);
    NewAction a;
    a.description = in.string("description", kMaxCauseCodePoints);
    a.owner_user_id = in.integer("owner_user_id", 1, INT64_MAX);
    a.due_on = in.date("due_on");
    in.allow_only({"description", "owner_user_id", "due_on"});
    MEDRISK_CHECK(in.finish());
    MEDRISK_TRY(auto v, s.add_action(context_of(req, clock), id, a));
    return Response::json(201, to_json(v, true));
  });
  r.post("/api/v1/incidents/{id}/actions/{action_id}", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto id, id_param(req));
    MEDRISK_TRY(auto action_id, id_param(req, "action_id"));
    MEDRISK_TRY(json body, req.json_body());
    JsonReader in(body);
    auto status = in.one_of("status", {"open", "done"});
    in.allow_only({"status"});
    MEDRISK_CHECK(in.finish());
    MEDRISK_TRY(auto v, s.set_action_status(context_of(req, clock), id, action_id, *action_status_from_string(status)));
    return Response::json(200, to_json(v, true));
  });
  r.post("/api/v1/incidents/{id}/authority-report", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto id, id_param(req));
    MEDRISK_TRY(json body, req.json_body());
    JsonReader in(body);
    AuthorityReportInput a;
    a.authority = in.string("authority", kMaxShortText);
    a.reference = in.optional_string("reference", kMaxShortText).value_or("");
    a.reported_at = in.optional_timestamp("reported_at");
    in.allow_only({"authority", "reference", "reported_at"});
    MEDRISK_CHECK(in.finish());
    MEDRISK_TRY(auto v, s.report_to_authority(context_of(req, clock), id, a));
    return Response::json(200, to_json(v, true));
  });
  r.post("/api/v1/incidents/{id}/links", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto id, id_param(req));
    MEDRISK_TRY(json body, req.json_body());
    JsonReader in(body);
    auto case_id = in.integer("case_id", 1, INT64_MAX);
    in.allow_only({"case_id"});
    MEDRISK_CHECK(in.finish());
    MEDRISK_TRY(auto v, s.link_case(context_of(req, clock), id, case_id));
    return Response::json(200, to_json(v, true));
  });
  r.post("/api/v1/incidents/{id}/messages", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto id, id_param(req));
    MEDRISK_TRY(json body, req.json_body());
    JsonReader in(body);
    auto text = in.string("body", kMaxMessageCodePoints);
    in.allow_only({"body"});
    MEDRISK_CHECK(in.finish());
    MEDRISK_TRY(auto v, s.post_message(context_of(req, clock), id, text));
    return Response::json(201, to_json(v, true));
  });
}

}  // namespace

void add_routes(http::Router& router, IncidentService& service, const Clock& clock) {
  add_public_routes(router, service);  // literal paths before /incidents/{id}
  add_reading_routes(router, service, clock);
  add_writing_routes(router, service, clock);
}

}  // namespace medrisk::incidents
