// HTTP routes for webhook subscriptions, for the platform administrator (organizations.manage):
// GET/POST /api/v1/webhooks?organization_id=…, DELETE /api/v1/webhooks/{id}.
#include <nlohmann/json.hpp>

#include "kernel/json.hpp"
#include "platform/audit/audit_log.hpp"
#include "platform/http/params.hpp"
#include "platform/http/router.hpp"
#include "platform/outbox/webhooks.hpp"

namespace medrisk::webhooks {
namespace {

using nlohmann::json;

json to_json(const Subscription& s) {
  return {{"id", s.id}, {"organization_id", s.organization_id}, {"url", s.url}, {"event_types", s.event_types},
          {"active", s.active}, {"created_at", s.created_at}};
}

Status require_admin(const http::Request& req) {
  if (!req.actor || !req.actor->has("organizations.manage")) return Error::of("permission_denied");
  return {};
}

Result<std::int64_t> positive_id(std::string_view text) {
  if (auto id = http::positive_id(text)) return *id;
  return Error::of("request_invalid").with("/organization_id", "field_wrong_type");
}

RequestContext context(const http::Request& req, const Clock& clock) {
  RequestContext ctx;
  ctx.actor = *req.actor;
  ctx.request_id = req.request_id;
  ctx.lang = req.lang;
  ctx.clock = &clock;
  return ctx;
}

}  // namespace

void add_routes(http::Router& router, db::Database& db, const crypto::KeyRing& keys, const Clock& clock) {
  router.get("/api/v1/webhooks", [&db](http::Request& req) -> Result<http::Response> {
    MEDRISK_CHECK(require_admin(req));
    MEDRISK_TRY(std::int64_t org, positive_id(req.query_param("organization_id").value_or("")));
    auto subs = db.read([&](db::Tx& tx) { return list(tx, org); });
    json items = json::array();
    for (const auto& s : subs) items.push_back(to_json(s));
    return http::Response::json(200, {{"items", items}, {"next_cursor", nullptr}});
  });

  router.post("/api/v1/webhooks", [&db, &keys, &clock](http::Request& req) -> Result<http::Response> {
    MEDRISK_CHECK(require_admin(req));
    MEDRISK_TRY(json body, req.json_body());
    JsonReader in(body);
    auto org = in.integer("organization_id", 1, INT64_MAX);
    auto url = in.string("url", kMaxUrlLength);
    std::vector<std::string> types;
    if (const json* list = in.array("event_types", 50)) {
      for (const auto& t : *list) {
        if (t.is_string() && !t.get<std::string>().empty() && t.get<std::string>().size() <= 80) types.push_back(t);
        else in.add("event_types", "field_wrong_type");
      }
    }
    in.allow_only({"organization_id", "url", "event_types"});
    MEDRISK_CHECK(in.finish());
    RequestContext ctx = context(req, clock);
    MEDRISK_TRY(Created c, db.write([&](db::Tx& tx) -> Result<Created> {
      MEDRISK_TRY(Created created, subscribe(tx, keys, clock.now(), org, url, types));
      audit::record(tx, ctx, {"webhook.subscribe", "webhook_subscription", std::to_string(created.subscription.id),
                              std::nullopt, to_json(created.subscription)});
      return created;
    }));
    json out = to_json(c.subscription);
    out["secret"] = c.secret;
    return http::Response::json(201, out);
  });

  router.del("/api/v1/webhooks/{id}", [&db, &clock](http::Request& req) -> Result<http::Response> {
    MEDRISK_CHECK(require_admin(req));
    MEDRISK_TRY(std::int64_t id, positive_id(req.param("id")));
    MEDRISK_TRY(std::int64_t org, positive_id(req.query_param("organization_id").value_or("")));
    RequestContext ctx = context(req, clock);
    bool done = db.write([&](db::Tx& tx) {
      bool ok = deactivate(tx, org, id);
      if (ok) audit::record(tx, ctx, {"webhook.unsubscribe", "webhook_subscription", std::to_string(id), std::nullopt, std::nullopt});
      return ok;
    });
    if (!done) return Error::of("resource_not_found");
    return http::Response::no_content();
  });
}

}  // namespace medrisk::webhooks
