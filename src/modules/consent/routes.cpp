// HTTP ↔ consent service: decode (JsonReader), call one service function, encode.
#include "modules/consent/routes.hpp"

#include <nlohmann/json.hpp>

#include "kernel/json.hpp"
#include "platform/http/params.hpp"

namespace medrisk::consent {
namespace {

using http::context_of;
using http::id_param;
using http::nullable;
using http::Request;
using http::Response;
using nlohmann::json;

json to_json(const Grant& g, const std::string& state) {
  return {{"id", g.id},
          {"case_id", nullable(g.case_id)},
          {"grantee", {{"kind", g.grantee.kind},
                       {"user_id", nullable(g.grantee.user_id)},
                       {"organization_id", nullable(g.grantee.organization_id)},
                       {"role", nullable(g.grantee.role)},
                       {"name", g.grantee_name.empty() ? json(nullptr) : json(g.grantee_name)}}},
          {"purpose", g.purpose},
          {"data_kinds", g.data_kinds},
          {"valid_until", nullable(g.valid_until)},
          {"state", state},
          {"source", g.source},
          {"granted_at", g.granted_at},
          {"granted_by", {{"user_id", g.granted_by_user_id},
                          {"name", g.granted_by_name.empty() ? json(nullptr) : json(g.granted_by_name)},
                          {"representation_id", nullable(g.representation_id)}}},
          {"patient_user_id", g.patient_user_id},
          {"revoked_at", nullable(g.revoked_at)}};
}

json to_json(const AccessEntry& e) {
  return {{"id", e.id},
          {"reader_user_id", e.reader_user_id},
          {"reader_name", e.reader_name},
          {"reader_organization_id", nullable(e.reader_organization_id)},
          {"organization_name", e.organization_name.empty() ? json(nullptr) : json(e.organization_name)},
          {"reader_role", e.reader_role},
          {"purpose", e.purpose},
          {"data_kind", e.data_kind},
          {"resource", e.resource},
          {"module", e.module},
          {"grant_id", nullable(e.grant_id)},
          {"at", e.at}};
}

Result<NewGrant> new_grant(const json& body, const Purposes& p) {
  JsonReader in(body);
  NewGrant g;
  g.case_id = in.optional_integer("case_id", 1, INT64_MAX);
  g.purpose = in.string("purpose", 64);
  g.valid_until = in.date("valid_until").to_string();
  if (const json* kinds = in.array("data_kinds", p.data_kinds.size())) {
    for (std::size_t i = 0; i < kinds->size(); ++i) {
      if (!(*kinds)[i].is_string()) {
        in.add("data_kinds", "request_invalid", "data kinds are strings");
        break;
      }
      g.data_kinds.push_back((*kinds)[i].get<std::string>());
    }
  }
  if (const json* grantee = in.object("grantee")) {
    JsonReader e(*grantee, in.path_of("grantee"));
    g.grantee.kind = e.one_of("kind", {"user", "organization", "role"});
    g.grantee.user_id = e.optional_integer("user_id", 1, INT64_MAX);
    g.grantee.organization_id = e.optional_integer("organization_id", 1, INT64_MAX);
    g.grantee.role = e.optional_string("role", 32);
    e.allow_only({"kind", "user_id", "organization_id", "role"});
    in.merge(std::move(e));
  }
  in.allow_only({"case_id", "purpose", "valid_until", "data_kinds", "grantee"});
  MEDRISK_CHECK(in.finish());
  return g;
}

}  // namespace

void add_routes(http::Router& r, ConsentService& s, const Clock& clock) {
  r.get("/api/v1/consents", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(http::Page page, http::page_params(req, kMaxPageSize));
    MEDRISK_TRY(auto patient, http::id_query(req, "patient_user_id"));
    MEDRISK_TRY(auto list, s.list(context_of(req, clock), page.after_id, page.limit, patient));
    json out = json::array();
    for (const auto& g : list) out.push_back(to_json(g, s.state_of(g)));
    return Response::json(200, http::page_json(list, out, page.limit));
  });
  r.post("/api/v1/consents", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(json body, req.json_body());
    MEDRISK_TRY(NewGrant g, new_grant(body, s.purposes()));
    MEDRISK_TRY(auto patient, http::id_query(req, "patient_user_id"));
    MEDRISK_TRY(auto v, s.grant(context_of(req, clock), g, patient));
    return Response::json(201, to_json(v, s.state_of(v)));
  });
  r.post("/api/v1/consents/{id}/revoke", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto id, id_param(req, "id"));
    MEDRISK_TRY(auto patient, http::id_query(req, "patient_user_id"));
    MEDRISK_TRY(auto v, s.revoke(context_of(req, clock), id, patient));
    return Response::json(200, to_json(v, s.state_of(v)));
  }, http::Access::authenticated, http::Body::none);
  r.get("/api/v1/consent/access-log", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(http::Page page, http::page_params(req, kMaxPageSize));
    MEDRISK_TRY(auto patient, http::id_query(req, "patient_user_id"));
    MEDRISK_TRY(auto list, s.access_log(context_of(req, clock), page.after_id, page.limit, patient));
    json out = json::array();
    for (const auto& e : list) out.push_back(to_json(e));
    return Response::json(200, http::page_json(list, out, page.limit));
  });
  r.get("/api/v1/consent/purposes", [&s](Request&) -> Result<Response> {
    const Purposes& p = s.purposes();
    json purposes = json::array(), kinds = json::array();
    for (const auto& x : p.purposes)
      purposes.push_back({{"id", x.id}, {"name_zh", x.name_zh}, {"name_en", x.name_en}, {"roles", x.roles}});
    for (const auto& k : p.data_kinds) kinds.push_back({{"id", k.id}, {"name_zh", k.name_zh}, {"name_en", k.name_en}});
    return Response::json(200, {{"version", p.version}, {"max_valid_days", p.max_valid_days},
                                {"purposes", purposes}, {"data_kinds", kinds}});
  });
  r.get("/api/v1/consent/parties", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto list, s.parties(context_of(req, clock)));
    json out = json::array();
    for (const auto& o : list) out.push_back({{"id", o.id}, {"name", o.name}, {"kind", o.kind}});
    return Response::json(200, {{"items", out}});
  });
  r.get("/api/v1/consent/parties/{id}/members", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto id, id_param(req, "id"));
    MEDRISK_TRY(auto list, s.party_members(context_of(req, clock), id));
    json out = json::array();
    for (const auto& m : list) out.push_back({{"user_id", m.user_id}, {"display_name", m.display_name}, {"role", m.role}});
    return Response::json(200, {{"items", out}});
  });
}

}  // namespace medrisk::consent
