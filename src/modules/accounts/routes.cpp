// HTTP ↔ accounts service: decode, call one service function, encode.
#include "modules/accounts/routes.hpp"
#include "platform/exports/xlsx.hpp"
#include "platform/http/params.hpp"

#include <nlohmann/json.hpp>

#include "kernel/json.hpp"
#include "modules/accounts/errors.hpp"
#include "platform/audit/audit_log.hpp"
#include "platform/outbox/outbox.hpp"

namespace medrisk::accounts {
namespace {

using http::context_of;
using http::id_param;

using nlohmann::json;
using http::Request;
using http::Response;


json to_json(const Organization& o) {
  return {{"id", o.id}, {"name", o.name}, {"kind", o.kind}, {"region_code", o.region_code},
          {"category", o.category ? json(*o.category) : json(nullptr)},
          {"grade", o.grade ? json(*o.grade) : json(nullptr)}, {"created_at", o.created_at},
          {"uscc", o.uscc ? json(*o.uscc) : json(nullptr)}};
}

json to_json(const User& u, const std::optional<Organization>& org) {
  return {{"id", u.id}, {"username", u.username}, {"display_name", u.display_name}, {"roles", u.roles},
          {"status", u.status}, {"created_at", u.created_at}, {"organization", org ? to_json(*org) : json(nullptr)}};
}

json to_json(const SessionGrant& g) {
  return {{"token", g.token}, {"expires_at", g.expires_at}, {"user", to_json(g.user, g.organization)},
          {"permissions", g.permissions}};
}

Response session_response(int status, const SessionGrant& g, const SessionPolicy& policy) {
  Response r = Response::json(status, to_json(g));
  auto max_age = std::chrono::duration_cast<std::chrono::seconds>(policy.absolute_lifetime).count();
  r.headers.emplace_back("Set-Cookie", std::string(kSessionCookie) + "=" + g.token +
                                           "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age));
  return r;
}


ClientInfo client_of(const Request& req) { return {req.remote_ip, req.request_id}; }

std::optional<std::string> optional_query(const Request& req, std::string_view name) {
  auto v = req.query_param(name);
  if (v && v->empty()) return std::nullopt;
  return v;
}

void add_auth_routes(http::Router& r, AccountsService& s, const Clock& clock, DemoLogCodeSender* demo_sender) {
  r.post("/api/v1/auth/login", [&s](Request& req) -> Result<Response> {
    MEDRISK_TRY(json body, req.json_body());
    JsonReader in(body);
    auto username = in.string("username", 64);
    auto password = in.string("password", kPasswordMaxLength);
    in.allow_only({"username", "password"});
    MEDRISK_CHECK(in.finish());
    MEDRISK_TRY(SessionGrant g, s.login(username, password, client_of(req)));
    return session_response(200, g, SessionPolicy{});
  }, http::Access::public_);

  r.post("/api/v1/auth/logout", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_CHECK(s.logout(context_of(req, clock)));
    Response resp = Response::no_content();
    resp.headers.emplace_back("Set-Cookie", std::string(kSessionCookie) + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    return resp;
  }, http::Access::authenticated, http::Body::none);

  r.post("/api/v1/auth/registration-codes", [&s](Request& req) -> Result<Response> {
    MEDRISK_TRY(json body, req.json_body());
    JsonReader in(body);
    auto phone = in.string("phone", 20);
    in.allow_only({"phone"});
    MEDRISK_CHECK(in.finish());
    MEDRISK_TRY(int seconds, s.request_registration_code(phone, client_of(req)));
    return Response::json(202, {{"expires_in_seconds", seconds}});
  }, http::Access::public_);

  r.post("/api/v1/auth/registrations", [&s](Request& req) -> Result<Response> {
    MEDRISK_TRY(json body, req.json_body());
    JsonReader in(body);
    auto phone = in.string("phone", 20);
    auto code = in.string("code", 12);
    auto password = in.string("password", kPasswordMaxLength);
    auto name = in.string("display_name", 50);
    in.allow_only({"phone", "code", "password", "display_name"});
    MEDRISK_CHECK(in.finish());
    MEDRISK_TRY(SessionGrant g, s.register_patient(phone, code, password, name, client_of(req)));
    return session_response(201, g, SessionPolicy{});
  }, http::Access::public_);

  // Demo mode only: lets the demo's browser tests read the code the "SMS" carried.
  r.get("/api/v1/demo/last-registration-code", [&s, demo_sender](Request& req) -> Result<Response> {
    if (!s.demo_mode() || !demo_sender) return Error::of("route_not_found");
    MEDRISK_TRY(std::string phone, normalize_phone(req.query_param("phone").value_or("")));
    auto code = demo_sender->last_code(phone);
    if (!code) return Error::of(std::string(errors::resource_not_found));
    return Response::json(200, {{"code", *code}});
  }, http::Access::public_);

  r.get("/api/v1/me", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(Me me, s.me(context_of(req, clock)));
    return Response::json(200, {{"user", to_json(me.user, me.organization)}, {"permissions", me.permissions}});
  });
}

void add_admin_routes(http::Router& r, AccountsService& s, const Clock& clock) {
  r.get("/api/v1/organizations", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(http::Page p, http::page_params(req));
    MEDRISK_TRY(auto orgs, s.list_organizations(context_of(req, clock), optional_query(req, "kind"), p.after_id, p.limit));
    json items = json::array();
    for (const auto& o : orgs) items.push_back(to_json(o));
    return Response::json(200, http::page_json(orgs, items, p.limit));
  });

  r.post("/api/v1/organizations", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(json body, req.json_body());
    JsonReader in(body);
    NewOrganization o;
    o.name = in.string("name", 100);
    o.kind = in.string("kind", 40);
    o.region_code = in.string("region_code", 6);
    o.category = in.optional_string("category", 40);
    o.grade = in.optional_string("grade", 20);
    o.uscc = in.optional_string("uscc", 18);
    in.allow_only({"name", "kind", "region_code", "category", "grade", "uscc"});
    MEDRISK_CHECK(in.finish());
    MEDRISK_TRY(Organization created, s.create_organization(context_of(req, clock), o));
    return Response::json(201, to_json(created));
  });

  r.get("/api/v1/users", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(http::Page p, http::page_params(req));
    std::optional<std::int64_t> org;
    if (auto o = optional_query(req, "organization_id")) {
      try {
        org = std::stoll(*o);
      } catch (const std::exception&) {
        return Error::of("request_invalid").with("/organization_id", "field_wrong_type");
      }
    }
    auto ctx = context_of(req, clock);
    MEDRISK_TRY(auto users, s.list_users(ctx, org, p.after_id, p.limit));
    json items = json::array();
    for (const auto& u : users) {
      MEDRISK_TRY(auto o, s.organization_of(u));
      items.push_back(to_json(u, o));
    }
    return Response::json(200, http::page_json(users, items, p.limit));
  });

  r.post("/api/v1/users", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(json body, req.json_body());
    JsonReader in(body);
    NewUser u;
    u.username = in.string("username", 40);
    u.display_name = in.string("display_name", 50);
    u.password = in.string("password", kPasswordMaxLength);
    u.organization_id = in.optional_integer("organization_id", 1, INT64_MAX);
    u.phone = in.optional_string("phone", 20);
    if (const json* roles = in.array("roles", 8)) {
      for (const auto& role : *roles) {
        if (!role.is_string()) in.add("roles", "field_wrong_type");
        else u.roles.push_back(role.get<std::string>());
      }
    }
    in.allow_only({"username", "display_name", "password", "organization_id", "phone", "roles"});
    MEDRISK_CHECK(in.finish());
    MEDRISK_TRY(User created, s.create_user(context_of(req, clock), u));
    MEDRISK_TRY(auto org, s.organization_of(created));
    return Response::json(201, to_json(created, org));
  });

  r.patch("/api/v1/users/{id}", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(std::int64_t id, id_param(req, "id"));
    MEDRISK_TRY(json body, req.json_body());
    JsonReader in(body);
    UserChange change;
    change.status = in.optional_string("status", 20);
    if (body.contains("roles")) {
      change.roles.emplace();
      if (const json* roles = in.array("roles", 8)) {
        for (const auto& role : *roles) {
          if (!role.is_string()) in.add("roles", "field_wrong_type");
          else change.roles->push_back(role.get<std::string>());
        }
      }
    }
    in.allow_only({"roles", "status"});
    MEDRISK_CHECK(in.finish());
    if (!change.roles && !change.status) return Error::of("request_invalid").with("/roles", "field_required");
    MEDRISK_TRY(User u, s.update_user(context_of(req, clock), id, change));
    MEDRISK_TRY(auto org, s.organization_of(u));
    return Response::json(200, to_json(u, org));
  });

  r.get("/api/v1/users/{id}", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(std::int64_t id, id_param(req, "id"));
    MEDRISK_TRY(User u, s.get_user(context_of(req, clock), id));
    MEDRISK_TRY(auto org, s.organization_of(u));
    return Response::json(200, to_json(u, org));
  });
}

constexpr int kMaxAuditPage = 200;

// The audit list's filters (GET /audit and GET /audit.xlsx).
Result<audit::Filter> audit_filter(const Request& req) {
  audit::Filter f;
  f.resource_type = optional_query(req, "resource_type");
  f.resource_id = optional_query(req, "resource_id");
  f.action = optional_query(req, "action");
  // from/to are RFC 3339 instants ("2026-03-02T08:30:00Z", "…+08:00"), compared as the stored UTC text.
  for (auto [name, bound] : {std::pair{"from", &f.from}, std::pair{"to", &f.to}}) {
    if (auto text = optional_query(req, name)) {
      auto at = Timestamp::parse(*text);
      if (!at) return Error::of("request_invalid").with(std::string("/") + name, "field_wrong_type");
      *bound = at->to_iso_utc();
    }
  }
  if (auto u = optional_query(req, "actor_user_id")) {
    try {
      f.actor_user_id = std::stoll(*u);
    } catch (const std::exception&) {
      return Error::of("request_invalid").with("/actor_user_id", "field_wrong_type");
    }
  }
  return f;
}

json audit_json(const audit::Entry& e) {
  return {{"id", e.id},
          {"at", e.at},
          {"actor_user_id", e.actor_user_id ? json(*e.actor_user_id) : json(nullptr)},
          {"actor_organization_id", e.actor_organization_id ? json(*e.actor_organization_id) : json(nullptr)},
          {"action", e.action},
          {"resource_type", e.resource_type},
          {"resource_id", e.resource_id},
          {"before_digest", e.before_digest ? json(*e.before_digest) : json(nullptr)},
          {"after_digest", e.after_digest ? json(*e.after_digest) : json(nullptr)},
          {"request_id", e.request_id ? json(*e.request_id) : json(nullptr)},
          {"entry_hash", e.entry_hash}};
}

// The columns of GET /audit.xlsx: keys of the list item's JSON.
const std::vector<exports::Column>& audit_export_columns() {
  using exports::Type;
  static const std::vector<exports::Column> columns = {
      {"id", "序号", "Entry", Type::integer, 10},
      {"at", "时间", "At", Type::timestamp, 20},
      {"actor_user_id", "操作人编号", "Actor", Type::integer, 12},
      {"actor_organization_id", "操作人机构编号", "Actor organization", Type::integer, 14},
      {"action", "操作", "Action", Type::text, 28},
      {"resource_type", "对象类型", "Resource type", Type::text, 22},
      {"resource_id", "对象编号", "Resource id", Type::text, 14},
      {"request_id", "请求编号", "Request id", Type::text, 20},
      {"entry_hash", "条目哈希", "Entry hash", Type::text, 30}};
  return columns;
}

void add_inbox_routes(http::Router& r, db::Database& db, const Clock& clock) {
  r.get("/api/v1/notifications", [&db](Request& req) -> Result<Response> {
    MEDRISK_TRY(http::Page p, http::page_params(req));
    bool unread_only = req.query_param("unread").value_or("") == "true";
    std::int64_t uid = req.actor->user_id;
    json out = db.read([&](db::Tx& tx) {
      auto items = outbox::inbox(tx, uid, req.lang, unread_only, p.after_id, p.limit);
      json list = json::array();
      for (const auto& n : items)
        list.push_back({{"id", n.id}, {"kind", n.kind}, {"title", n.title}, {"body", n.body},
                        {"resource", n.resource.empty() ? json(nullptr) : json(n.resource)},
                        {"created_at", n.created_at}, {"read", n.read}});
      json page = http::page_json(items, list, p.limit);
      page["unread"] = outbox::unread_count(tx, uid);
      return page;
    });
    return Response::json(200, out);
  });

  r.post("/api/v1/notifications/{id}/read", [&db, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(std::int64_t id, id_param(req, "id"));
    bool found = db.write([&](db::Tx& tx) { return outbox::mark_read(tx, req.actor->user_id, id, clock.now()); });
    if (!found) return Error::of(std::string(errors::resource_not_found));
    return Response::no_content();
  }, http::Access::authenticated, http::Body::none);

  r.get("/api/v1/audit", [&db](Request& req) -> Result<Response> {
    MEDRISK_CHECK(authorize(*req.actor, "audit.read"));
    MEDRISK_TRY(http::Page p, http::page_params(req));
    MEDRISK_TRY(audit::Filter f, audit_filter(req));
    f.after_id = p.after_id;
    f.limit = p.limit;
    auto entries = db.read([&](db::Tx& tx) { return audit::list(tx, f); });
    json items = json::array();
    for (const auto& e : entries) items.push_back(audit_json(e));
    return Response::json(200, http::page_json(entries, items, p.limit));
  });
  // The audit log as an Excel workbook: the same filters and permission (platform/exports).
  r.get("/api/v1/audit.xlsx", [&db](Request& req) -> Result<Response> {
    MEDRISK_CHECK(authorize(*req.actor, "audit.read"));
    MEDRISK_TRY(audit::Filter f, audit_filter(req));
    return exports::export_list(req.lang == "en-US" ? "Audit log" : "审计日志", audit_export_columns(), req.lang,
                                "audit", kMaxAuditPage,
                                [&](std::int64_t after_id, int limit) -> Result<exports::ExportPage> {
                                  f.after_id = after_id;
                                  f.limit = limit;
                                  auto entries = db.read([&](db::Tx& tx) { return audit::list(tx, f); });
                                  exports::ExportPage page;
                                  for (const auto& e : entries) page.rows.push_back(audit_json(e));
                                  if (!entries.empty()) page.last_id = entries.back().id;
                                  return page;
                                });
  });
}

}  // namespace

std::string session_token(const Request& req) {
  std::string_view auth = req.header("authorization");
  if (auth.size() > 7 && (auth.starts_with("Bearer ") || auth.starts_with("bearer "))) return std::string(auth.substr(7));
  std::string_view cookies = req.header("cookie");
  std::string key = std::string(kSessionCookie) + "=";
  std::size_t pos = 0;
  while (pos < cookies.size()) {
    std::size_t end = cookies.find(';', pos);
    if (end == std::string_view::npos) end = cookies.size();
    std::string_view part = cookies.substr(pos, end - pos);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    if (part.starts_with(key)) return std::string(part.substr(key.size()));
    pos = end + 1;
  }
  return {};
}

void add_routes(http::Router& router, AccountsService& service, db::Database& db, const Clock& clock,
                DemoLogCodeSender* demo_sender) {
  add_auth_routes(router, service, clock, demo_sender);
  add_admin_routes(router, service, clock);
  add_inbox_routes(router, db, clock);
}

}  // namespace medrisk::accounts
